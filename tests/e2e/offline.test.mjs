// Offline and light to load (issue 11): the service worker (web/sw.js) keeps the app's files, so after
// one visit Grove opens with the network off; a new build waits for the next visit with a notice; and
// web/serve.mjs sends the pre-compressed files web/compress.mjs made at build time.
import assert from 'node:assert/strict';
import {cp, mkdtemp, readFile, realpath, rm, stat, utimes, writeFile} from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import zlib from 'node:zlib';

import {serve} from '../../web/serve.mjs';
import {buildServiceWorker, kAppFiles} from '../../web/sw_build.mjs';

import {openGrove, webDir} from './harness.mjs';

async function waitSaved(app) {
  await app.page.waitForFunction(() => window.groveUi.saveStatus().state === 'saved');
}

// Waits until a service worker controls the page, and returns what the app's cache holds then:
// {caches: [names], files: [paths]} (the names of grove-app-* caches, the files in the newest).
async function waitControlled(app) {
  await app.page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {timeout: 30_000});
  return app.page.evaluate(async () => {
    const names = (await caches.keys()).filter((name) => name.startsWith('grove-app-'));
    const controller = await navigator.serviceWorker.ready;
    const files = [];
    for (const name of names) {
      for (const request of await (await caches.open(name)).keys()) files.push(new URL(request.url).pathname);
    }
    return {caches: names, files: files.sort(), scope: new URL(controller.scope).pathname};
  });
}

const kOfflineErrors = (error) => !error.includes('ERR_INTERNET_DISCONNECTED');

test('the first visit downloads each file once; after it Grove opens with the network off, with its organisation', async (t) => {
  const app = await openGrove();
  t.after(() => app.close());
  await app.startOrganisation({name: 'Hillside Academy'});
  await waitSaved(app);

  const kept = await waitControlled(app);
  assert.equal(kept.caches.length, 1, `one cache of the app: ${kept.caches}`);
  assert.deepEqual(kept.files, kAppFiles.map((name) => '/' + name).sort(), 'the cache holds every file of the app');

  // The first visit fetched each file once: the worker's own copies were revalidated (304), not sent again.
  const firstVisit = app.requests.reduce((sum, request) => sum + request.bytes, 0);
  t.diagnostic(`first visit: ${app.requests.length} requests, ${(firstVisit / 1000).toFixed(1)} kB sent by the server`);
  const sent = app.requests.filter((request) => request.status === 200).map((request) => request.path);
  for (const name of kAppFiles) {
    assert.equal(sent.filter((p) => p === '/' + name).length, 1, `${name} was sent once: ${JSON.stringify(app.requests)}`);
  }

  // Chromium's own verdict on the manifest (with the service worker in place): installable.
  const cdp = await app.context.newCDPSession(app.page);
  assert.deepEqual((await cdp.send('Page.getInstallabilityErrors')).installabilityErrors, []);
  assert.equal((await cdp.send('Page.getAppId')).appId, app.url, 'the manifest\'s id is the app\'s folder');
  await cdp.detach();

  await app.context.setOffline(true);
  const probe = await app.page.evaluate(() => fetch('fonts/probe.ttf', {cache: 'no-store'}).then(
      (response) => `answered ${response.status}`, (err) => `failed: ${err.message}`));
  assert.match(probe, /^failed/, 'offline, the server cannot be reached from the page');
  const before = app.requests.length;

  await app.reload();
  await app.waitForText('Hillside Academy');  // the organisation, not the welcome screen
  assert.deepEqual(app.requests.slice(before), [], 'the reload reached the server with no request');
  assert.deepEqual(app.errors.filter(kOfflineErrors), []);
});

// One request to a server started with serve(): {status, headers, body (the bytes as sent)}.
function get(url, headers = {}) {
  return new Promise((resolve, reject) => {
    http.get(url, {headers}, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks)}));
    }).on('error', reject);
  });
}

test('serve.mjs sends grove.wasm brotli- or gzip-compressed as the client accepts, and as it is otherwise', async (t) => {
  const server = await serve({dir: webDir, port: 0});
  t.after(() => server.close());
  const original = await readFile(path.join(webDir, 'grove.wasm'));
  const brotli = await stat(path.join(webDir, 'grove.wasm.br')).catch(() => null);
  assert.ok(brotli, `${webDir}/grove.wasm.br exists (the build runs web/compress.mjs)`);

  const br = await get(server.url + 'grove.wasm', {'Accept-Encoding': 'gzip, deflate, br'});
  assert.equal(br.status, 200);
  assert.equal(br.headers['content-encoding'], 'br');
  assert.equal(br.headers['content-type'], 'application/wasm');
  assert.equal(br.headers['vary'], 'Accept-Encoding');
  assert.equal(Number(br.headers['content-length']), brotli.size);
  assert.equal(br.body.length, brotli.size);
  assert.ok(zlib.brotliDecompressSync(br.body).equals(original), 'the brotli bytes decompress to grove.wasm');

  const gz = await get(server.url + 'grove.wasm', {'Accept-Encoding': 'gzip, br;q=0'});
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.equal(gz.headers['content-type'], 'application/wasm');
  assert.ok(zlib.gunzipSync(gz.body).equals(original), 'the gzip bytes decompress to grove.wasm');

  const plain = await get(server.url + 'grove.wasm');  // no Accept-Encoding: identity
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.equal(Number(plain.headers['content-length']), original.length);
  assert.ok(plain.body.equals(original));

  for (const name of ['index.html', 'sw.js']) {
    assert.equal((await get(server.url + name)).headers['cache-control'], 'no-cache', `${name} is revalidated`);
  }
  const again = await get(server.url + 'grove.wasm', {'Accept-Encoding': 'br', 'If-None-Match': br.headers.etag});
  assert.equal(again.status, 304, 'an unchanged file is not sent again');
  assert.equal(again.body.length, 0);
});

test('serve.mjs never sends a compressed copy older than its file', async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'grove-serve-'));
  t.after(() => rm(dir, {recursive: true, force: true}));
  const text = 'var grove = "rebuilt";\n'.repeat(50);
  await writeFile(path.join(dir, 'grove.js'), text);
  await writeFile(path.join(dir, 'grove.js.br'), zlib.brotliCompressSync('var grove = "the build before";\n'));
  const hourAgo = new Date(Date.now() - 3600_000);
  await utimes(path.join(dir, 'grove.js.br'), hourAgo, hourAgo);
  const server = await serve({dir, port: 0});
  t.after(() => server.close());

  const answer = await get(server.url + 'grove.js', {'Accept-Encoding': 'br'});
  assert.equal(answer.headers['content-encoding'], undefined);
  assert.equal(answer.headers['content-type'], 'text/javascript; charset=utf-8');
  assert.equal(answer.body.toString(), text);
});

// A copy of the built app (without the script fonts) that a test may rebuild under the page's feet.
async function copyOfApp(t) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'grove-web-'));
  t.after(() => rm(dir, {recursive: true, force: true}));
  await cp(await realpath(webDir), dir, {recursive: true, filter: (source) => !['fonts', 'CMakeFiles'].includes(path.basename(source))});
  return dir;
}

test('a new build is taken on the next visit, after a notice, never under open work', async (t) => {
  const dir = await copyOfApp(t);
  const app = await openGrove({dir});
  t.after(() => app.close());
  await app.startOrganisation({name: 'Hillside Academy'});
  await waitSaved(app);
  const first = await waitControlled(app);
  const isNewBuild = () => app.page.evaluate(() => document.querySelector('meta[name="grove-test-build"]') !== null);
  const notice = () => app.page.evaluate(() => {
    const element = document.getElementById('update-notice');
    return {shown: !element.hidden, role: element.getAttribute('role'), text: element.textContent.replace(/\s+/g, ' ').trim()};
  });
  assert.equal((await notice()).shown, false, 'no notice for the version that runs');
  // A script font the page kept earlier (web/grove_lib.js's cache, not the worker's).
  await app.page.evaluate(async () =>
    (await caches.open('grove-fonts-v1')).put('fonts/Kept.ttf', new Response('font bytes')));

  // The server gets a new build: another index.html, and so another sw.js (as the build makes it).
  const index = path.join(dir, 'index.html');
  await writeFile(index, (await readFile(index, 'utf8')).replace('<head>', '<head>\n<meta name="grove-test-build">'));
  const {version} = await buildServiceWorker(dir);
  assert.ok(!first.caches.includes('grove-app-' + version), 'the new build has a new cache name');

  // A reload while the old version runs: the old page again, the new version installed beside it.
  await app.reload();
  await app.waitForText('Hillside Academy');
  await app.page.waitForFunction(() => !document.getElementById('update-notice').hidden, null, {timeout: 30_000});
  assert.deepEqual(await notice(), {shown: true, role: 'status',
    text: 'A new version of Grove is ready. It opens the next time you open Grove. OK'});
  assert.equal(await isNewBuild(), false, 'the page still runs the version it opened with');
  const waiting = await waitControlled(app);
  assert.deepEqual(waiting.caches.sort(), [...first.caches, 'grove-app-' + version].sort(), 'both versions are kept');
  await app.click('Groups');  // the open version keeps working
  await app.waitForText('No groups yet');

  await app.page.click('#update-notice button');
  assert.equal((await notice()).shown, false, 'the notice closes');

  // The next time Grove is opened, the new version runs, from its own cache, with the same data.
  await app.restartBrowser();
  await app.waitForText('Hillside Academy');
  assert.equal(await isNewBuild(), true, 'the new version opens');
  assert.equal((await notice()).shown, false, 'no notice once the new version runs');
  const next = await waitControlled(app);
  assert.deepEqual(next.caches, ['grove-app-' + version], 'the old version\'s cache is gone');
  const font = await app.page.evaluate(async () => {
    const kept = await (await caches.open('grove-fonts-v1')).match('fonts/Kept.ttf');
    return kept ? kept.text() : null;
  });
  assert.equal(font, 'font bytes', 'the fonts the page kept stay');
  assert.deepEqual(app.errors, []);
});
