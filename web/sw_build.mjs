#!/usr/bin/env node
// Writes DIR/sw.js from web/sw.js with this build's version and the SRI hash of each app file.
//   node web/sw_build.mjs build/wasm/web          (web/CMakeLists.txt runs it after grove_web links)
// The version is a hash of the app's files and of web/sw.js itself, so any rebuild that changes what
// the browser runs gives the service worker a new cache name, and nothing else does.
import {createHash} from 'node:crypto';
import {readFile, rename, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

// What the page needs to start, all kept by the service worker: the page, the code, the preloaded
// fonts (grove.data), and what index.html links (icon, manifest, and the manifest's icons).
export const kAppFiles = [
  'index.html',
  'grove.js',
  'grove.wasm',
  'grove.data',
  'manifest.webmanifest',
  'icon.svg',
  'icon-192.png',
  'icon-512.png',
];

const kBuildPattern = /\/\* build \*\/.*\/\* end build \*\//;

export async function buildServiceWorker(dir) {
  const source = await readFile(path.join(here, 'sw.js'), 'utf8');
  if (!kBuildPattern.test(source)) throw new Error('web/sw.js has no /* build */ ... /* end build */ line');
  const version = createHash('sha256').update(source);
  const files = [];
  for (const name of kAppFiles) {
    const bytes = await readFile(path.join(dir, name));
    const digest = createHash('sha384').update(bytes).digest('base64');
    files.push({name, integrity: `sha384-${digest}`});
    version.update(name).update('\0').update(digest);
  }
  const build = {version: version.digest('hex').slice(0, 16), files};
  const text = source.replace(kBuildPattern, () => JSON.stringify(build));
  const target = path.join(dir, 'sw.js');
  await writeFile(target + '.tmp', text);
  await rename(target + '.tmp', target);  // a server never sends half of it
  return build;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  if (process.argv.length !== 3) {
    console.error('usage: node web/sw_build.mjs DIR');
    process.exit(2);
  }
  try {
    const {version} = await buildServiceWorker(path.resolve(process.argv[2]));
    console.log(`sw.js: version ${version} (cache grove-app-${version})`);
  } catch (err) {
    console.error(`sw_build.mjs: ${err.message}`);
    process.exit(1);
  }
}
