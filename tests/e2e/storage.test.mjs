// Page-level saving (web/grove_storage.js over core/storage/block_vfs.h): a change writes what it changed,
// the IDBFS layout of earlier versions moves over, two tabs never overwrite each other, a full disk says
// so and loses nothing, leaving while saving warns and is told on the next open, and a browser killed in
// the middle of a burst of changes reopens to a sound database holding a prefix of them.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {openGrove, storageWriterOf} from './harness.mjs';

async function waitSaved(app) {
  await app.page.waitForFunction(() => window.groveUi.saveStatus().state === 'saved');
}

async function createGroup(app, name) {
  await app.click('New group');
  await app.waitForLabel('Create group');
  await app.type(name);
  await app.click('Create group');
  await app.waitForText(`Created the group ${name}.`);
}

async function groupsInGroveOf(app) {
  return (await app.page.evaluate(() => window.groveUi.check())).groups;
}

test('a change writes only the blocks it changed, in one transaction, and reopens from them', async (t) => {
  const app = await openGrove();
  t.after(() => app.close());
  await app.startOrganisation({demo: true});
  await waitSaved(app);
  // The worker hands over an 8 MiB buffer it has written once, for the page's copies (warmBuffer).
  await app.page.waitForFunction(() => window.groveUi.storageStats().warmBytes === 8 * 1024 * 1024);
  // The demo's writes leave blocks over the segments, which compaction rewrites when idle, holding kept
  // buffers meanwhile: everything is compacted first, so nothing else writes until the change is stored.
  await app.page.waitForFunction(() => {
    const ui = window.groveUi;
    if (ui.storageStats().busy || ui.storageStats().writing) return false;
    return !ui.compactStorage() && !ui.storageStats().writing;
  }, null, {polling: 100});
  const opened = await app.page.evaluate(() => window.groveUi.storageStats());
  await app.click('Groups');
  await createGroup(app, 'Robotics club');
  await waitSaved(app);
  const stats = await app.page.evaluate(() => window.groveUi.storageStats());
  assert.equal(stats.saves, opened.saves + 1, 'one write for the one change');
  assert.equal(stats.lastFreshBytes, 0, 'the copy went into a buffer kept');
  assert.equal(stats.spareBytes, opened.spareBytes, 'which came back');
  assert.ok(stats.lastBytes > 0 && stats.lastBytes < 256 * 1024, `wrote ${stats.lastBytes} bytes`);
  assert.equal(stats.seq, stats.savedSeq);
  assert.ok(stats.writerInWorker, 'the writes run in a worker, off the main thread');

  await app.reload();
  const check = await app.page.evaluate(() => window.groveUi.check());
  assert.equal(check.integrity, 'ok');
  assert.ok(check.groups.includes('Robotics club'));
  assert.deepEqual(app.errors, []);
});

// The keys and kinds of the records over the segments: 'block' (an earlier Grove's, key: the block's index)
// or 'write' (key [segment, seq], one per segment a write changed).
async function recordsOver(app) {
  return app.page.evaluate(() => new Promise((resolve, reject) => {
    const request = indexedDB.open('grove');
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const keys = request.result.transaction('blocks', 'readonly').objectStore('blocks').getAllKeys();
      keys.onsuccess = () => {
        request.result.close();
        resolve(keys.result.map((key) => ({kind: typeof key === 'number' ? 'block' : 'write', key})));
      };
    };
  }));
}

test('records over a segment are laid in the order written, an earlier Grove\'s blocks first, until compacted',
    async (t) => {
      const app = await openGrove();
      t.after(() => app.close());
      await app.startOrganisation();
      await app.click('Groups');
      await createGroup(app, 'First');
      await waitSaved(app);

      // What an earlier Grove would have stored: every block over the segments in a record of its own
      // (the newest copy of each), and no records of today's form.
      await app.page.evaluate(() => new Promise((resolve, reject) => {
        const request = indexedDB.open('grove');
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const tx = request.result.transaction('blocks', 'readwrite');
          const store = tx.objectStore('blocks');
          const keys = store.getAllKeys();
          const values = store.getAll();
          values.onsuccess = async () => {
            const newest = new Map();
            for (let i = 0; i < keys.result.length; i++) {
              if (typeof keys.result[i] === 'number') continue;
              const {indexes, lengths, data} = values.result[i];
              // (Blob reads finish after this transaction: the copies are written in a second one)
              const buffer = data instanceof Blob ? await data.arrayBuffer() : data;
              let at = 0;
              indexes.forEach((index, k) => {
                newest.set(index, buffer.slice(at, at + lengths[k]));
                at += lengths[k];
              });
            }
            const write = request.result.transaction('blocks', 'readwrite');
            write.objectStore('blocks').clear();
            newest.forEach((bytes, index) => write.objectStore('blocks').put(bytes, index));
            write.oncomplete = () => {
              request.result.close();
              resolve();
            };
            write.onerror = () => reject(write.error);
          };
        };
      }));
      assert.ok((await recordsOver(app)).every((record) => record.kind === 'block'));
      await app.reload();
      assert.deepEqual(await groupsInGroveOf(app), ['First']);

      // Two changes, each a write: their records lie over the earlier Grove's blocks and over each other
      // (every commit changes the file's first page, so segment 0 has one from each).
      await app.click('Groups');
      await createGroup(app, 'Second');
      await waitSaved(app);
      await createGroup(app, 'Third');
      await waitSaved(app);
      const over = await recordsOver(app);
      assert.ok(over.some((record) => record.kind === 'block'));
      const firstSegment = over.filter((record) => record.kind === 'write' && record.key[0] === 0);
      assert.equal(firstSegment.length, 2, JSON.stringify(over));

      await app.reload();
      let check = await app.page.evaluate(() => window.groveUi.check());
      assert.equal(check.integrity, 'ok');
      assert.deepEqual(check.groups, ['First', 'Second', 'Third']);

      // Compacting writes those segments from memory and removes both kinds of record over them.
      const before = (await app.page.evaluate(() => window.groveUi.storageStats())).compactions;
      assert.ok(await app.page.evaluate(() => window.groveUi.compactStorage()), 'a compaction started');
      await app.page.waitForFunction((n) => window.groveUi.storageStats().compactions > n, before);
      assert.deepEqual(await recordsOver(app), []);
      await app.reload();
      check = await app.page.evaluate(() => window.groveUi.check());
      assert.equal(check.integrity, 'ok');
      assert.deepEqual(check.groups, ['First', 'Second', 'Third']);
      assert.deepEqual(app.errors, []);
    });

test('where no worker can start, the page runs the writes itself, and they are stored as well', async (t) => {
  const app = await openGrove();
  t.after(() => app.close());
  await app.startOrganisation();
  await waitSaved(app);
  await app.page.addInitScript(() => {
    window.Worker = function() { throw new DOMException('Workers are not allowed here.', 'SecurityError'); };
  });
  await app.reload();
  await app.click('Groups');
  await createGroup(app, 'Stored by the page');
  await waitSaved(app);
  await createGroup(app, 'Also by the page');
  await waitSaved(app);
  const stats = await app.page.evaluate(() => window.groveUi.storageStats());
  assert.ok(stats.writerStarted && !stats.writerInWorker, JSON.stringify(stats));
  assert.ok(stats.lastBytes > 0 && stats.lastBytes < 256 * 1024, `wrote ${stats.lastBytes} bytes`);
  await app.reload();
  const check = await app.page.evaluate(() => window.groveUi.check());
  assert.equal(check.integrity, 'ok');
  assert.deepEqual(check.groups, ['Stored by the page', 'Also by the page']);
  assert.deepEqual(app.errors, []);
});

test('a database saved by the old IDBFS layout opens, moves to the new one, and the old copy goes', async (t) => {
  // Makes a real database in one browser and takes its bytes from the stored blocks.
  const source = await openGrove();
  t.after(() => source.close());
  await source.startOrganisation({name: 'Old Layout School'});
  await source.click('Groups');
  await createGroup(source, 'Kept group');
  await waitSaved(source);
  const bytes = await source.page.evaluate(() => new Promise((resolve, reject) => {
    const request = indexedDB.open('grove');
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      // The segments, then the blocks written over them.
      const tx = request.result.transaction(['segments', 'blocks', 'meta'], 'readonly');
      const meta = tx.objectStore('meta').get('db');
      const segmentKeys = tx.objectStore('segments').getAllKeys();
      const segments = tx.objectStore('segments').getAll();
      const blockKeys = tx.objectStore('blocks').getAllKeys();
      const blocks = tx.objectStore('blocks').getAll();
      tx.oncomplete = async () => {
        const {size, blockSize, segmentBlocks} = meta.result;
        const bytesOf = (value) => value instanceof Blob ? value.arrayBuffer() : Promise.resolve(value);
        const segmentBytes = await Promise.all(segments.result.map(bytesOf));
        const out = new Uint8Array(size);
        const put = (at, buffer) => {
          const data = new Uint8Array(buffer);
          if (at < size) out.set(data.subarray(0, Math.min(data.length, size - at)), at);
        };
        segmentBytes.forEach((segment, i) => put(segmentKeys.result[i] * segmentBlocks * blockSize, segment));
        // Over them, in key order: a block per record (number keys), then a record per segment and write
        // (key [segment, seq]: {indexes, lengths, data}).
        for (let i = 0; i < blocks.result.length; i++) {
          if (typeof blockKeys.result[i] === 'number') {
            put(blockKeys.result[i] * blockSize, blocks.result[i]);
            continue;
          }
          const {indexes, lengths, data} = blocks.result[i];
          const buffer = await bytesOf(data);
          let at = 0;
          indexes.forEach((index, k) => {
            put(index * blockSize, buffer.slice(at, at + lengths[k]));
            at += lengths[k];
          });
        }
        resolve(Array.from(out));
      };
    };
  }));

  // A fresh browser that holds only what Grove's IDBFS saving left: database "/data", FILE_DATA.
  const app = await openGrove();
  t.after(() => app.close());
  await app.page.evaluate(() => new Promise((resolve, reject) => {
    indexedDB.deleteDatabase('grove').onsuccess = () => resolve();
  }));
  await app.page.evaluate((bytes) => new Promise((resolve, reject) => {
    const request = indexedDB.open('/data', 21);
    request.onupgradeneeded = () => {
      const store = request.result.createObjectStore('FILE_DATA');
      store.createIndex('timestamp', 'timestamp', {unique: false});
    };
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const tx = request.result.transaction('FILE_DATA', 'readwrite');
      tx.objectStore('FILE_DATA').put({timestamp: new Date(), mode: 16877}, '/data');
      tx.objectStore('FILE_DATA').put({timestamp: new Date(), mode: 33188, contents: new Uint8Array(bytes)},
          '/data/grove.db');
      tx.oncomplete = () => {
        request.result.close();
        resolve();
      };
    };
  }), bytes);

  await app.reload();
  await app.waitForText('Old Layout School');
  assert.deepEqual(await groupsInGroveOf(app), ['Kept group']);
  const names = await app.page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name).sort());
  assert.deepEqual(names, ['grove'], 'the old database is gone once the new layout holds everything');

  // From now on the new layout is what opens.
  await app.click('Groups');
  await createGroup(app, 'After the move');
  await waitSaved(app);
  await app.reload();
  assert.deepEqual(await groupsInGroveOf(app), ['Kept group', 'After the move']);

  // A database stored by an earlier Grove in smaller segments (1 MiB ArrayBuffers) opens and moves to
  // today's segments (4 MiB Blobs) in one transaction.
  await app.page.evaluate(() => window.groveUi.holdSaves(true));
  await app.page.evaluate((bytes) => new Promise((resolve, reject) => {
    const data = new Uint8Array(bytes);
    indexedDB.deleteDatabase('grove').onsuccess = () => {
      const request = indexedDB.open('grove', 2);
      request.onupgradeneeded = () => {
        for (const name of ['segments', 'blocks', 'meta']) request.result.createObjectStore(name);
      };
      request.onerror = () => reject(request.error);
      request.onsuccess = () => {
        const tx = request.result.transaction(['segments', 'blocks', 'meta'], 'readwrite');
        const segment = 256 * 4096;
        for (let i = 0; i * segment < data.length; i++) {
          tx.objectStore('segments').put(data.slice(i * segment, (i + 1) * segment).buffer, i);
        }
        tx.objectStore('meta').put({size: data.length, blockSize: 4096, segmentBlocks: 256, seq: 7, savedAt: 0}, 'db');
        tx.oncomplete = () => {
          request.result.close();
          resolve();
        };
      };
    };
  }), bytes);
  await app.reload();
  await app.waitForText('Old Layout School');
  assert.deepEqual(await groupsInGroveOf(app), ['Kept group']);
  const stored = await app.page.evaluate(() => new Promise((resolve) => {
    indexedDB.open('grove').onsuccess = (event) => {
      const tx = event.target.result.transaction(['segments', 'meta'], 'readonly');
      const meta = tx.objectStore('meta').get('db');
      const segments = tx.objectStore('segments').getAll();
      tx.oncomplete = () => resolve({segmentBlocks: meta.result.segmentBlocks, seq: meta.result.seq,
        blobs: segments.result.every((value) => value instanceof Blob), count: segments.result.length});
    };
  }));
  assert.deepEqual(stored, {segmentBlocks: 1024, seq: 7, blobs: true, count: Math.ceil(bytes.length / (1024 * 4096))});
});

test('a second tab is read-only until it takes over; the first then is', async (t) => {
  const first = await openGrove();
  t.after(() => first.close());
  await first.startOrganisation();
  await first.click('Groups');
  await createGroup(first, 'From the first tab');
  await waitSaved(first);

  const second = await first.openTab();
  t.after(() => second.close());
  await second.waitForText('This tab is read-only');
  assert.ok((await second.saveStatus()).readOnly.includes('open in another tab'));
  await second.screenshot('read-only-tab');  // docs/screenshots/read-only-tab.png
  await second.click('Groups');
  await second.click('New group');
  await second.waitForLabel('Create group');
  await second.type('From the second tab');
  await second.click('Create group');
  await second.waitForText('This tab is read-only: Grove is open in another tab');
  await second.click('Cancel');
  await second.settle();

  // The first tab goes on saving; the second takes over, reloads and sees it all. (A tab in the
  // background draws no frames: each is brought to the front to be used, as a person would.)
  await first.page.bringToFront();
  await first.click('Groups');
  await createGroup(first, 'Made before the take-over');
  await waitSaved(first);
  await second.page.bringToFront();
  await second.click('Take over here');
  await second.page.waitForFunction(() => window.groveUi && window.groveUi.ready &&
      window.groveUi.saveStatus().writer === true, null, {timeout: 30_000});
  await second.settle();
  assert.deepEqual(await groupsInGroveOf(second), ['From the first tab', 'Made before the take-over']);
  assert.ok((await first.saveStatus()).readOnly.includes('Another tab took over'));
  await first.page.bringToFront();
  await first.waitForText('This tab is read-only');
  await second.page.bringToFront();

  await second.click('Groups');
  await createGroup(second, 'From the second tab');
  await waitSaved(second);
  await second.reload();
  assert.deepEqual(await groupsInGroveOf(second),
      ['From the first tab', 'Made before the take-over', 'From the second tab']);
  assert.deepEqual(first.errors, []);
  assert.deepEqual(second.errors, []);
});

test('a full disk says Not saved with the reason, keeps the change, and stores it once there is room',
    async (t) => {
      const app = await openGrove();
      t.after(() => app.close());
      await app.startOrganisation();
      await waitSaved(app);
      // The page's writer is a worker: its IndexedDB refuses the blocks as a full disk does.
      const writer = await storageWriterOf(app);
      await writer.evaluate(() => {
        const put = IDBObjectStore.prototype.put;
        self.diskFull = true;
        IDBObjectStore.prototype.put = function(...args) {
          if (self.diskFull && this.name === 'blocks') {
            throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
          }
          return put.apply(this, args);
        };
      });
      await app.click('Groups');
      await createGroup(app, 'Written while full');
      await app.page.waitForFunction(() => window.groveUi.saveStatus().state === 'not-saved');
      assert.match((await app.saveStatus()).reason, /storage for this site is full/);
      await app.waitForText('Not saved');
      await app.waitForText('storage for this site is full');  // in words on the screen, not only a tooltip

      // Still working: another change, then room again.
      await createGroup(app, 'Also while full');
      await writer.evaluate(() => { self.diskFull = false; });
      await createGroup(app, 'With room');
      await waitSaved(app);
      await app.reload();
      assert.deepEqual(await groupsInGroveOf(app), ['Written while full', 'Also while full', 'With room']);
    });

test('leaving while saving warns; a change never stored is named on the next open', async (t) => {
  const app = await openGrove();
  t.after(() => app.close());
  await app.startOrganisation();
  await waitSaved(app);
  await app.click('Groups');
  await app.page.evaluate(() => window.groveUi.holdSaves(true));
  await createGroup(app, 'Never stored');
  assert.equal((await app.saveStatus()).state, 'saving');

  // Closing the tab now: the browser is asked to warn first.
  await app.page.close({runBeforeUnload: true});
  await new Promise((resolve) => setTimeout(resolve, 500));
  assert.ok(app.dialogs.includes('beforeunload'), `dialogs: ${app.dialogs}`);

  // The write was held, so it is lost: the next open says so, naming it.
  app.page = await app.context.newPage();
  await app.goto();
  assert.ok(!(await groupsInGroveOf(app)).includes('Never stored'));
  const status = await app.saveStatus();
  assert.match(status.lost, /a change made on .* could be stored/);
  assert.match(status.lost, /created the group Never stored/);
  await app.waitForText('Changes that were not stored');
  await app.click('Dismiss');
  await app.settle();
  assert.equal((await app.saveStatus()).lost, '');
});

test('a browser killed during a burst of changes reopens to a sound database with a prefix of them',
    async (t) => {
      const app = await openGrove();
      t.after(() => app.close());
      await app.startOrganisation();
      await waitSaved(app);
      await app.click('Groups');
      // Groups are created one after another as fast as the UI goes, each a commit and a write; the
      // browser is killed at a random moment among them. The burst drives the page it started on.
      const names = [];
      let stop = false;
      const burstApp = Object.create(app);
      burstApp.page = app.page;
      const burst = (async () => {
        for (let i = 1; i <= 40 && !stop; i++) {
          names.push(`Burst ${i}`);
          await createGroup(burstApp, `Burst ${i}`);
        }
      })().catch(() => {});
      await new Promise((resolve) => setTimeout(resolve, 1500 + Math.random() * 2500));
      stop = true;
      await app.killAndRestartBrowser();
      await burst;
      const check = await app.page.evaluate(() => window.groveUi.check());
      assert.equal(check.integrity, 'ok');
      assert.deepEqual(check.groups, names.slice(0, check.groups.length), `stored: ${check.groups}`);
      // Saving goes on from there.
      await app.click('Groups');
      await createGroup(app, 'After the crash');
      await waitSaved(app);
    });
