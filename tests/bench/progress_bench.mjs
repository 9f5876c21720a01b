// Long work in the browser (issue 11): checking a 1 MB memberships upload and writing the membership report
// in a generated district, timed in headless Chromium with the longest gap between animation frames meanwhile
// (the longest the page went without drawing), the frames that showed the progress bar, and the main thread's busy
// time (Chromium's TaskDuration: its CPU time, near enough, whatever else loads the machine). Prints figures;
// never fails on a timing.
//
//   node tests/bench/progress_bench.mjs DB.db MEMBERSHIPS.csv
//
// DB.db: e.g. `grove_district_db DB.db --users 30000 --groups 3000 --memberships 300000`; MEMBERSHIPS.csv: rows
// of email, group (slug) and role of that district. GROVE_WEB_DIR chooses the app's build (build/wasm/web).
import {mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {openGrove, webDir} from '../e2e/harness.mjs';

const [dbFile, csvFile] = process.argv.slice(2);
if (!dbFile || !csvFile) throw new Error('usage: progress_bench.mjs DB.db MEMBERSHIPS.csv');

// The app's folder with the database beside it (links, no copies).
function servedWith(file) {
  const dir = path.join(os.tmpdir(), 'grove-progress-bench-web');
  rmSync(dir, {recursive: true, force: true});
  mkdirSync(dir);
  for (const name of readdirSync(webDir)) symlinkSync(path.join(webDir, name), path.join(dir, name));
  symlinkSync(path.resolve(file), path.join(dir, 'bench-district.db'));
  return dir;
}

// The database into IndexedDB as Grove stores it (as tests/bench/storage_bench.mjs plants it).
async function plant(app) {
  await app.page.evaluate(async () => {
    window.groveUi.holdSaves(true);
    const bytes = new Uint8Array(await (await fetch('bench-district.db')).arrayBuffer());
    const request = (r) => new Promise((resolve, reject) => {
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const done = (tx) => new Promise((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onabort = () => reject(tx.error);
    });
    const grove = await request(indexedDB.open('grove', 2));
    const kBlock = 4096;
    const kSegmentBlocks = 1024;  // 4 MiB segments, stored as Blobs (web/grove_storage.js)
    const kSegment = kBlock * kSegmentBlocks;
    for (let first = 0; first === 0 || first * kSegment < bytes.length; first += 16) {
      const tx = grove.transaction(['segments', 'blocks'], 'readwrite');
      const store = tx.objectStore('segments');
      if (first === 0) {
        store.clear();
        tx.objectStore('blocks').clear();
      }
      for (let i = first; i < first + 16 && i * kSegment < bytes.length; i++) {
        store.put(new Blob([bytes.subarray(i * kSegment, Math.min((i + 1) * kSegment, bytes.length))]), i);
      }
      await done(tx);
    }
    const meta = grove.transaction(['meta'], 'readwrite');
    meta.objectStore('meta').put({size: bytes.length, blockSize: kBlock, segmentBlocks: kSegmentBlocks, seq: 1,
      savedAt: Date.now()}, 'db');
    await done(meta);
  });
}

// The page's main thread: seconds spent in tasks so far (Chromium's Performance domain).
let cdp = null;
async function mainThreadSeconds(app) {
  if (!cdp) {
    cdp = await app.page.context().newCDPSession(app.page);
    await cdp.send('Performance.enable');
  }
  const {metrics} = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'TaskDuration').value;
}

// Starts recording the gaps between animation frames in the page.
async function watchFrames(app) {
  app.busyAtStart = await mainThreadSeconds(app);
  await app.page.evaluate(() => {
    const watch = {gaps: [], last: performance.now(), on: true, labels: new Set(), progressFrames: 0};
    window.benchWatch = watch;
    const tick = () => {
      const now = performance.now();
      watch.gaps.push(now - watch.last);
      watch.last = now;
      let progress = false;
      const snap = window.groveUi.snapshot();
      if (window.benchTrace) {
        watch.trace = watch.trace || [];
        watch.trace.push([Math.round(watch.gaps.at(-1)), snap.texts.filter((t) => /Checking|rows written|Reading|Every row is right/.test(t)).join('|').slice(0, 60)]);
      }
      for (const item of snap.items) {
        if (item.label.endsWith('progress')) {
          watch.labels.add(item.label);
          progress = true;
        }
      }
      if (progress) watch.progressFrames++;
      if (watch.on) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

async function stopFrames(app) {
  const frames = await app.page.evaluate(() => {
    const watch = window.benchWatch;
    watch.on = false;
    const gaps = watch.gaps.slice(1);
    return {frames: gaps.length, longest: Math.round(Math.max(...gaps)), over100: gaps.filter((g) => g > 100).length,
      progress: [...watch.labels], progressFrames: watch.progressFrames, trace: watch.trace};
  });
  const busyMs = Math.round(1000 * (await mainThreadSeconds(app) - app.busyAtStart));
  return {...frames, mainThreadMs: busyMs};
}

const app = await openGrove({viewport: {width: 1400, height: 900}, dir: servedWith(dbFile)});
try {
  await plant(app);
  if (process.env.GROVE_BENCH_TRACE) await app.page.addInitScript(() => { window.benchTrace = true; });
  await app.reload();
  await app.click('Import & export');
  await app.waitForText('Bring people in from a spreadsheet', {timeout: 300_000});
  await app.click('Memberships (people into groups)');

  const csv = readFileSync(csvFile);
  const chooser = app.page.waitForEvent('filechooser', {timeout: 60_000});
  await app.click('Choose a CSV file');
  await watchFrames(app);
  const checkStarted = Date.now();
  await (await chooser).setFiles({name: path.basename(csvFile), mimeType: 'text/csv', buffer: csv});
  await app.page.waitForFunction(() => window.groveUi.snapshot().texts.some(
      (t) => t.includes('Every row is right') || t.includes('problem')), null, {timeout: 600_000, polling: 200});
  const checkMs = Date.now() - checkStarted;
  const check = await stopFrames(app);
  console.log(JSON.stringify({what: 'check', bytes: csv.length, ms: checkMs, ...check}));

  await app.click('Reports');
  await app.waitForLabel('Membership report');
  const started = app.page.waitForEvent('download', {timeout: 600_000});
  await watchFrames(app);
  const reportStarted = Date.now();
  await app.click('Membership report');
  const file = await started;
  const reportMs = Date.now() - reportStarted;
  const report = await stopFrames(app);
  const bytes = readFileSync(await file.path()).length;
  console.log(JSON.stringify({what: 'report', bytes, ms: reportMs, ...report}));
} finally {
  await app.close();
}
