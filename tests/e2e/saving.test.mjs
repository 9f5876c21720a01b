// Saving in the browser: /data lives in IndexedDB, loads before main(), and saves one sync at a time.
import assert from 'node:assert/strict';
import {setTimeout as sleep} from 'node:timers/promises';
import {test} from 'node:test';

import {openGrove} from './harness.mjs';

// The page's own globals (Emscripten's FS and grove_lib.js's GroveWeb) stand in for a committed
// change until screens can make one: a file written under /data, then the save C++ would request.
async function writeAndSave(page, name, text) {
  await page.evaluate(([name, text]) => {
    FS.writeFile('/data/' + name, text);
    GroveWeb.requestSave();
  }, [name, text]);
}

async function readData(page, name) {
  return page.evaluate((name) => {
    try {
      return FS.readFile('/data/' + name, {encoding: 'utf8'});
    } catch (e) {
      return null;
    }
  }, name);
}

test('a saved change survives a reload and a browser restart; the top bar follows', async (t) => {
  const app = await openGrove();
  t.after(() => app.close());
  assert.equal((await app.saveStatus()).state, 'saved');

  await writeAndSave(app.page, 'e2e-probe.txt', 'kept');
  await app.page.waitForFunction(() => window.groveUi.saveStatus().state === 'saved');
  await app.waitForText('Saved');

  await app.reload();
  assert.equal(await readData(app.page, 'e2e-probe.txt'), 'kept');

  await app.restartBrowser();
  assert.equal(await readData(app.page, 'e2e-probe.txt'), 'kept');
  assert.deepEqual(app.errors, []);
});

test('saves never overlap: changes during a save queue exactly one more', async (t) => {
  const app = await openGrove();
  t.after(() => app.close());
  await app.page.evaluate(() => {
    window.syncs = {started: 0, running: 0, most: 0};
    const real = FS.syncfs;
    FS.syncfs = function(populate, callback) {
      if (populate) return real.call(FS, populate, callback);
      window.syncs.started++;
      window.syncs.most = Math.max(window.syncs.most, ++window.syncs.running);
      return real.call(FS, populate, (err) => {
        window.syncs.running--;
        callback(err);
      });
    };
  });

  // Five commits in one burst (one task), as a bulk action would make them.
  const during = await app.page.evaluate(() => {
    for (let i = 0; i < 5; i++) {
      FS.writeFile(`/data/burst-${i}.txt`, String(i));
      GroveWeb.requestSave();
    }
    return window.groveUi.saveStatus().state;  // IndexedDB answers later, never within this task
  });
  assert.equal(during, 'saving');
  await app.page.waitForFunction(() => window.groveUi.saveStatus().state === 'saved');

  const syncs = await app.page.evaluate(() => window.syncs);
  assert.equal(syncs.most, 1, 'one sync at a time');
  assert.equal(syncs.started, 2, 'the first change starts one; the four during it queue one');
  await app.reload();
  assert.equal(await readData(app.page, 'burst-4.txt'), '4');
});

test('an idle page draws nothing', async (t) => {
  const app = await openGrove();
  t.after(() => app.close());
  await app.startOrganisation();
  await app.click('People');  // after input the app draws a few frames, then stops

  const before = await app.page.evaluate(() => window.groveUi.ticks());
  await sleep(1500);
  const after = await app.page.evaluate(() => window.groveUi.ticks());
  assert.equal(after, before, 'no animation frame ran while nothing happened');

  await app.page.mouse.move(600, 400);
  await app.page.waitForFunction((before) => window.groveUi.ticks() > before, after);
});
