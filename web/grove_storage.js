// Saving in the browser (an Emscripten --js-library beside grove_lib.js): the database's blocks in
// IndexedDB, one writer tab, and nothing lost without a word.
//
// The database lives in wasm memory in the block VFS (core/storage/block_vfs.h). After main() starts,
// openData reads the stored blocks straight into it, a chunk at a time (no second copy of the whole
// database in JavaScript), and the store opens. Each commit hands the blocks it changed to storeBlocks,
// which copies them out at once, those of one segment into one buffer; one IndexedDB readwrite transaction
// then writes everything queued so far with the database's size and commit number, so what is stored is
// always the database as of some commit. One write runs at a time; commits meanwhile queue and go together
// in the next one.
//
// Layout: IndexedDB database "grove" with three object stores. "segments" holds the database in pieces of
// 4 MiB (key: segment index, value: Blob), so opening reads a few dozen large records (many small ones read
// several times slower, and Blobs are read straight into place without a structured-clone copy). "blocks"
// holds the blocks written since their segment was last written, laid over the segments when opening: a
// write puts one record per segment it changed, key [segment, seq], value {indexes, lengths, data} (the
// blocks' indexes and lengths, and their bytes one after another). A record per block cost an IndexedDB
// request and a copy each, which made an upload's save take tens of milliseconds of main thread. Keys sort
// by segment, then by write, so placing the records in key order lays later writes over earlier ones. (An
// earlier Grove wrote a record per block, key: the block's index; numbers sort before arrays, so those are
// placed first, and they are older than any record of today's form.) "meta" holds {size, blockSize,
// segmentBlocks, seq, savedAt} under "db". A change writes only its blocks. When the page is idle and
// everything is stored, segments with many blocks over them are written again from memory (which then
// equals what is stored) and their records deleted, in one transaction: the records stay few and opening
// stays fast. The layout before (Emscripten's IDBFS: database "/data", store "FILE_DATA", key
// "/data/grove.db") is copied into this one once, and removed only after the copy is complete.
//
// Tabs: the Web Locks API names one writer ("grove-writer"). Another tab opens read-only and can take
// over: it asks the writer (a BroadcastChannel message) to store what it has and let go, or takes the
// lock after a few seconds if the writer does not answer; then it reloads with the latest data.
//
// Leaving: a hidden page or pagehide starts the write at once; while a write is due, beforeunload asks
// the browser to warn. Until a commit is stored, localStorage (synchronous, so it survives a killed tab)
// remembers it, so the next open can say what was never stored.

var GroveStorageLibrary = {
  $GroveStorage__deps: ['$GroveWeb', 'malloc', 'free'],
  $GroveStorage: {
    kDatabase: 'grove',
    kBlockSize: 4096,       // BlockFile::kBlockSize
    kSegmentBlocks: 1024,   // blocks in a segment (4 MiB)
    kReadAhead: 16,         // segments (or records over them) being read at once while opening (64 MiB)
    kBufferBytes: 1048576,  // buffers for copying blocks out are made in steps of this
    kSpareBytes: 33554432,  // buffers kept for copying into again, in all at most
    kWarmBytes: 8388608,    // the buffer the worker touches and hands over when it starts (see warmBuffer)
    kCompactTotal: 1024,    // more blocks than this (4 MiB) over the segments: rewrite segments when idle
    kCompactSegment: 128,   // a segment with this many blocks over it is rewritten when idle
    kCompactPerWrite: 2,    // segments rewritten per transaction
    kCompactDelayMs: 300,
    kLock: 'grove-writer',
    kChannel: 'grove',
    kUnsavedKey: 'grove-unsaved',
    kTakeOverKey: 'grove-take-over',
    kOldDatabase: '/data',
    kOldStore: 'FILE_DATA',
    kOldFile: '/data/grove.db',
    kRetryMs: 15000,
    kTakeOverWaitMs: 3000,

    kOtherTab: 'Grove is open in another tab of this browser, which is the one that saves. This tab shows ' +
        'the data as it was when it opened and cannot change it.',
    kTakenOver: 'Another tab took over Grove and now saves the changes. This tab cannot change anything ' +
        'any more; take over here to work in this tab again (it reloads with the latest data).',
    kRefusal: 'This tab is read-only: Grove is open in another tab, which saves the changes. Choose ' +
        '\u201cTake over here\u201d at the top to work in this tab.',

    idb: null,          // the open IndexedDB database (opening reads through it), or null when nothing can be stored
    writer: false,      // this tab holds the lock and stores its commits
    givingWay: false,   // storing what is queued before letting another tab take over
    readOnly: '',       // why this tab may not change anything ('' when it may)
    canTakeOver: false,
    lost: '',           // what an earlier session never stored, until dismissed
    state: 0,           // GroveWeb.kSaved / kSaving / kNotSaved
    reason: '',
    pending: null,      // what the commits changed, queued for the next write: {chunks, batches}: the
                        // buffers the commits were copied into, and oldest first a batch per segment a commit
                        // changed, {segment, indexes, lengths, chunk, offset, bytes} (see storeBlocks)
    pendingSize: -1,    // the database's size as of the queued commits; -1 when none is queued
    seq: 0,             // commits made (continues the stored count)
    savedSeq: 0,        // the commit the stored data is as of
    inFlight: null,     // the writer's job running: {id, batches, size, seq, started} or {id, compaction,
                        // segments, size, seq}
    post: null,         // sends the writer a job (see startWriter)
    worker: null,
    jobs: 0,            // the last job's id
    storeLost: false,   // the stored copy may be gone: the next write queues every block first
    spares: [],         // buffers the writer handed back (see takeBuffer)
    spareBytes: 0,
    pendingFreshBytes: 0,  // new buffers taken for what is queued (stats.lastFreshBytes once written)
    scheduled: false,
    pendingSince: 0,    // when the first commit not yet in a write was made
    copyMs: 0,          // main-thread time copying the queued blocks out of wasm memory
    hold: false,        // tests: writes wait while true
    onIdle: [],         // run once no write is running or queued
    retryTimer: 0,
    channel: null,
    releaseLock: null,
    over: null,         // segment -> blocks stored over it, counting repeats (a Map, made by install)
    overTotal: 0,       // the sum of over's counts
    compactTimer: 0,
    stats: {placeMs: 0, compactions: 0, warmBytes: 0, freshBytes: 0, lastFreshBytes: 0, saves: 0, lastBytes: 0, totalBytes: 0, lastBlocks: 0, lastRecords: 0, lastMainMs: 0, lastCopyMs: 0,
      lastMs: 0, openMs: 0, loadedBytes: 0},

    install: function() {
      var S = GroveStorage;
      S.over = new Map();  // (a library object's values are written out as JSON: a Map must be made here)
      S.pending = {chunks: [], batches: []};
      document.addEventListener('visibilitychange', function() {
        if (document.visibilityState === 'hidden') S.write();
      });
      window.addEventListener('pagehide', function() { S.write(); });
      window.addEventListener('beforeunload', function(event) {
        if (!S.busy()) return;
        S.write();
        event.preventDefault();
        event.returnValue = '';  // the browser asks whether to leave; its own words
        return '';
      });
      if (typeof BroadcastChannel !== 'undefined') {
        S.channel = new BroadcastChannel(S.kChannel);
        S.channel.onmessage = function(event) {
          if (event.data && event.data.type === 'take-over' && S.writer) S.giveWay();
        };
      }
      if (navigator.storage && navigator.storage.persist) {
        // Ask the browser not to evict our IndexedDB under storage pressure (no prompt in Chromium).
        navigator.storage.persist().catch(function() {});
      }
    },

    // A commit is not stored yet (a compaction running does not count: it changes nothing that matters).
    busy: function() {
      var S = GroveStorage;
      return (!!S.inFlight && !S.inFlight.compaction) || S.pendingSize >= 0;
    },

    setState: function(state, reason) {
      var S = GroveStorage;
      if (S.state === state && S.reason === reason) return;
      S.state = state;
      S.reason = reason;
      GroveWeb.scheduleFrame();
    },

    describe: function(err) {
      if (!err) return 'unknown error';
      var text = err.name && err.message ? err.name + ': ' + err.message : (err.message || err.name || String(err));
      return text;
    },

    failureText: function(err) {
      if (err && err.name === 'QuotaExceededError') {
        return 'The browser\u2019s storage for this site is full, so the latest changes could not be stored (' +
            GroveStorage.describe(err) + '). They are kept in this tab: free some space or export a Grove ' +
            'file; Grove tries again with the next change.';
      }
      return 'The browser refused to store the latest changes (' + GroveStorage.describe(err) + '). They are ' +
          'kept in this tab; Grove tries again with the next change.';
    },

    // ---- Opening ----

    // main() calls this; it answers with _grove_web_data_loaded once the blocks are in place.
    openData: function() {
      var S = GroveStorage;
      var started = performance.now();
      S.claimWriter().then(function(writer) {
        S.writer = writer;
        if (!writer) S.becomeReader(S.kOtherTab);
        return S.openDatabase();
      }).then(function(idb) {
        S.idb = idb;
        return S.load(idb);
      }).then(function(size) {
        S.stats.openMs = performance.now() - started;
        S.stats.loadedBytes = size;
        if (S.writer) {
          S.checkUnsaved();
          S.startWriter();
        }
        S.finishOpen(size);
      }, function(err) {
        // Nothing stored can be read, so nothing may be written over it: this tab works in memory.
        S.idb = null;
        S.writer = false;
        S.setState(GroveWeb.kNotSaved, 'This browser cannot store Grove\u2019s data here (' + S.describe(err) +
            '). Changes last only until the tab closes.');
        S.finishOpen(0);
      });
    },

    finishOpen: function(size) {
      var S = GroveStorage;
      var reason = S.readOnly ? S.kRefusal : '';
      var length = lengthBytesUTF8(reason) + 1;
      var buffer = _malloc(length);
      stringToUTF8(reason, buffer, length);
      Module['_grove_web_data_loaded'](size, S.readOnly ? 1 : 0, buffer);
      _free(buffer);
      GroveWeb.scheduleFrame();
    },

    // Resolves true when this tab is the writer. Without Web Locks, the one tab there is writes.
    claimWriter: function() {
      var S = GroveStorage;
      return new Promise(function(resolve) {
        if (!navigator.locks || !navigator.locks.request) {
          resolve(true);
          return;
        }
        var decided = false;
        var steal = false;
        try {
          steal = sessionStorage.getItem(S.kTakeOverKey) === '1';
          sessionStorage.removeItem(S.kTakeOverKey);
        } catch (e) {}
        navigator.locks.request(S.kLock, steal ? {steal: true} : {ifAvailable: true}, function(lock) {
          decided = true;
          if (!lock) {
            resolve(false);
            return undefined;
          }
          resolve(true);
          return new Promise(function(release) { S.releaseLock = release; });
        }).catch(function(err) {
          if (!decided) {
            resolve(true);  // locks refused here (an opaque origin): the one tab writes
            return;
          }
          S.lostLock();     // another tab took the lock without this one giving way
        });
      });
    },

    openDatabase: function() {
      var S = GroveStorage;
      return new Promise(function(resolve, reject) {
        var request;
        try {
          request = indexedDB.open(S.kDatabase, 2);
        } catch (e) {
          reject(e);
          return;
        }
        request.onupgradeneeded = function() {
          var db = request.result;
          if (!db.objectStoreNames.contains('segments')) db.createObjectStore('segments');
          if (!db.objectStoreNames.contains('blocks')) db.createObjectStore('blocks');
          if (!db.objectStoreNames.contains('meta')) db.createObjectStore('meta');
        };
        request.onsuccess = function() {
          var db = request.result;
          db.onclose = function() { S.storageClosed(); };
          db.onversionchange = function() { db.close(); };
          resolve(db);
        };
        request.onerror = function() { reject(request.error); };
      });
    },

    // Reads the stored segments, then the blocks over them, into wasm memory; resolves the database's size.
    // One read transaction gives one state of the data: it hands out the segments as Blob handles (no
    // bytes yet) and the few blocks over them; the segments' bytes are then read a few at a time and each
    // copied into place as it arrives, so no JavaScript copy of the whole database is ever made.
    load: function(idb) {
      var S = GroveStorage;
      return new Promise(function(resolve, reject) {
        var tx = idb.transaction(['segments', 'blocks', 'meta'], 'readonly');
        var failed = function(err) { reject(err || new Error('reading the stored data was aborted')); };
        tx.onabort = function() { failed(tx.error); };
        var segments = tx.objectStore('segments');
        var blocks = tx.objectStore('blocks');
        var segmentKeys = null, segmentValues = null, blockKeys = null, blockValues = null;
        tx.objectStore('meta').get('db').onsuccess = function(event) {
          var meta = event.target.result;
          if (!meta) {
            tx.oncomplete = function() { resolve(S.loadOldLayout()); };
            return;
          }
          S.seq = S.savedSeq = meta.seq || 0;
          if (meta.blockSize !== S.kBlockSize || (meta.segmentBlocks || 0) !== S.kSegmentBlocks) {
            S.readWhole(segments, blocks, meta, function(bytes) { resolve(S.relayout(bytes)); }, failed);
            return;
          }
          segmentKeys = segments.getAllKeys();
          segmentValues = segments.getAll();
          blockKeys = blocks.getAllKeys();
          blockValues = blocks.getAll();
          tx.oncomplete = function() {
            var total = Math.ceil(meta.size / S.kBlockSize);
            Module['_grove_web_prepare_load'](meta.size);
            var count = segmentKeys.result.length;
            var next = 0, done = 0, running = 0, stopped = false;
            var more = function() {
              if (stopped) return;
              if (done === count) {
                S.placeRecords(blockKeys.result, blockValues.result, total).then(function() {
                  resolve(meta.size);
                }, failed);
                return;
              }
              while (running < S.kReadAhead && next < count) {
                var i = next++;
                running++;
                S.bytesOf(segmentValues.result[i]).then(function(key, buffer) {
                  var placing = performance.now();
                  S.placeSegment(key, buffer, total);
                  S.stats.placeMs += performance.now() - placing;
                  running--;
                  done++;
                  Module['_grove_web_open_progress'](done, count);
                  more();
                }.bind(null, segmentKeys.result[i]), function(err) {
                  stopped = true;
                  failed(err);
                });
              }
            };
            more();
          };
        };
      });
    },

    // The records over the segments, in key order (later writes over earlier ones), into wasm memory:
    // first the blocks an earlier Grove stored one to a record (number keys, which sort first), then
    // today's records, a few read ahead at a time (a record's bytes may be a Blob). Counts them in `over`.
    placeRecords: function(keys, values, total) {
      var S = GroveStorage;
      var records = [];
      for (var i = 0; i < keys.length; i++) {
        if (typeof keys[i] === 'number') {
          if (keys[i] < total) S.place(keys[i], new Uint8Array(values[i]));
          S.countOver(Math.floor(keys[i] / S.kSegmentBlocks), 1);
        } else {
          records.push(values[i]);
        }
      }
      return new Promise(function(resolve, reject) {
        var reads = [];
        var next = 0;
        var step = function(at) {
          while (next < records.length && next < at + S.kReadAhead) {
            reads[next] = S.bytesOf(records[next].data);
            next++;
          }
          if (at === records.length) {
            resolve();
            return;
          }
          reads[at].then(function(buffer) {
            reads[at] = null;
            S.placeRecord(records[at], buffer, total);
            step(at + 1);
          }, reject);
        };
        step(0);
      });
    },

    // One record's blocks into wasm memory (those before `total`).
    placeRecord: function(record, buffer, total) {
      var S = GroveStorage;
      var at = 0;
      for (var k = 0; k < record.indexes.length; k++) {
        var length = record.lengths[k];
        if (record.indexes[k] < total) S.place(record.indexes[k], new Uint8Array(buffer, at, length));
        at += length;
      }
      if (record.indexes.length) S.countOver(Math.floor(record.indexes[0] / S.kSegmentBlocks), record.indexes.length);
    },

    countOver: function(segment, blocks) {
      var S = GroveStorage;
      S.over.set(segment, (S.over.get(segment) || 0) + blocks);
      S.overTotal += blocks;
    },

    // A stored segment's bytes: segments are Blobs (read when needed); an ArrayBuffer is taken as it is.
    bytesOf: function(value) {
      if (value instanceof Blob) return value.arrayBuffer();
      return Promise.resolve(value);
    },

    // Block `index`'s bytes into wasm memory.
    place: function(index, bytes) {
      var target = Module['_grove_web_block_target'](index);
      HEAPU8.set(bytes, target);  // after the call: memory may have grown
    },

    // A segment's blocks into wasm memory (those before `total`: a segment may reach past the file's end).
    placeSegment: function(segment, buffer, total) {
      var S = GroveStorage;
      var first = segment * S.kSegmentBlocks;
      var count = Math.min(S.kSegmentBlocks, total - first, Math.ceil(buffer.byteLength / S.kBlockSize));
      if (count <= 0) return;
      var run = Module['_grove_web_run_target'](first, count);  // the whole segment in one copy
      if (run) {
        HEAPU8.set(new Uint8Array(buffer, 0, Math.min(buffer.byteLength, count * S.kBlockSize)), run);
        return;
      }
      for (var j = 0; j < S.kSegmentBlocks && first + j < total; j++) {
        var at = j * S.kBlockSize;
        if (at >= buffer.byteLength) break;
        S.place(first + j, new Uint8Array(buffer, at, Math.min(S.kBlockSize, buffer.byteLength - at)));
      }
    },

    // The whole database from a layout of other sizes (an earlier Grove), in one piece.
    readWhole: function(segments, blocks, meta, done, failed) {
      var S = GroveStorage;
      var bytes = new Uint8Array(meta.size);
      var put = function(at, buffer) {
        var data = new Uint8Array(buffer);
        if (at < bytes.length) bytes.set(data.subarray(0, Math.min(data.length, bytes.length - at)), at);
      };
      var segmentBytes = (meta.segmentBlocks || 0) * meta.blockSize;
      var segmentKeys = segments.getAllKeys();
      var segmentValues = segments.getAll();
      var blockKeys = blocks.getAllKeys();
      var blockValues = blocks.getAll();
      blockValues.transaction.addEventListener('complete', function() {
        Promise.all(segmentValues.result.map(S.bytesOf)).then(function(buffers) {
          buffers.forEach(function(buffer, i) { put(segmentKeys.result[i] * segmentBytes, buffer); });
          // (records of today's form are never stored with other sizes: only a record per block)
          blockValues.result.forEach(function(buffer, i) {
            if (typeof blockKeys.result[i] === 'number') put(blockKeys.result[i] * meta.blockSize, buffer);
          });
          done(bytes);
        }, failed);
      });
    },

    // A database in one piece (the old layout's file) into wasm memory; resolves its size.
    placeWhole: function(bytes) {
      var B = GroveStorage.kBlockSize;
      Module['_grove_web_prepare_load'](bytes.length);
      for (var at = 0, index = 0; at < bytes.length; at += B, index++) {
        GroveStorage.place(index, bytes.subarray(at, Math.min(at + B, bytes.length)));
      }
      return bytes.length;
    },

    // Stores `bytes` as the whole database in this layout, as segments (one transaction), then places it
    // in memory.
    relayout: function(bytes) {
      var S = GroveStorage;
      if (!S.writer) return S.placeWhole(bytes);
      return new Promise(function(resolve, reject) {
        var tx = S.idb.transaction(['segments', 'blocks', 'meta'], 'readwrite', {durability: 'strict'});
        var segments = tx.objectStore('segments');
        tx.objectStore('blocks').clear();
        segments.clear();
        var segmentBytes = S.kSegmentBlocks * S.kBlockSize;
        for (var at = 0, index = 0; at < bytes.length; at += segmentBytes, index++) {
          segments.put(new Blob([bytes.subarray(at, Math.min(at + segmentBytes, bytes.length))]), index);
        }
        tx.objectStore('meta').put(S.metaRecord(bytes.length, S.seq), 'db');
        tx.oncomplete = function() { resolve(S.placeWhole(bytes)); };
        tx.onabort = function() { reject(tx.error || new Error('storing the data in the new layout was aborted')); };
      });
    },

    metaRecord: function(size, seq) {
      var S = GroveStorage;
      return {size: size, blockSize: S.kBlockSize, segmentBlocks: S.kSegmentBlocks, seq: seq, savedAt: Date.now()};
    },

    // No data in this layout: the database IDBFS saved before (if any) is copied in once; the old copy
    // is deleted only after the new one is complete. A reader only reads it.
    loadOldLayout: function() {
      var S = GroveStorage;
      return S.readOld().then(function(bytes) {
        if (!bytes) return 0;
        return Promise.resolve(S.relayout(bytes)).then(function(size) {
          if (S.writer) indexedDB.deleteDatabase(S.kOldDatabase);
          return size;
        });
      });
    },

    // The old layout's database file, or null when there is none (never creating the old database).
    readOld: function() {
      var S = GroveStorage;
      var exists = indexedDB.databases ? indexedDB.databases().then(function(list) {
        return list.some(function(info) { return info.name === S.kOldDatabase; });
      }, function() { return true; }) : Promise.resolve(true);
      return exists.then(function(found) {
        if (!found) return null;
        return new Promise(function(resolve) {
          var request = indexedDB.open(S.kOldDatabase);
          request.onupgradeneeded = function() { request.transaction.abort(); };  // it did not exist
          request.onerror = function() { resolve(null); };
          request.onsuccess = function() {
            var db = request.result;
            if (!db.objectStoreNames.contains(S.kOldStore)) {
              db.close();
              resolve(null);
              return;
            }
            var get = db.transaction(S.kOldStore, 'readonly').objectStore(S.kOldStore).get(S.kOldFile);
            get.onsuccess = function() {
              var entry = get.result;
              db.close();
              resolve(entry && entry.contents ? new Uint8Array(entry.contents) : null);
            };
            get.onerror = function() {
              db.close();
              resolve(null);
            };
          };
        });
      });
    },

    // ---- What an earlier session never stored ----

    unsaved: function() {
      try {
        return JSON.parse(localStorage.getItem(GroveStorage.kUnsavedKey) || 'null');
      } catch (e) {
        return null;
      }
    },

    writeUnsaved: function(marker) {
      try {
        if (marker) localStorage.setItem(GroveStorage.kUnsavedKey, JSON.stringify(marker));
        else localStorage.removeItem(GroveStorage.kUnsavedKey);
      } catch (e) {}
    },

    checkUnsaved: function() {
      var S = GroveStorage;
      var marker = S.unsaved();
      S.writeUnsaved(null);
      if (!marker || !(marker.seq > S.savedSeq)) return;
      var count = marker.seq - S.savedSeq;
      var when = new Date(marker.since);
      var what = (marker.what || []).filter(function(item) { return item.seq > S.savedSeq; })
          .map(function(item) { return item.text; });
      var shown = what.slice(-5);
      var text = 'Grove was closed before ' + (count === 1 ? 'a change' : count + ' changes') + ' made on ' +
          when.toLocaleString() + ' could be stored in this browser, so ' + (count === 1 ? 'it is' : 'they are') +
          ' not in the data.';
      if (shown.length) {
        text += ' ' + (what.length > shown.length ? 'The last ' + shown.length + ': ' : 'What was lost: ') +
            shown.join(' ');
      }
      S.lost = text;
    },

    // ---- Storing ----
    //
    // The page copies each commit's changed blocks out of wasm memory (it must: memory changes with the
    // next write) into a buffer it hands to the writer, a worker that runs the IndexedDB transactions:
    // IndexedDB copies every value it is given (a structured clone) on the thread that calls put, and on
    // the main thread those copies took most of an upload's save. The writer hands the buffers back, and
    // the page copies the next commits into them: memory written for the first time costs a page fault a
    // 4 KiB page, which made a copy into a new buffer several times slower than into a used one. Where no
    // worker starts, the same writer runs in the page. The page keeps all the state (what is queued, what
    // is stored, the top bar); the writer only runs the transactions it is sent, one at a time.

    // A buffer of at least `bytes` for copying blocks into: a used one when one is big enough.
    takeBuffer: function(bytes) {
      var S = GroveStorage;
      var best = -1;
      for (var i = 0; i < S.spares.length; i++) {
        if (S.spares[i].byteLength >= bytes && (best < 0 || S.spares[i].byteLength < S.spares[best].byteLength)) {
          best = i;
        }
      }
      if (best >= 0) {
        var buffer = S.spares.splice(best, 1)[0];
        S.spareBytes -= buffer.byteLength;
        return buffer;
      }
      var fresh = new ArrayBuffer(Math.max(S.kBufferBytes, Math.ceil(bytes / S.kBufferBytes) * S.kBufferBytes));
      S.stats.freshBytes += fresh.byteLength;
      return fresh;
    },

    // Buffers the writer is done with, kept for the next copies (up to kSpareBytes in all).
    giveBack: function(buffers) {
      var S = GroveStorage;
      (buffers || []).forEach(function(buffer) {
        if (!buffer || !buffer.byteLength || S.spareBytes + buffer.byteLength > S.kSpareBytes) return;
        S.spares.push(buffer);
        S.spareBytes += buffer.byteLength;
      });
    },

    // A commit's changed blocks (from the VFS through C++, ascending): copied now into one buffer, as a
    // batch per segment (its blocks' indexes and lengths, and where their bytes lie in the buffer), written
    // soon. Blocks past the file's end (length 0) are not written: the size says where the file ends, and
    // opening places nothing past it.
    storeBlocks: function(indices, data, lengths, count, size) {
      var S = GroveStorage;
      if (!S.writer || S.givingWay) return;
      var started = performance.now();
      var total = 0;
      for (var k = 0; k < count; k++) total += HEAPU32[(lengths >> 2) + k];
      if (total > 0) {
        var freshBefore = S.stats.freshBytes;
        var buffer = S.takeBuffer(total);
        S.pendingFreshBytes += S.stats.freshBytes - freshBefore;
        var out = new Uint8Array(buffer);
        var chunk = S.pending.chunks.push(buffer) - 1;
        var at = 0;
        var batch = null;
        var run = 0, runLength = 0, runAt = 0;  // blocks side by side in wasm memory go in one copy
        var flush = function() {
          if (runLength) out.set(HEAPU8.subarray(run, run + runLength), runAt);
          runLength = 0;
        };
        for (var k = 0; k < count; k++) {
          var index = HEAPU32[(indices >> 2) + k];
          var pointer = HEAPU32[(data >> 2) + k];
          var length = HEAPU32[(lengths >> 2) + k];
          if (length === 0) continue;
          var segment = Math.floor(index / S.kSegmentBlocks);
          if (!batch || batch.segment !== segment) {
            batch = {segment: segment, indexes: [], lengths: [], chunk: chunk, offset: at, bytes: 0};
            S.pending.batches.push(batch);
          }
          batch.indexes.push(index);
          batch.lengths.push(length);
          batch.bytes += length;
          if (!pointer) {
            flush();
            out.fill(0, at, at + length);  // a block never written: zeros (a used buffer holds old bytes)
          } else if (runLength && run + runLength === pointer && runAt + runLength === at) {
            runLength += length;
          } else {
            flush();
            run = pointer;
            runLength = length;
            runAt = at;
          }
          at += length;
        }
        flush();
      }
      if (S.pendingSize < 0) S.pendingSince = Date.now();
      S.pendingSize = size;
      S.seq++;
      var marker = S.unsaved() || {since: Date.now(), what: []};
      marker.seq = S.seq;
      S.writeUnsaved(marker);
      S.copyMs += performance.now() - started;
      S.setState(GroveWeb.kSaving, '');
      S.schedule();
    },

    // The summary of what the last commit did (its audit entry), for the notice of unstored changes.
    describeChange: function(text) {
      var S = GroveStorage;
      if (!S.writer || !S.busy()) return;
      var marker = S.unsaved();
      if (!marker) return;
      marker.what = (marker.what || []).concat([{seq: S.seq, text: text}]).slice(-20);
      S.writeUnsaved(marker);
    },

    // Commits of one frame go together: the write starts once the current task is over.
    schedule: function() {
      var S = GroveStorage;
      if (S.scheduled) return;
      S.scheduled = true;
      Promise.resolve().then(function() {
        S.scheduled = false;
        S.write();
      });
    },

    // Everything queued goes to the writer as one transaction.
    write: function() {
      var S = GroveStorage;
      if (S.inFlight || S.hold || !S.writer || S.pendingSize < 0) return;
      if (!S.post) S.startWriter();
      if (S.storeLost) {
        // The stored copy may be gone (the browser closed the storage): every block is queued again.
        S.storeLost = false;
        Module['_grove_web_store_everything']();
      }
      var pending = S.pending;
      var size = S.pendingSize;
      var seq = S.seq;
      S.pending = {chunks: [], batches: []};
      S.pendingSize = -1;
      S.pendingSince = 0;
      S.stats.lastFreshBytes = S.pendingFreshBytes;  // copied into new buffers rather than kept ones
      S.pendingFreshBytes = 0;
      clearTimeout(S.retryTimer);
      var started = performance.now();
      var job = {type: 'write', id: ++S.jobs, size: size, seq: seq, meta: S.metaRecord(size, seq),
        blockSize: S.kBlockSize, segmentBlocks: S.kSegmentBlocks, chunks: pending.chunks,
        batches: pending.batches.map(function(batch) {
          return {segment: batch.segment, indexes: Uint32Array.from(batch.indexes),
            lengths: Uint32Array.from(batch.lengths), chunk: batch.chunk, offset: batch.offset, bytes: batch.bytes};
        })};
      S.inFlight = {id: job.id, batches: pending.batches, size: size, seq: seq, started: started};
      S.post(job, pending.chunks);
      S.stats.lastMainMs = S.copyMs + performance.now() - started;  // copying the blocks out, then handing them over
      S.stats.lastCopyMs = S.copyMs;
      S.copyMs = 0;
    },

    // The writer's answer to a write.
    written: function(answer) {
      var S = GroveStorage;
      var flight = S.inFlight;
      if (!flight || flight.id !== answer.id) {
        S.giveBack(answer.chunks);  // abandoned (lostLock)
        return;
      }
      S.inFlight = null;
      if (!answer.done) {
        S.failed({chunks: answer.chunks, batches: flight.batches}, flight.size, answer.error);
        return;
      }
      S.giveBack(answer.chunks);
      var seq = flight.seq;
      S.savedSeq = seq;
      answer.over.forEach(function(pair) { S.countOver(pair[0], pair[1]); });
      S.forgetOverFrom(Math.ceil(Math.ceil(flight.size / S.kBlockSize) / S.kSegmentBlocks));
      S.stats.saves++;
      S.stats.lastBytes = answer.bytes;
      S.stats.lastBlocks = answer.blocks;
      S.stats.lastRecords = answer.over.length;
      S.stats.totalBytes += answer.bytes;
      S.stats.lastMs = performance.now() - flight.started;
      if (S.pendingSize >= 0) {
        // Stored up to `seq`: what is still to store is told from the commit after it.
        var marker = S.unsaved();
        if (marker) {
          marker.since = S.pendingSince || marker.since;
          marker.what = (marker.what || []).filter(function(item) { return item.seq > seq; });
          S.writeUnsaved(marker);
        }
        S.write();
        return;
      }
      S.writeUnsaved(null);
      S.setState(GroveWeb.kSaved, '');
      S.idle();
      S.scheduleCompaction();
    },

    forgetOverFrom: function(segments) {
      var S = GroveStorage;
      S.over.forEach(function(blocks, segment) {
        if (segment < segments) return;
        S.overTotal -= blocks;
        S.over.delete(segment);
      });
    },

    // ---- The writer ----

    // Starts the writer: a worker made from storageWriter's source, or, where none starts, the same code
    // in the page (its messages then go through the microtask queue).
    startWriter: function() {
      var S = GroveStorage;
      if (S.post) return;
      var answer = function(message) {
        if (message.type === 'closed') S.storageClosed();
        else if (message.type === 'warm') S.warmed(message.chunks);
        else if (message.type === 'compacted') S.compacted(message);
        else S.written(message);
      };
      try {
        var code = 'self.groveStorageWriter = true;\n(' + S.storageWriter.toString() +
            ')(self, function(message, transfer) {\n  self.postMessage(message, transfer);\n});\n(' +
            S.warmBuffer.toString() + ')(self, ' + S.kWarmBytes + ');\n';
        var worker = new Worker(URL.createObjectURL(new Blob([code], {type: 'text/javascript'})));
        worker.onmessage = function(event) { answer(event.data); };
        worker.onerror = function(event) {
          event.preventDefault();
          S.writerFailed(new Error('the saving worker stopped' + (event.message ? ' (' + event.message + ')' : '')));
        };
        S.post = function(message, transfer) { worker.postMessage(message, transfer); };
        S.worker = worker;
        return;
      } catch (e) {}
      var scope = {};
      S.storageWriter(scope, function(message) {
        Promise.resolve().then(function() { answer(message); });
      });
      S.post = function(message) {
        Promise.resolve().then(function() { scope.onmessage({data: message}); });
      };
    },

    // Runs in the worker as it starts: a buffer whose every page is written once, handed to the page for its
    // copies. Memory the process has not touched costs a page fault a page on first write (about 12 µs a
    // 4 KiB page on the machine of docs/performance.md), which the page would otherwise pay on its thread
    // while copying a commit's first few MB; here the worker pays it.
    warmBuffer: function(scope, bytes) {
      var buffer = new ArrayBuffer(bytes);
      new Uint8Array(buffer).fill(1);
      scope.postMessage({type: 'warm', chunks: [buffer]}, [buffer]);
    },

    warmed: function(buffers) {
      var S = GroveStorage;
      buffers.forEach(function(buffer) { S.stats.warmBytes += buffer.byteLength; });
      S.giveBack(buffers);
    },

    // The worker itself failed: what it held is not stored; every block is queued again for a new one.
    writerFailed: function(err) {
      var S = GroveStorage;
      if (S.worker) S.worker.terminate();
      S.worker = null;
      S.post = null;
      S.startWriter();
      var flight = S.inFlight;
      S.inFlight = null;
      S.storeLost = true;
      if (flight && !flight.compaction) S.failed({chunks: [], batches: []}, flight.size, err);
      else S.setState(GroveWeb.kNotSaved, S.failureText(err));
    },

    // The writer's code. It runs in a worker (its source is all it has: it must use nothing from outside
    // it), or in the page where no worker starts: `scope` gets onmessage; `answer` sends a message back
    // (with the buffers to hand back). Messages:
    //   {type: 'write', id, size, seq, meta, blockSize, segmentBlocks, chunks, batches}: one transaction
    //     that puts a record per segment ([segment, seq]: {indexes, lengths, data}, the segment's batches
    //     joined oldest first, so a later copy of a block comes after an earlier one), deletes what lies
    //     past the file's end, and puts meta. Answers {id, done, bytes, blocks, over: [[segment, blocks]],
    //     chunks} or {id, done: false, error: {name, message}, chunks}.
    //   {type: 'compact', id, segments: [{segment, chunk, bytes}], chunks}: each segment's bytes as its
    //     Blob, and the records over it deleted. Answers {type: 'compacted', id, done, chunks}.
    //   {type: 'abort', id}: the transaction of that job is abandoned (another tab took the lock).
    // When the browser closes the database (site data cleared) it answers {type: 'closed'} and opens it
    // again with the next job.
    storageWriter: function(scope, answer) {
      var idb = null;
      var running = null;  // {id, tx}
      var abandoned = new Set();  // ids of jobs abandoned before their transaction started
      var open = function() {
        if (idb) return Promise.resolve(idb);
        return new Promise(function(resolve, reject) {
          var request = indexedDB.open('grove', 2);
          request.onupgradeneeded = function() {
            var db = request.result;
            ['segments', 'blocks', 'meta'].forEach(function(name) {
              if (!db.objectStoreNames.contains(name)) db.createObjectStore(name);
            });
          };
          request.onsuccess = function() {
            idb = request.result;
            idb.onclose = function() {
              idb = null;
              answer({type: 'closed'});
            };
            idb.onversionchange = function() {
              if (idb) idb.close();
              idb = null;
            };
            resolve(idb);
          };
          request.onerror = function() { reject(request.error); };
        });
      };
      var errorOf = function(err) {
        return {name: (err && err.name) || 'Error', message: (err && err.message) || String(err)};
      };
      // The batches of each segment joined into one record, oldest first. Segments from `segments` on lie
      // past the file's end and are left out.
      var recordsOf = function(job, segments) {
        var bySegment = new Map();
        job.batches.forEach(function(batch) {
          if (batch.segment >= segments) return;
          var list = bySegment.get(batch.segment);
          if (list) list.push(batch);
          else bySegment.set(batch.segment, [batch]);
        });
        var records = [];
        bySegment.forEach(function(list, segment) {
          var blocks = 0, bytes = 0;
          list.forEach(function(batch) {
            blocks += batch.indexes.length;
            bytes += batch.bytes;
          });
          var indexes = new Uint32Array(blocks), lengths = new Uint32Array(blocks), data = new Uint8Array(bytes);
          var at = 0, offset = 0;
          list.forEach(function(batch) {
            indexes.set(batch.indexes, at);
            lengths.set(batch.lengths, at);
            data.set(new Uint8Array(job.chunks[batch.chunk], batch.offset, batch.bytes), offset);
            at += batch.indexes.length;
            offset += batch.bytes;
          });
          records.push({segment: segment, value: {indexes: indexes, lengths: lengths, data: data.buffer}});
        });
        return records;
      };
      var run = function(db, job) {
        var tx = null;
        var reply = {type: job.type === 'compact' ? 'compacted' : 'written', id: job.id, done: false,
          chunks: job.chunks};
        var finish = function(done, err) {
          if (running && running.tx === tx) running = null;
          reply.done = done;
          if (!done) reply.error = errorOf(err || new Error('the browser aborted the write'));
          answer(reply, job.chunks);
        };
        if (abandoned.delete(job.id)) {
          finish(false, new Error('abandoned: another tab took over'));
          return;
        }
        try {
          // (a compaction stores no new commit: it leaves meta alone)
          var names = job.type === 'compact' ? ['segments', 'blocks'] : ['segments', 'blocks', 'meta'];
          tx = db.transaction(names, 'readwrite', {durability: 'strict'});
          var blocks = tx.objectStore('blocks');
          var segments = tx.objectStore('segments');
          if (job.type === 'compact') {
            job.segments.forEach(function(item) {
              var first = item.segment * job.segmentBlocks;
              segments.put(new Blob([new Uint8Array(job.chunks[item.chunk], 0, item.bytes)]), item.segment);
              // The records over it: an earlier Grove's, one per block, and today's, one per write.
              blocks.delete(IDBKeyRange.bound(first, first + job.segmentBlocks - 1));
              blocks.delete(IDBKeyRange.bound([item.segment], [item.segment, Infinity]));
            });
          } else {
            var count = Math.ceil(job.size / job.blockSize);
            var kept = Math.ceil(count / job.segmentBlocks);
            reply.bytes = 0;
            reply.blocks = 0;
            reply.over = [];
            recordsOf(job, kept).forEach(function(record) {
              blocks.put(record.value, [record.segment, job.seq]);
              reply.bytes += record.value.data.byteLength;
              reply.blocks += record.value.indexes.length;
              reply.over.push([record.segment, record.value.indexes.length]);
            });
            // What lies past the file's end goes: an earlier Grove's blocks past it, and the segments and
            // records of segments wholly past it.
            blocks.delete(IDBKeyRange.bound(count, Infinity));
            blocks.delete(IDBKeyRange.bound([kept], [Infinity]));
            segments.delete(IDBKeyRange.lowerBound(kept));
            tx.objectStore('meta').put(job.meta, 'db');
          }
          running = {id: job.id, tx: tx};
          tx.oncomplete = function() { finish(true); };
          tx.onabort = function() { finish(false, tx.error); };
          if (tx.commit) tx.commit();  // everything is asked: no need to wait for this task's end
        } catch (err) {
          if (tx) {
            tx.onabort = null;
            try { tx.abort(); } catch (e) {}
          }
          finish(false, err);
        }
      };
      scope.onmessage = function(event) {
        var job = event.data;
        if (job.type === 'abort') {
          if (running && running.id === job.id) {
            try { running.tx.abort(); } catch (e) {}  // (too late once it is committing)
          } else {
            abandoned.add(job.id);  // still waiting for the database to open: it never starts
          }
          return;
        }
        open().then(function(db) { run(db, job); }, function(err) {
          answer({type: job.type === 'compact' ? 'compacted' : 'written', id: job.id, done: false,
            error: errorOf(err), chunks: job.chunks}, job.chunks);
        });
      };
    },

    // ---- Keeping the records over the segments few ----

    // The segments to write again, most-covered first: those with many blocks over them, or any while the
    // blocks are many in all (or, for tests, every segment with anything over it, when `all`).
    segmentsToCompact: function(all) {
      var S = GroveStorage;
      var chosen = [];
      S.over.forEach(function(count, segment) {
        if (all || count >= S.kCompactSegment || S.overTotal > S.kCompactTotal) chosen.push([count, segment]);
      });
      chosen.sort(function(a, b) { return b[0] - a[0]; });
      return chosen.slice(0, all ? chosen.length : S.kCompactPerWrite).map(function(pair) { return pair[1]; });
    },

    scheduleCompaction: function() {
      var S = GroveStorage;
      clearTimeout(S.compactTimer);
      S.compactTimer = setTimeout(function() { S.compact(); }, S.kCompactDelayMs);
    },

    // Only while everything is stored and no transaction has written pages it has not committed (an upload
    // applied over several frames): memory then equals what is stored. The chosen segments are copied from
    // memory and the writer stores them and deletes the records over them, in one transaction; a commit
    // meanwhile waits for it.
    compact: function(all) {
      var S = GroveStorage;
      if (!S.writer || S.givingWay || !S.post || S.hold || S.busy() || S.inFlight) return;
      if (Module['_grove_web_uncommitted']()) {
        S.scheduleCompaction();  // again once the transaction is over
        return;
      }
      var chosen = S.segmentsToCompact(all);
      var size = Module['_grove_web_file_size']();
      var count = Math.ceil(size / S.kBlockSize);
      chosen = chosen.filter(function(segment) { return segment * S.kSegmentBlocks < count; });
      if (!chosen.length) return;
      var job = {type: 'compact', id: ++S.jobs, segmentBlocks: S.kSegmentBlocks, segments: [], chunks: []};
      chosen.forEach(function(segment) {
        var first = segment * S.kSegmentBlocks;
        var last = Math.min(count, first + S.kSegmentBlocks);
        var bytes = Math.min(S.kSegmentBlocks * S.kBlockSize, size - first * S.kBlockSize);
        var buffer = S.takeBuffer(bytes);
        var out = new Uint8Array(buffer);
        for (var index = first; index < last; index++) {
          var pointer = Module['_grove_web_block_data'](index);
          var at = (index - first) * S.kBlockSize;
          var n = Math.min(S.kBlockSize, size - index * S.kBlockSize);
          if (pointer) out.set(HEAPU8.subarray(pointer, pointer + n), at);
          else out.fill(0, at, at + n);
        }
        job.segments.push({segment: segment, chunk: job.chunks.push(buffer) - 1, bytes: bytes});
      });
      S.inFlight = {id: job.id, compaction: true, segments: chosen, size: size, seq: S.savedSeq};
      S.post(job, job.chunks);
    },

    compacted: function(answer) {
      var S = GroveStorage;
      var flight = S.inFlight;
      S.giveBack(answer.chunks);
      if (!flight || flight.id !== answer.id) return;
      S.inFlight = null;
      if (answer.done) {
        S.stats.compactions++;
        flight.segments.forEach(function(segment) {
          S.overTotal -= S.over.get(segment) || 0;
          S.over.delete(segment);
        });
      }
      if (S.pendingSize >= 0) {
        S.write();
      } else {
        S.idle();
        if (answer.done) S.scheduleCompaction();
      }
    },

    // A write that did not land: its batches go back in the queue, before those queued since (which are
    // newer, so they are placed after them and win), and the top bar says why.
    failed: function(pending, size, err) {
      var S = GroveStorage;
      if (S.pendingSize < 0) S.pendingSize = size;
      var shift = pending.chunks.length;
      S.pending.batches.forEach(function(batch) { batch.chunk += shift; });
      S.pending = {chunks: pending.chunks.concat(S.pending.chunks), batches: pending.batches.concat(S.pending.batches)};
      S.setState(GroveWeb.kNotSaved, S.failureText(err));
      clearTimeout(S.retryTimer);
      S.retryTimer = setTimeout(function() { S.write(); }, S.kRetryMs);
      S.idle();
    },

    idle: function() {
      var S = GroveStorage;
      if (S.busy() && S.state !== GroveWeb.kNotSaved) return;
      var waiting = S.onIdle.splice(0);
      waiting.forEach(function(run) { run(); });
    },

    // The browser closed the database under us (site data cleared): everything is stored again, into a
    // fresh database, with the next write (the writer opens it again; a write running fails and is queued
    // again).
    storageClosed: function() {
      var S = GroveStorage;
      S.storeLost = true;
      S.setState(GroveWeb.kNotSaved, 'The browser closed Grove\u2019s storage (were this site\u2019s data ' +
          'cleared?). Everything is kept in this tab; Grove stores it again with the next change.');
    },

    // ---- Tabs ----

    becomeReader: function(why) {
      var S = GroveStorage;
      S.readOnly = why;
      S.canTakeOver = !!(navigator.locks && navigator.locks.request);
      GroveWeb.scheduleFrame();
    },

    // Another tab asks to take over: nothing changes here any more; what is queued is stored; then the lock
    // goes and the other tab hears so.
    giveWay: function() {
      var S = GroveStorage;
      if (S.givingWay) return;
      S.givingWay = true;
      S.becomeReader(S.kTakenOver);
      S.setReadOnlyInCore(S.kRefusal);
      S.onIdle.push(function() {
        S.writer = false;
        S.givingWay = false;
        if (S.releaseLock) S.releaseLock();
        S.releaseLock = null;
      });
      S.write();
      S.idle();
    },

    // The lock was taken without this tab giving way (it did not answer in time): it stops writing at
    // once; a write still running is abandoned (the other tab reads after it either way).
    lostLock: function() {
      var S = GroveStorage;
      var hadQueued = S.busy();
      S.writer = false;
      S.releaseLock = null;
      if (S.inFlight) {
        var id = S.inFlight.id;
        S.inFlight = null;
        if (S.post) S.post({type: 'abort', id: id});  // its answer then only hands the buffers back
      }
      S.pending = {chunks: [], batches: []};
      S.pendingSize = -1;
      S.becomeReader(S.kTakenOver);
      S.setReadOnlyInCore(S.kRefusal);
      if (hadQueued) {
        S.setState(GroveWeb.kNotSaved, 'Another tab took over before this tab\u2019s latest changes were ' +
            'stored, so they were not.');
      }
    },

    setReadOnlyInCore: function(why) {
      var length = lengthBytesUTF8(why) + 1;
      var buffer = _malloc(length);
      stringToUTF8(why, buffer, length);
      Module['_grove_web_set_read_only'](buffer);
      _free(buffer);
    },

    // This tab becomes the writer: the writer stores what it has and lets go (or the lock is taken after
    // a wait); then this page reloads with the latest data and claims the lock as it opens.
    takeOver: function() {
      var S = GroveStorage;
      if (!S.canTakeOver) return;
      S.canTakeOver = false;
      S.readOnly = 'Taking over\u2026 the other tab stores its latest changes first.';
      GroveWeb.scheduleFrame();
      var done = false;
      var reload = function() {
        if (done) return new Promise(function() {});
        done = true;
        try {
          sessionStorage.setItem(S.kTakeOverKey, '1');
        } catch (e) {}
        location.reload();
        return new Promise(function() {});  // held until the page goes
      };
      navigator.locks.request(S.kLock, reload).catch(function() {});
      if (S.channel) S.channel.postMessage({type: 'take-over'});
      setTimeout(function() {
        if (!done) navigator.locks.request(S.kLock, {steal: true}, reload).catch(function() {});
      }, S.kTakeOverWaitMs);
    },
  },

  // ---- Called from C++ (web/web_main.cpp, web/platform_web.cpp) ----

  grove_web_open_data: function() {
    GroveStorage.openData();
  },

  grove_web_store_blocks: function(indices, data, lengths, count, size) {
    GroveStorage.storeBlocks(indices, data, lengths, count, size);
  },

  grove_web_describe_change: function(text) {
    GroveStorage.describeChange(UTF8ToString(text));
  },

  // After every commit (Platform::request_save): the blocks are queued already; start the write.
  grove_web_request_save: function() {
    GroveStorage.schedule();
  },

  // Returns the state (0 saved, 1 saving, 2 not saved) and copies the reason into buf.
  grove_web_save_status: function(buf, size) {
    stringToUTF8(GroveStorage.reason, buf, size);
    return GroveStorage.state;
  },

  // 0: why this tab is read-only, 1: what an earlier session never stored; returns whether take-over is
  // possible (for 0).
  grove_web_storage_text: function(which, buf, size) {
    var S = GroveStorage;
    stringToUTF8(which === 0 ? S.readOnly : S.lost, buf, size);
    return S.canTakeOver ? 1 : 0;
  },

  grove_web_take_over: function() {
    GroveStorage.takeOver();
  },

  grove_web_dismiss_lost: function() {
    GroveStorage.lost = '';
    GroveWeb.scheduleFrame();
  },
};

autoAddDeps(GroveStorageLibrary, '$GroveStorage');
mergeInto(LibraryManager.library, GroveStorageLibrary);
