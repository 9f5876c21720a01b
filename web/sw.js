// Grove's service worker: keeps this build's files in Cache Storage so the page opens with no network.
//
// The build (web/sw_build.mjs) copies this file next to grove.js and fills in kBuild below: a version
// made from the hashes of the app's files, and each file's SRI hash. A rebuilt app therefore ships a
// different sw.js, which the browser notices on the next visit and installs in the background.
//
// - Cache first: the app's files come from the cache 'grove-app-VERSION'; the network only when the
//   cache lost one (the browser evicted it).
// - A new version fetches all its files (checked against their hashes, so a half-deployed server is
//   never cached) and then waits: no skipWaiting, so a page never changes code under open work. It
//   takes over when no page of Grove is open any more, that is on the next visit; index.html shows
//   a notice meanwhile.
// - Only files of the app are answered here. fonts/ (the fonts of other scripts) is fetched and kept
//   by the page itself in the cache 'grove-fonts-v1' (web/grove_lib.js), which this worker never
//   deletes; every other request goes to the network untouched.
'use strict';

// Filled in by web/sw_build.mjs; the unfilled source refuses to install.
const kBuild = /* build */ {version: '', files: []} /* end build */;

const kCachePrefix = 'grove-app-';
const kCacheName = kCachePrefix + kBuild.version;
const kNames = new Set(kBuild.files.map((file) => file.name));

function urlOf(name) {
  return new URL(name, self.location).href;
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    if (!kBuild.version) throw new Error('sw.js was not prepared by the build (web/sw_build.mjs)');
    const cache = await caches.open(kCacheName);
    await Promise.all(kBuild.files.map(async ({name, integrity}) => {
      // 'no-cache': revalidate with the server (a 304 reuses what the page itself just downloaded)
      // rather than trust an HTTP cache that may still hold the previous build's file.
      const response = await fetch(new Request(urlOf(name), {cache: 'no-cache', integrity}));
      if (!response.ok) throw new Error(`${name}: the server answered ${response.status}`);
      await cache.put(urlOf(name), response);
    }));
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(kCachePrefix) && name !== kCacheName) await caches.delete(name);
    }
    // On the very first visit, serve the page that installed us from now on (nothing changes for it:
    // it already runs these files). A later version only activates once no page uses the old one.
    await self.clients.claim();
  })());
});

// The app file a request asks for ('index.html' for the app's folder itself), or null.
function appFileOf(request) {
  if (request.method !== 'GET') return null;
  const url = new URL(request.url);
  const folder = new URL('./', self.location);
  if (url.origin !== folder.origin || !url.pathname.startsWith(folder.pathname)) return null;
  const name = url.pathname.slice(folder.pathname.length) || 'index.html';
  return kNames.has(name) ? name : null;
}

self.addEventListener('fetch', (event) => {
  const name = appFileOf(event.request);
  if (!name) return;
  event.respondWith((async () => {
    const cached = await caches.match(urlOf(name), {cacheName: kCacheName});
    return cached || fetch(event.request);
  })());
});
