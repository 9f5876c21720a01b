// Offline and light to load (issue 11): the service worker (web/sw.js) keeps the app's files, so after
// one visit Grove opens with the network off; a new build waits for the next visit with a notice; and
// web/serve.mjs sends the pre-compressed files web/compress.mjs made at build time.
import assert from 'node:assert/strict';
import {cp, mkdtemp, readFile, rm, stat, utimes, writeFile} from 'node:fs/promises';
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

test('after one visit Grove opens with the network off, with its organisation', async (t) => {
  const app = await openGrove();
  t.after(() => app.close());
  await app.startOrganisation({name: 'Hillside Academy'});
  await waitSaved(app);

  const kept = await waitControlled(app);
  assert.equal(kept.caches.length, 1, `one cache of the app: ${kept.caches}`);
  assert.deepEqual(kept.files, kAppFiles.map((name) => '/' + name).sort(), 'the cache holds every file of the app');

  // The first visit fetched each file once: the worker's own copies were revalidated (304), not sent again.
  const sent = app.requests.filter((request) => request.status === 200).map((request) => request.path);
  for (const name of kAppFiles) {
    assert.equal(sent.filter((p) => p === '/' + name).length, 1, `${name} was sent once: ${JSON.stringify(app.requests)}`);
  }

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
