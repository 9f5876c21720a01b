// Long work in the browser (issue 11): checking a 1 MB memberships upload and writing the membership report
// in a generated district, timed in headless Chromium with the longest gap between animation frames meanwhile
// (the longest the page went without drawing), the frames that showed the progress bar, the main thread's busy
// time (Chromium's TaskDuration: wall time in tasks, which grows when other programs load the machine), its CPU
// time (mainThreadCpuMs: ThreadTime) and the renderer process's (processCpuMs, workers included), and the part of it
// spent in the app's frames (appMs: grove_web_tick, the work and the drawing; the rest is mostly the browser
// presenting each frame, which headless Chromium's software WebGL makes costly). Prints figures; never fails on a
// timing. GROVE_BENCH_TRACE=1 adds each frame's gap, its time in grove_web_tick and in the bench's snapshot, and
// the progress text; GROVE_BENCH_PROFILE=1 prints where Chromium's sampling profiler found the main thread;
// GROVE_BENCH_VIEWPORT=WxH sets the window (1400x900).
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
  for (const name of readdirSync(webDir)) symlinkSync(path.resolve(webDir, name), path.join(dir, name));
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

// CPU seconds so far: the page's main thread (ThreadTime) and its whole renderer process, workers included
// (ProcessTime). Unlike TaskDuration (wall time), these do not grow when other programs load the machine.
async function cpuSeconds() {
  const {metrics} = await cdp.send('Performance.getMetrics');
  const value = (name) => metrics.find((m) => m.name === name)?.value ?? NaN;
  return {thread: value('ThreadTime'), process: value('ProcessTime')};
}

// Starts recording the gaps between animation frames in the page.
async function watchFrames(app) {
  app.busyAtStart = await mainThreadSeconds(app);
  app.cpuAtStart = await cpuSeconds();
  if (process.env.GROVE_BENCH_PROFILE) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', {interval: 200});
    await cdp.send('Profiler.start');
  }
  await app.page.evaluate(() => {
    const watch = {gaps: [], last: performance.now(), on: true, labels: new Set(), progressFrames: 0, tickMs: 0,
      appMs: 0};
    window.benchWatch = watch;
    if (!window.Module.benchWrapped) {
      // The app's own share of each frame: the time in grove_web_tick.
      const tickOf = window.Module._grove_web_tick;
      window.Module._grove_web_tick = () => {
        const t0 = performance.now();
        const more = tickOf();
        window.benchWatch.tickMs += performance.now() - t0;
        window.benchWatch.appMs += performance.now() - t0;
        return more;
      };
      window.Module.benchWrapped = true;
    }
    const tick = () => {
      const now = performance.now();
      watch.gaps.push(now - watch.last);
      watch.last = now;
      let progress = false;
      const t0 = performance.now();
      const snap = window.groveUi.snapshot();
      if (window.benchTrace) {
        watch.trace = watch.trace || [];
        watch.trace.push([Math.round(watch.gaps.at(-1)), Math.round(watch.tickMs), Math.round(performance.now() - t0), snap.texts.filter((t) => /Checking|rows written|Reading|Every row is right/.test(t)).join('|').slice(0, 60)]);
      }
      for (const item of snap.items) {
        if (item.label.endsWith('progress')) {
          watch.labels.add(item.label);
          progress = true;
        }
      }
      if (progress) watch.progressFrames++;
      watch.tickMs = 0;
      if (watch.on) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

// GROVE_BENCH_PROFILE=1: the functions that took the most of the span's samples (self time), and the largest
// totals (self and what they called), from Chromium's sampling profiler.
function printProfile(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
  const self = new Map();
  const total = new Map();
  const dt = profile.timeDeltas;
  profile.samples.forEach((id, i) => {
    const ms = (dt[i + 1] ?? 0) / 1000;
    const name = (n) => n.callFrame.functionName || `(${n.callFrame.url.split('/').pop()})`;
    const first = byId.get(id);
    self.set(name(first), (self.get(name(first)) || 0) + ms);
    const seen = new Set();
    for (let n = first; n; n = byId.get(parent.get(n.id))) {
      const k = name(n);
      if (seen.has(k)) continue;
      seen.add(k);
      total.set(k, (total.get(k) || 0) + ms);
    }
  });
  const top = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${Math.round(v)} ${k}`);
  console.log('self ms:\n  ' + top(self).join('\n  '));
  console.log('total ms:\n  ' + top(total).join('\n  '));
}

async function stopFrames(app) {
  const frames = await app.page.evaluate(() => {
    const watch = window.benchWatch;
    watch.on = false;
    const gaps = watch.gaps.slice(1);
    return {frames: gaps.length, longest: Math.round(Math.max(...gaps)), over100: gaps.filter((g) => g > 100).length,
      progress: [...watch.labels], progressFrames: watch.progressFrames, appMs: Math.round(watch.appMs),
      trace: watch.trace};
  });
  const busyMs = Math.round(1000 * (await mainThreadSeconds(app) - app.busyAtStart));
  const cpu = await cpuSeconds();
  const mainThreadCpuMs = Math.round(1000 * (cpu.thread - app.cpuAtStart.thread));
  const processCpuMs = Math.round(1000 * (cpu.process - app.cpuAtStart.process));
  if (process.env.GROVE_BENCH_PROFILE) printProfile((await cdp.send('Profiler.stop')).profile);
  return {...frames, mainThreadMs: busyMs, mainThreadCpuMs, processCpuMs};
}

const [vw, vh] = (process.env.GROVE_BENCH_VIEWPORT || '1400x900').split('x').map(Number);
const app = await openGrove({viewport: {width: vw, height: vh}, dir: servedWith(dbFile)});
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
  // By its path, as a person picks a file: Chromium reads it from disk when the page asks. (Handed over as a
  // buffer, Playwright rebuilds it inside the page first: 400-900 ms of the page's time that is not Grove's.)
  await (await chooser).setFiles(path.resolve(csvFile));
  // The result: "Every row is right", or "N problems in FILE" (the page's description also says "problem").
  await app.page.waitForFunction(() => window.groveUi.snapshot().texts.some(
      (t) => t.includes('Every row is right') || /\d problems? in /.test(t)), null, {timeout: 600_000, polling: 200});
  const checkMs = Date.now() - checkStarted;
  const check = await stopFrames(app);
  console.log(JSON.stringify({what: 'check', bytes: csv.length, ms: checkMs, ...check}));

  await app.click('Reports');
  await app.waitForLabel('Membership report');
  const started = app.page.waitForEvent('download', {timeout: 600_000});
  // From the press, as a person clicks: the pointer is on the button and the page idle first (app.click would
  // also time the harness moving the pointer there and waiting for the frames after, about 250 ms).
  const button = await app.waitForLabel('Membership report');
  await app.page.mouse.move(button.x + button.w / 2, button.y + button.h / 2);
  await app.settle();
  await watchFrames(app);
  const reportStarted = Date.now();
  await app.page.mouse.down();
  await app.page.mouse.up();
  const file = await started;
  const reportMs = Date.now() - reportStarted;
  const report = await stopFrames(app);
  const bytes = readFileSync(await file.path()).length;
  console.log(JSON.stringify({what: 'report', bytes, ms: reportMs, ...report}));
} finally {
  await app.close();
}
