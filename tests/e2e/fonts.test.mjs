// Fonts for other scripts in Chromium (issue 16): Platform::fetch_font downloads fonts/NAME next to the
// page only when asked, keeps it in Cache Storage, hands it over again offline, and answers a font
// that cannot be had with a sentence naming it. The first visit downloads no such font.
import assert from 'node:assert/strict';
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {test} from 'node:test';

import {openGrove, webDir} from './harness.mjs';

const kFont = 'GroveTestScript-Regular.ttf';

async function fetchFont(app, name) {
  await app.page.evaluate((name) => window.groveUi.fetchFont(name), name);
  const handle = await app.page.waitForFunction((name) => window.groveUi.fetchedFont(name), name, {timeout: 10_000});
  return handle.jsonValue();
}

test('a script font is fetched when asked, kept for offline use, and a missing one is explained', async (t) => {
  // Any font's bytes will do: the page serves them under a script font's name.
  const bytes = await readFile(path.join(webDir, '..', 'fonts', 'fontawesome-webfont.ttf'));
  const app = await openGrove();
  t.after(() => app.close());
  const fontRequests = [];
  app.page.on('request', (request) => {
    if (new URL(request.url()).pathname.startsWith('/fonts/')) fontRequests.push(request.url());
  });
  await app.page.route(`**/fonts/${kFont}`, (route) =>
    route.fulfill({status: 200, contentType: 'font/ttf', body: bytes}));
  await app.waitForText('Welcome to Grove');
  assert.deepEqual(fontRequests, [], 'opening the app fetches no script font');

  assert.deepEqual(await fetchFont(app, kFont), {size: bytes.length, error: ''});
  assert.equal(fontRequests.length, 1);
  const cached = await app.page.evaluate(async (name) => {
    const response = await (await caches.open('grove-fonts-v1')).match('fonts/' + name);
    return response ? (await response.arrayBuffer()).byteLength : 0;
  }, kFont);
  assert.equal(cached, bytes.length, 'the font is kept in Cache Storage');

  // Offline, after a reload: from the cache, without a request.
  await app.reload();
  await app.context.setOffline(true);
  assert.deepEqual(await fetchFont(app, kFont), {size: bytes.length, error: ''});
  assert.equal(fontRequests.length, 1, 'the cached font is not downloaded again');

  // A font not stored here and the network gone; then one the server does not have.
  assert.deepEqual(await fetchFont(app, 'NotoSansNowhere-Regular.ttf'), {
    size: 0,
    error: 'The font NotoSansNowhere-Regular.ttf could not be downloaded (Failed to fetch): this browser is ' +
        'offline or the server cannot be reached, and the font was not stored here before.',
  });
  await app.context.setOffline(false);
  assert.deepEqual(await fetchFont(app, 'NotoSansNowhere-Regular.ttf'), {
    size: 0,
    error: 'The font NotoSansNowhere-Regular.ttf could not be downloaded (the server answered 404 Not Found).',
  });
  const stillMissing = await app.page.evaluate(async () =>
    !(await (await caches.open('grove-fonts-v1')).match('fonts/NotoSansNowhere-Regular.ttf')));
  assert.ok(stillMissing, 'an error answer is not cached');
  assert.deepEqual(app.errors.filter((e) => !e.includes('404') && !e.includes('ERR_INTERNET_DISCONNECTED')), []);
});
