#!/usr/bin/env node
// Writes FILE.br (brotli, quality 11) and FILE.gz (gzip -9) next to each compressible file in DIR, for
// web/serve.mjs or any static host that serves pre-compressed files, and prints what a first visit
// downloads compressed.
//   node web/compress.mjs build/wasm/web          (web/CMakeLists.txt runs it after grove_web links)
// A file whose .br and .gz are newer than it is skipped, so a rebuild compresses only what changed.
// Where compressing saves nothing (PNG), no copy is kept and the file is sent as it is.
import {createReadStream, createWriteStream} from 'node:fs';
import {readdir, rename, rm, stat} from 'node:fs/promises';
import path from 'node:path';
import {pipeline} from 'node:stream/promises';
import {fileURLToPath, pathToFileURL} from 'node:url';
import zlib from 'node:zlib';

import {kAppFiles} from './sw_build.mjs';

const kCompressible = new Set(['.html', '.js', '.mjs', '.wasm', '.data', '.json', '.webmanifest', '.svg', '.css',
  '.ttf', '.otf', '.txt', '.map']);

const kEncodings = [
  {suffix: '.br', name: 'brotli', make: (size) => zlib.createBrotliCompress({params: {
    [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
    [zlib.constants.BROTLI_PARAM_SIZE_HINT]: size,
  }})},
  {suffix: '.gz', name: 'gzip', make: () => zlib.createGzip({level: 9})},
];

async function sizeOrNull(file) {
  try {
    return await stat(file);
  } catch {
    return null;
  }
}

async function listFiles(dir) {
  const files = [];
  for (const entry of await readdir(dir, {withFileTypes: true})) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'CMakeFiles') files.push(...await listFiles(file));
    } else if (entry.isFile() && kCompressible.has(path.extname(entry.name).toLowerCase())) {
      files.push(file);
    }
  }
  return files;
}

// Makes file+suffix unless it is up to date; drops it when it is no smaller than the file.
async function compressOne(file, info, {suffix, make}) {
  const target = file + suffix;
  const existing = await sizeOrNull(target);
  if (existing && existing.mtimeMs >= info.mtimeMs) return;
  const temporary = target + '.tmp';
  await pipeline(createReadStream(file), make(info.size), createWriteStream(temporary));
  if ((await stat(temporary)).size >= info.size) {
    await rm(temporary);
    await rm(target, {force: true});
  } else {
    await rename(temporary, target);  // a server never sends half of it
  }
}

export async function compressDir(dir) {
  const files = await listFiles(dir);
  // zlib compresses on libuv's thread pool: the files run side by side on the machine's cores.
  await Promise.all(files.map(async (file) => {
    const info = await stat(file);
    await Promise.all(kEncodings.map((encoding) => compressOne(file, info, encoding)));
  }));
}

// Bytes of the first visit: what index.html loads at start, plus sw.js, each as the smallest form a
// client accepting `suffix` gets.
export async function firstVisit(dir) {
  const rows = [];
  for (const name of [...kAppFiles, 'sw.js']) {
    const info = await sizeOrNull(path.join(dir, name));
    if (!info) continue;
    const row = {name, size: info.size};
    for (const {suffix} of kEncodings) row[suffix] = (await sizeOrNull(path.join(dir, name + suffix)))?.size ?? info.size;
    rows.push(row);
  }
  return rows;
}

const kb = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  if (process.argv.length !== 3) {
    console.error('usage: node web/compress.mjs DIR');
    process.exit(2);
  }
  const dir = path.resolve(process.argv[2]);
  try {
    await compressDir(dir);
    const rows = await firstVisit(dir);
    const total = (key) => rows.reduce((sum, row) => sum + row[key], 0);
    console.log('First visit, compressed (file: brotli / gzip / uncompressed):');
    for (const row of rows) console.log(`  ${row.name}: ${kb(row['.br'])} / ${kb(row['.gz'])} / ${kb(row.size)}`);
    console.log(`First visit total: ${kb(total('.br'))} with brotli, ${kb(total('.gz'))} with gzip ` +
        `(${kb(total('size'))} uncompressed)`);
  } catch (err) {
    console.error(`compress.mjs: ${err.message}`);
    process.exit(1);
  }
}
