// The browser's storage benchmark (issue 11): what a change costs to store at 3, 35 and 200 MB, beside the
// whole-file save that IDBFS made (one put of the entire database, measured in the same page and run),
// and how long the page takes to open. Headless Chromium, the wasm build; prints figures, never fails on a
// timing.
//
//   node tests/bench/storage_bench.mjs [--sizes 3,35,200] [--runs 3]
//
// Needs build/wasm/web (the app) and build/native/tests/bench/grove_district_db (makes the databases,
// cached in $TMPDIR/grove-storage-bench-<size>.db). For each size it plants the generated database in
// IndexedDB's block layout, reloads, and through the UI: (a) creates a group, (b) uploads 100 members
// into it, (c) uploads 5,000 new people into it; each with the bytes written, the blocks, the main-thread
// milliseconds (copying the blocks out and handing them to the writer) and the milliseconds until IndexedDB
// reported the transaction complete.
import {execFileSync} from 'node:child_process';
import {existsSync, mkdirSync, readdirSync, rmSync, symlinkSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {openGrove, repoRoot, webDir} from '../e2e/harness.mjs';

// The demo district (about 3 MB), and generated districts of about 35 and 200 MB.
const kSizes = {
  3: ['--demo'],
  35: ['--users', '14000', '--groups', '1400', '--memberships', '140000'],
  200: ['--users', '100000', '--groups', '10000', '--memberships', '1000000'],  // F39's district
};

function option(name, fallback) {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : fallback;
}

const sizes = option('--sizes', '3,35,200').split(',').map(Number);
const runs = Number(option('--runs', '3'));
const generator = process.env.GROVE_DISTRICT_DB ||
    path.join(repoRoot, 'build', 'native', 'tests', 'bench', 'grove_district_db');

function databaseFor(size) {
  const file = path.join(os.tmpdir(), `grove-storage-bench-${size}.db`);
  if (!existsSync(file)) {
    execFileSync(generator, [file, ...kSizes[size]], {stdio: 'inherit'});
  }
  return file;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function waitSaved(app) {
  await app.page.waitForFunction(() => window.groveUi.saveStatus().state === 'saved', null, {timeout: 600_000});
}

async function chooseFile(app, label, name, content) {
  const chooser = app.page.waitForEvent('filechooser', {timeout: 60_000});
  await app.click(label);
  await (await chooser).setFiles({name, mimeType: 'text/csv', buffer: Buffer.from(content)});
  await app.settle();
}

function membersCsv(prefix, count) {
  const rows = ['Email,First Name,Last Name,Group,Role'];
  for (let i = 1; i <= count; i++) rows.push(`${prefix}${i}@bench.example,Bench,Person ${prefix}${i},Bench group,`);
  return rows.join('\r\n') + '\r\n';
}

// The change just made: what its write cost (the stats of the last write once everything is stored).
async function lastWrite(app) {
  await waitSaved(app);
  return app.page.evaluate(() => window.groveUi.storageStats());
}

async function upload(app, name, csv) {
  await app.click('Import & export');
  await app.waitForText('Bring people in from a spreadsheet', {timeout: 300_000});
  await chooseFile(app, 'Choose a CSV file', name, csv);
  await app.waitForText('Every row is right', {timeout: 600_000});
  await app.click('Apply the upload');
  await app.waitForText(`${name}: Added`, {timeout: 600_000});
  return lastWrite(app);
}

// The app's folder with the database beside it as bench-district.db (links, no copies): the page fetches it
// from the same server (a file of hundreds of megabytes is too much for Playwright's request routing).
function servedWith(file) {
  const dir = path.join(os.tmpdir(), 'grove-storage-bench-web');
  rmSync(dir, {recursive: true, force: true});
  mkdirSync(dir);
  for (const name of readdirSync(webDir)) symlinkSync(path.join(webDir, name), path.join(dir, name));
  symlinkSync(file, path.join(dir, 'bench-district.db'));
  return dir;
}

// In the page: the database file into IndexedDB's block layout (as Grove stores it), and the whole-file
// save and read that IDBFS made, timed `runs` times into a scratch database.
async function plant(app, runs) {
  return app.page.evaluate(async (runs) => {
    window.groveUi.holdSaves(true);  // the page's own Grove writes nothing meanwhile (it is reloaded after)
    const bytes = new Uint8Array(await (await fetch('bench-district.db')).arrayBuffer());
    const request = (r) => new Promise((resolve, reject) => {
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const done = (tx) => new Promise((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onabort = () => reject(tx.error);
    });
    // As Grove stores a database it moved in: 4 MiB segments (Blobs) of 4 KiB blocks, no blocks over them.
    const grove = await request(indexedDB.open('grove', 2));
    const kBlock = 4096;
    const kSegmentBlocks = 1024;
    const kSegment = kBlock * kSegmentBlocks;
    const perTx = 4;
    for (let first = 0; first === 0 || first * kSegment < bytes.length; first += perTx) {
      const tx = grove.transaction(['segments', 'blocks'], 'readwrite');
      const store = tx.objectStore('segments');
      if (first === 0) {
        store.clear();
        tx.objectStore('blocks').clear();
      }
      for (let i = first; i < first + perTx && i * kSegment < bytes.length; i++) {
        store.put(new Blob([bytes.subarray(i * kSegment, Math.min((i + 1) * kSegment, bytes.length))]), i);
      }
      await done(tx);
    }
    const meta = grove.transaction(['meta'], 'readwrite');
    meta.objectStore('meta').put({size: bytes.length, blockSize: kBlock, segmentBlocks: kSegmentBlocks, seq: 1,
      savedAt: Date.now()}, 'db');
    await done(meta);

    // IDBFS's save: the whole file in one put, one transaction; its open: the whole file in one get.
    const scratch = await new Promise((resolve, reject) => {
      const r = indexedDB.open('bench-whole-file', 1);
      r.onupgradeneeded = () => r.result.createObjectStore('files');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const whole = {mainMs: [], totalMs: [], readMs: []};
    for (let run = 0; run < runs; run++) {
      const started = performance.now();
      const tx = scratch.transaction(['files'], 'readwrite', {durability: 'strict'});
      tx.objectStore('files').put({timestamp: new Date(), mode: 33188, contents: bytes}, '/data/grove.db');
      whole.mainMs.push(performance.now() - started);
      await done(tx);
      whole.totalMs.push(performance.now() - started);
      const readStarted = performance.now();
      await request(scratch.transaction(['files']).objectStore('files').get('/data/grove.db'));
      whole.readMs.push(performance.now() - readStarted);
    }
    scratch.close();
    await request(indexedDB.deleteDatabase('bench-whole-file')).catch(() => {});
    return {bytes: bytes.length, whole};
  }, runs);
}

async function memory(app) {
  return app.page.evaluate(() => ({
    wasmMb: wasmMemory.buffer.byteLength / 1e6,
    jsMb: performance.memory ? performance.memory.usedJSHeapSize / 1e6 : NaN,
  }));
}

const rows = [];
for (const size of sizes) {
  const file = databaseFor(size);
  const app = await openGrove({viewport: {width: 1400, height: 900}, dir: servedWith(file)});
  try {
    const planted = await plant(app, runs);
    const opens = [];
    for (let run = 0; run < runs; run++) {
      await app.reload();
      opens.push(await app.page.evaluate(() => ({...window.groveUi.timings(),
        read: window.groveUi.storageStats().openMs, place: window.groveUi.storageStats().placeMs})));
    }
    const open = {main: median(opens.map((o) => o.main)), firstFrame: median(opens.map((o) => o.firstFrame)),
      ready: median(opens.map((o) => o.ready)), read: median(opens.map((o) => o.read)),
      place: median(opens.map((o) => o.place))};
    const afterOpen = await memory(app);

    await app.click('Groups');
    await app.waitForLabel('New group', {timeout: 300_000});
    await app.click('New group');
    await app.waitForLabel('Create group', {timeout: 60_000});
    await app.type('Bench group');
    await app.click('Create group');
    await app.waitForText('Created the group Bench group.', {timeout: 60_000});
    const group = await lastWrite(app);
    const hundred = await upload(app, 'hundred.csv', membersCsv('h', 100));
    const fiveThousand = await upload(app, 'five-thousand.csv', membersCsv('f', 5000));
    const afterChanges = await memory(app);
    const row = {size, bytes: planted.bytes, whole: planted.whole, open, group, hundred, fiveThousand, afterOpen,
      afterChanges};
    console.log(JSON.stringify(row));
    rows.push(row);
  } finally {
    await app.close();
  }
}

const mb = (bytes) => (bytes / 1e6).toFixed(1);
const kib = (bytes) => (bytes / 1024).toFixed(0);
const ms = (value) => value.toFixed(1);
console.log(`\nStorage benchmark: headless Chromium, ${os.cpus().length} cores (${os.cpus()[0].model}), ` +
    `median of ${runs} for the whole-file save and the opening`);
console.log('\n| database | change | written (KiB) | blocks | IndexedDB records | main thread (ms) | ' +
    'until stored (ms) | whole-file save: main thread / until stored (ms) | main thread, whole file / this |');
console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|');
for (const row of rows) {
  const wholeMain = median(row.whole.mainMs);
  const wholeTotal = median(row.whole.totalMs);
  for (const [name, stats] of [['create a group', row.group], ['upload 100 members', row.hundred],
    ['upload 5,000 people', row.fiveThousand]]) {
    // (records: a Grove from before they were gathered by segment put one per block)
    const records = stats.lastRecords === undefined ? stats.lastBlocks : stats.lastRecords;
    console.log(`| ${mb(row.bytes)} MB | ${name} | ${kib(stats.lastBytes)} | ${stats.lastBlocks} | ${records} | ` +
        `${ms(stats.lastMainMs)}${stats.lastCopyMs === undefined ? '' : ` (copy ${ms(stats.lastCopyMs)})`} | ${ms(stats.lastMs)} | ${ms(wholeMain)} / ${ms(wholeTotal)} | ` +
        `${(wholeMain / stats.lastMainMs).toFixed(0)}x |`);
  }
}
console.log('\n| database | code loaded: main() (ms after navigation) | first frame | data ready | ' +
    'stored data read (ms) | of which copying into wasm memory | whole file read, IDBFS (ms) | ' +
    'wasm heap after opening / after the changes (MB) | JS heap (MB) |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const row of rows) {
  console.log(`| ${mb(row.bytes)} MB | ${ms(row.open.main)} | ${ms(row.open.firstFrame)} | ${ms(row.open.ready)} | ` +
      `${ms(row.open.read)} | ${ms(row.open.place)} | ` +
      `${ms(median(row.whole.readMs))} | ${row.afterOpen.wasmMb.toFixed(0)} / ${row.afterChanges.wasmMb.toFixed(0)} | ` +
      `${row.afterChanges.jsMb.toFixed(0)} |`);
}
