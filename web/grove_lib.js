// The browser half of Grove's platform (an Emscripten --js-library): files in and out, frames on
// demand, text input, fonts, and window.groveUi for tests. Saving is web/grove_storage.js.
//
// Pointer and wheel: Emscripten's GLFW reports a touch at the previous pointer position and the
// wheel's pixels as notches with the wrong sign, so the page listens itself (pointer events for mouse,
// pen and touch; wheel events with their deltaMode) and hands each event to C++'s input queue
// (shell/input_queue.h), which replays a move, press and release over consecutive frames.
//
// Text: Emscripten's GLFW hears keypresses only, never what an input method (Chinese, Japanese,
// Korean) composes nor text inserted without a key. While ImGui wants text, a hidden textarea at
// the text caret has the focus; what its input events insert (a letter, a committed composition)
// goes to the input queue as text. Keys (Backspace, arrows, Enter, Ctrl+A) still reach ImGui through
// GLFW's key listeners on the window, as before.
//
// Fonts for other scripts (Platform::fetch_font) are fetched from fonts/ next to the page only when
// the text engine needs one, and kept in Cache Storage so they are there offline.

var GroveLibrary = {
  $GroveWeb__deps: ['$GroveStorage', '$GroveA11y', '$Browser', 'malloc', 'free'],
  $GroveWeb__postset: 'GroveWeb.install();',
  $GroveWeb: {
    kSaved: 0,
    kSaving: 1,
    kNotSaved: 2,
    frameScheduled: false,
    clipboard: '',  // the last text copied in Grove or pasted into the page
    ticks: 0,
    startedAt: 0,
    firstFrameAt: 0,
    readyAt: 0,
    started: false,
    ready: false,

    install: function() {
      if (typeof window === 'undefined') return;
      GroveStorage.install();
      window.addEventListener('resize', GroveWeb.fitCanvas);
      GroveWeb.watchPixelRatio();
      // Paste: the browser fires 'paste' right after the Ctrl+V keydown and before the next frame,
      // when ImGui asks for the clipboard; keep its text for grove_web_clipboard_get.
      document.addEventListener('paste', function(event) {
        var text = event.clipboardData ? event.clipboardData.getData('text/plain') : null;
        if (text) {
          GroveWeb.clipboard = text;
          GroveWeb.scheduleFrame();
        }
      });
      GroveWeb.createTextField();
      window.groveUi = {
        ready: false,
        // What the last frame drew, in CSS pixels relative to the page.
        snapshot: GroveWeb.snapshot,
        // True when no frame is due: the app drew everything the last input asked for.
        idle: function() { return GroveWeb.started && !GroveWeb.frameScheduled; },
        // Animation frames run so far (each may or may not draw): stays still while the page is idle.
        ticks: function() { return GroveWeb.ticks; },
        // Platform::fetch_font for `name` through C++: {size, error} once it answered (poll it).
        fetchFont: function(name) {
          var size = lengthBytesUTF8(name) + 1;
          var buffer = _malloc(size);
          stringToUTF8(name, buffer, size);
          Module['_grove_web_test_fetch_font'](buffer);
          _free(buffer);
        },
        fetchedFont: function(name) {
          var size = lengthBytesUTF8(name) + 1;
          var buffer = _malloc(size);
          stringToUTF8(name, buffer, size);
          var answer = JSON.parse(UTF8ToString(Module['_grove_web_fetched_font_json'](buffer)));
          _free(buffer);
          return answer;
        },
        // 'saved' | 'saving' | 'not-saved', and why not; whether this tab is read-only (another tab saves).
        saveStatus: function() {
          var names = ['saved', 'saving', 'not-saved'];
          var S = GroveStorage;
          return {state: names[S.state], reason: S.reason, readOnly: S.readOnly, canTakeOver: S.canTakeOver,
            lost: S.lost, writer: S.writer};
        },
        // What saving cost: writes, bytes and blocks of the last one, main-thread and total milliseconds.
        storageStats: function() {
          var S = GroveStorage;
          return Object.assign({seq: S.seq, savedSeq: S.savedSeq, busy: S.busy(), writerStarted: !!S.post,
            writerInWorker: !!S.worker, spareBytes: S.spareBytes, writing: !!S.inFlight}, S.stats);
        },
        // Writes every segment with records over it again now, as compaction does when they are many (only
        // while everything is stored); returns whether that write started (storageStats().compactions counts
        // those done).
        compactStorage: function() {
          GroveStorage.compact(true);
          return !!GroveStorage.inFlight && !!GroveStorage.inFlight.compaction;
        },
        // Holds writes back (commits queue) until called with false.
        holdSaves: function(hold) {
          GroveStorage.hold = hold;
          if (!hold) GroveStorage.write();
        },
        // Milliseconds since the page's navigation began: main() ran (the code loaded), the first frame drawn,
        // and the data ready.
        timings: function() {
          return {main: GroveWeb.startedAt || 0, firstFrame: GroveWeb.firstFrameAt || 0, ready: GroveWeb.readyAt || 0};
        },
        // What the screen-reader mirror cost so far (web/grove_a11y.js).
        mirrorStats: function() { return GroveA11y.stats(); },
        // PRAGMA integrity_check and the groups' names, from the open database.
        check: function() {
          return JSON.parse(UTF8ToString(Module['_grove_web_test_check']()));
        },
      };
    },

    // Copies a picked or dropped file into wasm memory and calls deliver(name, data, size) with both pointers,
    // freeing them after. The file is read a slice at a time (kFileSlice bytes, each its own task) straight into
    // its place in wasm memory: never the whole file as one more ArrayBuffer in JavaScript, and no task that
    // copies all of a large file at once. A file the tab cannot hold (the wasm allocation fails: a tab's
    // WebAssembly memory ends at 2 GB) or cannot read goes to grove_web_file_refused, which says so in the app,
    // instead of aborting or writing through a null pointer. Module.groveTestFileLimit (bytes) lets a test play a
    // tab with less memory; Module.groveTestFileSlice sets the slice's size and Module.groveTestFileSlices counts
    // the slices of the last file (tests).
    kFileSlice: 1 << 20,
    handFileOver: function(file, deliver, id) {
      var refuse = function(err) {
        if (err) console.error('grove: cannot read ' + file.name + ': ' + GroveWeb.describe(err));
        var nameSize = lengthBytesUTF8(file.name) + 1;
        var name = _malloc(nameSize);
        if (!name) return;
        stringToUTF8(file.name, name, nameSize);
        Module['_grove_web_file_refused'](id, name, file.size);
        _free(name);
        GroveWeb.scheduleFrame();
      };
      var limit = Module['groveTestFileLimit'];
      if (limit !== undefined && file.size > limit) {
        refuse(null);
        return;
      }
      var size = file.size;
      var data = _malloc(Math.max(1, size));
      if (!data) {
        refuse(null);
        return;
      }
      var slices = 0;
      var at = 0;
      var fail = function(err) {
        _free(data);
        refuse(err);
      };
      var next = function() {
        if (at >= size) {
          Module['groveTestFileSlices'] = slices;
          var nameSize = lengthBytesUTF8(file.name) + 1;
          var name = _malloc(nameSize);
          if (!name) {
            fail(null);
            return;
          }
          stringToUTF8(file.name, name, nameSize);
          deliver(name, data, size);
          _free(name);
          _free(data);
          GroveWeb.scheduleFrame();
          return;
        }
        var end = Math.min(size, at + (Module['groveTestFileSlice'] || GroveWeb.kFileSlice));
        file.slice(at, end).arrayBuffer().then(function(buffer) {
          if (buffer.byteLength !== end - at) {
            fail(new Error('the file changed while it was read'));
            return;
          }
          HEAPU8.set(new Uint8Array(buffer), data + at);  // HEAPU8 as it is now: memory may have grown meanwhile
          at = end;
          slices++;
          next();
        }, fail);
      };
      next();
    },

    describe: function(err) {
      if (!err) return 'unknown error';
      if (err.message) return err.message;
      if (err.errno !== undefined) return 'errno ' + err.errno;
      return String(err);
    },

    // ---- Pointer and wheel, into C++'s input queue in canvas pixels. ----
    kTouchSlop: 10,  // CSS pixels a finger moves before a touch is a scroll, not a tap
    touch: null,     // the finger down: {id, x, y, lastX, lastY, scrolling}
    mouseButtons: 0, // PointerEvent.buttons last reported for the mouse or pen

    canvasPoint: function(event) {
      var canvas = Module['canvas'];
      var rect = canvas.getBoundingClientRect();
      return [(event.clientX - rect.left) * canvas.width / (rect.width || 1),
        (event.clientY - rect.top) * canvas.height / (rect.height || 1)];
    },

    pointerTo: function(event) {
      var point = GroveWeb.canvasPoint(event);
      Module['_grove_web_pointer_move'](point[0], point[1]);
    },

    // PointerEvent.buttons' bits (1 left, 2 right, 4 middle, ...) are ImGui's buttons 0, 1, 2, ... in order.
    sendButtons: function(buttons) {
      var changed = buttons ^ GroveWeb.mouseButtons;
      GroveWeb.mouseButtons = buttons;
      for (var bit = 0; bit < 5; bit++) {
        if (changed & (1 << bit)) Module['_grove_web_pointer_button'](bit, (buttons >> bit) & 1);
      }
    },

    onPointer: function(event) {
      if (!GroveWeb.started) return;
      if (event.pointerType === 'touch') {
        GroveWeb.onTouch(event);
        return;
      }
      if (event.type === 'pointerleave') {
        if (!GroveWeb.mouseButtons) Module['_grove_web_pointer_left']();
        return;
      }
      GroveWeb.pointerTo(event);
      GroveWeb.sendButtons(event.buttons);
      if (event.type === 'pointerdown') {
        try { Module['canvas'].setPointerCapture(event.pointerId); } catch (e) {}
      }
    },

    // A finger: a tap clicks where it touched (the pointer there first, then press and release);
    // a finger that moves scrolls what is under it, as a wheel would, and clicks nothing.
    onTouch: function(event) {
      var t = GroveWeb.touch;
      if (event.type === 'pointerdown') {
        if (t) return;  // a second finger: the first one leads
        GroveWeb.touch = {id: event.pointerId, x: event.clientX, y: event.clientY, lastX: event.clientX,
          lastY: event.clientY, scrolling: false};
        GroveWeb.pointerTo(event);
        return;
      }
      if (!t || t.id !== event.pointerId) return;
      if (event.type === 'pointermove') {
        if (!t.scrolling && Math.hypot(event.clientX - t.x, event.clientY - t.y) > GroveWeb.kTouchSlop) {
          t.scrolling = true;
        }
        if (t.scrolling) {
          var ratio = window.devicePixelRatio || 1;
          // The content follows the finger: moving it up scrolls down.
          Module['_grove_web_wheel']((t.lastX - event.clientX) * ratio, (t.lastY - event.clientY) * ratio, 0);
        }
        t.lastX = event.clientX;
        t.lastY = event.clientY;
        return;
      }
      GroveWeb.touch = null;
      if (event.type === 'pointerup' && !t.scrolling) {
        GroveWeb.pointerTo(event);
        Module['_grove_web_pointer_button'](0, 1);
        Module['_grove_web_pointer_button'](0, 0);
      }
      Module['_grove_web_pointer_left']();  // no hover stays behind a lifted finger
    },

    onWheel: function(event) {
      if (!GroveWeb.started || event.ctrlKey) return;  // Ctrl+wheel zooms the page
      event.preventDefault();
      GroveWeb.pointerTo(event);
      Module['_grove_web_wheel'](event.deltaX, event.deltaY, event.deltaMode);
    },

    listenToPointer: function() {
      var canvas = Module['canvas'];
      ['pointerdown', 'pointermove', 'pointerup', 'pointercancel', 'pointerleave'].forEach(function(type) {
        canvas.addEventListener(type, GroveWeb.onPointer);
      });
      canvas.addEventListener('wheel', GroveWeb.onWheel, {passive: false});
    },

    // ---- Text typed, composed by an input method, or inserted: into C++'s input queue. ----
    textField: null,
    composing: false,  // between compositionstart and compositionend: nothing is sent yet

    sendText: function(text) {
      if (!text || !GroveWeb.started) return;
      var size = lengthBytesUTF8(text) + 1;
      var buffer = _malloc(size);
      if (!buffer) return;
      stringToUTF8(text, buffer, size);
      Module['_grove_web_text'](buffer);
      _free(buffer);
    },

    createTextField: function() {
      var field = document.createElement('textarea');
      field.id = 'grove-text-input';
      field.setAttribute('aria-hidden', 'true');
      field.setAttribute('tabindex', '-1');
      field.setAttribute('autocomplete', 'off');
      field.setAttribute('autocorrect', 'off');
      field.setAttribute('autocapitalize', 'off');
      field.setAttribute('spellcheck', 'false');
      // Invisible and click-through; a composition in progress shows in it (see showComposition).
      field.style.cssText = 'position: fixed; left: 0; top: 0; width: 1px; height: 16px; margin: 0; padding: 0;' +
          ' border: 0; outline: none; resize: none; overflow: hidden; white-space: pre; opacity: 0;' +
          ' pointer-events: none; z-index: 1; font: 16px/1.2 system-ui, sans-serif; color: transparent;' +
          ' background: transparent; caret-color: transparent;';
      field.addEventListener('compositionstart', function() {
        GroveWeb.composing = true;
        GroveWeb.showComposition(true);
      });
      field.addEventListener('compositionend', function(event) {
        GroveWeb.composing = false;
        GroveWeb.showComposition(false);
        GroveWeb.sendText(event.data);
        field.value = '';
      });
      field.addEventListener('input', function(event) {
        if (GroveWeb.composing || event.isComposing) {
          GroveWeb.fitComposition();
          return;
        }
        // A typed letter, or text inserted at once (an on-screen keyboard's suggestion). Line
        // breaks and deletions are keys ImGui already saw; the committed composition came with
        // compositionend (Safari follows it with insertFromComposition); pasting is ImGui's (Ctrl+V).
        if (event.inputType === 'insertText' || event.inputType === 'insertReplacementText') {
          GroveWeb.sendText(event.data !== null && event.data !== undefined ? event.data : field.value);
        }
        field.value = '';
      });
      // Ctrl+V: ImGui pastes what the document's paste listener kept; the textarea must not as well.
      field.addEventListener('paste', function(event) { event.preventDefault(); });
      // A keypress while the textarea is not focused yet (typed in the frame that activated the text
      // field): its character goes in directly, as GLFW's keypress listener did.
      window.addEventListener('keypress', function(event) {
        if (event.target === field || GroveA11y.editing() || event.ctrlKey || event.metaKey || event.isComposing) return;
        if (event.charCode >= 0x20 && event.charCode !== 0x7f) GroveWeb.sendText(String.fromCodePoint(event.charCode));
      });
      document.body.appendChild(field);
      GroveWeb.textField = field;
    },

    // While an input method composes, the textarea shows the composition (as the person would see it
    // in any text field) over Grove's own field; it hides again once the text is committed.
    showComposition: function(show) {
      var style = GroveWeb.textField.style;
      style.opacity = show ? '1' : '0';
      style.color = show ? '#101828' : 'transparent';
      style.background = show ? '#ffffff' : 'transparent';
      style.boxShadow = show ? 'inset 0 -2px 0 #059669' : 'none';
      if (show) {
        GroveWeb.fitComposition();
      } else {
        style.width = '1px';
      }
    },

    fitComposition: function() {
      var field = GroveWeb.textField;
      field.style.width = '1px';
      field.style.width = Math.max(1, field.scrollWidth + 2) + 'px';
    },

    // After each drawn frame: whether ImGui wants text, and where its caret is (canvas pixels).
    setTextInput: function(want, x, y, height) {
      var field = GroveWeb.textField;
      var canvas = Module['canvas'];
      if (!field || !canvas) return;
      if (want) {
        var rect = canvas.getBoundingClientRect();
        var sx = rect.width / (canvas.width || 1);
        var sy = rect.height / (canvas.height || 1);
        var lineHeight = Math.max(1, height * sy);
        field.style.left = Math.round(rect.left + Math.max(0, x) * sx) + 'px';
        field.style.top = Math.round(rect.top + Math.max(0, y) * sy) + 'px';
        field.style.height = Math.round(lineHeight) + 'px';
        // Phones zoom into a field whose text is under 16px when it gets the focus.
        field.style.fontSize = Math.max(16, Math.round(lineHeight * 0.8)) + 'px';
        // A field of the screen-reader mirror being typed into keeps the focus: it sets ImGui's field itself.
        if (document.activeElement !== field && !GroveA11y.editing()) field.focus({preventScroll: true});
      } else if (document.activeElement === field) {
        // Keys go where they went before ImGui's text field was active (and phones hide their keyboard).
        field.blur();
        field.value = '';
      }
    },

    // ---- Fonts for other scripts, fetched when needed and kept in Cache Storage. ----
    kFontCache: 'grove-fonts-v1',

    // Resolves to the font's bytes (an ArrayBuffer); rejects with a sentence naming the file.
    fetchFont: function(name) {
      var url = 'fonts/' + encodeURIComponent(name);
      var fromNetwork = function(cache) {
        return fetch(url).then(function(response) {
          if (!response.ok) {
            throw new Error('The font ' + name + ' could not be downloaded (the server answered ' + response.status +
                (response.statusText ? ' ' + response.statusText : '') + ').');
          }
          var stored = cache ? cache.put(url, response.clone()).catch(function() {}) : Promise.resolve();
          return Promise.all([response.arrayBuffer(), stored]).then(function(results) { return results[0]; });
        }, function(err) {
          throw new Error('The font ' + name + ' could not be downloaded (' + GroveWeb.describe(err) +
              '): this browser is offline or the server cannot be reached, and the font was not stored here before.');
        });
      };
      // Cache Storage exists only in secure contexts (https, localhost): elsewhere just fetch.
      if (typeof caches === 'undefined' || (typeof isSecureContext !== 'undefined' && !isSecureContext)) {
        return fromNetwork(null);
      }
      return caches.open(GroveWeb.kFontCache).then(function(cache) {
        return cache.match(url).then(function(hit) {
          return hit ? hit.arrayBuffer() : fromNetwork(cache);
        });
      }, function() {
        return fromNetwork(null);  // storage refused (a private window, a full disk): the network only
      });
    },

    // ---- Downloads: a Blob offered through a link the page clicks. ----
    nextDownload: 1,
    downloads: {},  // id -> {name, mime, pieces}: downloads being written in pieces

    // The worker that makes a download's pieces Blobs (grove_web_download_append), started on first use; null
    // where workers cannot start (the pieces then become Blobs on the page's thread).
    worker: undefined,
    finishing: {},  // id -> download whose Blob the worker is making
    // Buffers the worker handed back once it made a piece's Blob, for the next pieces: copying a 4 MB piece into a
    // new ArrayBuffer cost the page about 15 ms, nearly all of it the first touch of fresh memory, against about
    // 1 ms into a used one; a third of the membership report's time on the page (docs/performance.md).
    spares: [],
    kSpares: 8,  // a slice of work may write five or six pieces before the worker can hand any back
    kPieceBytes: 5 * 1024 * 1024,  // a piece is about 4 MiB (shell/screens/exchange_screen.cpp) and one slice more
    blobWorker: function() {
      if (GroveWeb.worker !== undefined) return GroveWeb.worker;
      GroveWeb.worker = null;
      try {
        var code = 'var pieces = {};\n' +
            'onmessage = function(e) {\n' +
            '  var m = e.data;\n' +
            '  if (m.begin) pieces[m.id] = [];\n' +
            '  else if (m.piece) {\n' +
            '    if (pieces[m.id]) pieces[m.id].push(new Blob([new Uint8Array(m.piece, 0, m.size)]));\n' +
            '    postMessage({spare: m.piece}, [m.piece]);\n' +
            '  }\n' +
            '  else if (m.finish !== undefined) {\n' +
            '    postMessage({id: m.id, blob: new Blob(pieces[m.id] || [], {type: m.finish})});\n' +
            '    delete pieces[m.id];\n' +
            '  } else if (m.cancel) delete pieces[m.id];\n' +
            '};\n';
        var url = URL.createObjectURL(new Blob([code], {type: 'text/javascript'}));
        var worker = new Worker(url);  // the URL is kept: the worker loads it after this returns
        worker.onmessage = function(e) {
          if (e.data.spare) {
            // Kept while a download is being written; after the last, the memory goes back.
            var writing = Object.keys(GroveWeb.downloads).length > 0;
            if (writing && GroveWeb.spares.length < GroveWeb.kSpares) GroveWeb.spares.push(e.data.spare);
            return;
          }
          if (Object.keys(GroveWeb.downloads).length === 0) GroveWeb.spares = [];
          var download = GroveWeb.finishing[e.data.id];
          delete GroveWeb.finishing[e.data.id];
          if (download) GroveWeb.offerBlob(e.data.blob, download.name);
        };
        GroveWeb.worker = worker;
      } catch (err) {
        GroveWeb.worker = null;
      }
      return GroveWeb.worker;
    },

    offerBlob: function(blob, name) {
      var url = URL.createObjectURL(blob);
      var link = document.createElement('a');
      link.href = url;
      link.download = name;
      link.style.display = 'none';
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(function() { URL.revokeObjectURL(url); }, 60000);
    },

    // ---- Frames: requestAnimationFrame only while C++ says frames are due. ----
    scheduleFrame: function() {
      if (!GroveWeb.started || GroveWeb.frameScheduled) return;
      GroveWeb.frameScheduled = true;
      requestAnimationFrame(GroveWeb.runFrame);
    },

    runFrame: function() {
      GroveWeb.frameScheduled = false;
      GroveWeb.ticks++;
      var more = Module['_grove_web_tick']();
      GroveA11y.update();  // the screen-reader mirror, when this frame changed what it shows (grove_a11y.js)
      if (!GroveWeb.firstFrameAt) GroveWeb.firstFrameAt = performance.now();
      if (more) GroveWeb.scheduleFrame();
    },

    // ---- The canvas fills the window, in device pixels for crisp text. ----
    pixelSize: function() {
      var ratio = window.devicePixelRatio || 1;
      return [Math.max(1, Math.round(window.innerWidth * ratio)), Math.max(1, Math.round(window.innerHeight * ratio))];
    },

    fitCanvas: function() {
      var canvas = Module['canvas'];
      if (!canvas) return;
      var size = GroveWeb.pixelSize();
      if (canvas.width !== size[0] || canvas.height !== size[1]) {
        // Emscripten's GLFW hears of it through Browser's resize listeners (window size callback).
        Browser.setCanvasSize(size[0], size[1]);
      }
      GroveWeb.scheduleFrame();
    },

    // Zoom or a move to another screen changes devicePixelRatio, sometimes without a resize event.
    watchPixelRatio: function() {
      if (!window.matchMedia) return;
      var query = window.matchMedia('(resolution: ' + (window.devicePixelRatio || 1) + 'dppx)');
      var onChange = function() {
        query.removeEventListener('change', onChange);
        GroveWeb.fitCanvas();
        GroveWeb.watchPixelRatio();
      };
      query.addEventListener('change', onChange);
    },

    snapshot: function() {
      var canvas = Module['canvas'];
      if (!GroveWeb.started || !canvas) return {items: [], texts: [], textBoxes: [], missingGlyphs: 0, focusLabel: ''};
      var raw = JSON.parse(UTF8ToString(Module['_grove_web_ui_snapshot_json']()));
      var rect = canvas.getBoundingClientRect();
      var sx = rect.width / canvas.width;
      var sy = rect.height / canvas.height;
      var left = rect.left + window.scrollX;
      var top = rect.top + window.scrollY;
      return {
        items: raw.items.map(function(item) {
          var out = {label: item.label, x: left + item.x * sx, y: top + item.y * sy, w: item.w * sx, h: item.h * sy};
          if (item.value !== undefined) out.value = item.value;  // a progress bar's fraction done (0..1)
          return out;
        }),
        texts: raw.texts,
        // The widget with ImGui's keyboard focus (its focus ring), by name; '' when none.
        focusLabel: raw.focusLabel,
        // Characters the last frame drew without a glyph of their own (a script font missing or loading).
        missingGlyphs: raw.missingGlyphs,
        // Where each of texts was drawn: {x, y, w, h}, parallel to texts.
        textBoxes: raw.boxes.map(function(box) {
          return {x: left + box[0] * sx, y: top + box[1] * sy, w: box[2] * sx, h: box[3] * sy};
        }),
      };
    },
  },

  grove_web_canvas_pixel_size: function(width, height) {
    var size = GroveWeb.pixelSize();
    HEAP32[width >> 2] = size[0];
    HEAP32[height >> 2] = size[1];
  },

  grove_web_start: function() {
    GroveWeb.started = true;
    GroveWeb.startedAt = performance.now();
    GroveWeb.listenToPointer();
    GroveWeb.fitCanvas();
    GroveWeb.scheduleFrame();
  },

  grove_web_schedule_frame: function() {
    GroveWeb.scheduleFrame();
  },

  grove_web_set_ready: function() {
    if (GroveWeb.ready) return;
    GroveWeb.ready = true;
    GroveWeb.readyAt = performance.now();
    window.groveUi.ready = true;
    var loading = document.getElementById('loading');
    if (loading) loading.remove();
    window.dispatchEvent(new Event('grove-ready'));
  },

  grove_web_fail: function(message) {
    var text = UTF8ToString(message);
    var loading = document.getElementById('loading');
    if (loading) {
      loading.textContent = text;
      loading.classList.add('failed');
    }
    console.error('grove: ' + text);
  },

  grove_web_set_cursor: function(name) {
    var canvas = Module['canvas'];
    if (canvas) canvas.style.cursor = UTF8ToString(name);
  },


  // Platform::fetch_font: the bytes of fonts/NAME, or a sentence saying why not, to C++ between frames.
  grove_web_fetch_font: function(id, name) {
    var file = UTF8ToString(name);
    var deliver = function(bytes, error) {
      var data = 0;
      var message = 0;
      if (bytes) {
        data = _malloc(Math.max(1, bytes.length));
        HEAPU8.set(bytes, data);
      } else {
        var size = lengthBytesUTF8(error) + 1;
        message = _malloc(size);
        stringToUTF8(error, message, size);
      }
      Module['_grove_web_font_loaded'](id, data, bytes ? bytes.length : 0, message);
      if (data) _free(data);
      if (message) _free(message);
      GroveWeb.scheduleFrame();
    };
    GroveWeb.fetchFont(file).then(function(buffer) {
      var bytes = new Uint8Array(buffer);
      if (bytes.length === 0) {
        deliver(null, 'The font ' + file + ' arrived empty.');
      } else {
        deliver(bytes, '');
      }
    }, function(err) {
      deliver(null, GroveWeb.describe(err));
    });
  },

  // After each drawn frame: ImGui wants text (1) with its caret at (x, y), a line `height` high.
  grove_web_text_input: function(want, x, y, height) {
    GroveWeb.setTextInput(want !== 0, x, y, height);
  },

  grove_web_open_file: function(id, accept) {
    var input = document.createElement('input');
    input.type = 'file';
    input.accept = UTF8ToString(accept);
    input.style.display = 'none';
    document.body.appendChild(input);
    var done = function() { input.remove(); };
    input.addEventListener('cancel', function() {
      done();
      Module['_grove_web_file_cancelled'](id);
    });
    input.addEventListener('change', function() {
      var file = input.files && input.files[0];
      done();
      if (!file) {
        Module['_grove_web_file_cancelled'](id);
        return;
      }
      GroveWeb.handFileOver(file, function(name, data, size) {
        Module['_grove_web_file_opened'](id, name, data, size);
      }, id);
    });
    // Called while handling a click (the frame after it): the browser allows opening the picker.
    input.click();
  },

  // ImGui copied text (Ctrl+C, Ctrl+X): keep it, and hand it to the system clipboard where the
  // browser allows (a secure context such as localhost, shortly after a key press).
  grove_web_clipboard_set: function(text) {
    GroveWeb.clipboard = UTF8ToString(text);
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(GroveWeb.clipboard).catch(function() {});
    }
  },

  // The text ImGui pastes: what was last pasted into the page or copied in Grove (caller frees).
  grove_web_clipboard_get__deps: ['malloc'],
  grove_web_clipboard_get: function() {
    var size = lengthBytesUTF8(GroveWeb.clipboard) + 1;
    var buffer = _malloc(size);
    if (buffer) stringToUTF8(GroveWeb.clipboard, buffer, size);
    return buffer;
  },

  // A file dropped anywhere on the page goes to the app (shell/drop.h), which starts the upload that fits
  // where it was dropped. Dragging over the page shows the copy cursor instead of the browser opening the file.
  grove_web_listen_for_drops__deps: ['malloc', 'free'],
  grove_web_listen_for_drops: function() {
    window.addEventListener('dragover', function(event) {
      if (!event.dataTransfer || Array.prototype.indexOf.call(event.dataTransfer.types, 'Files') < 0) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
    });
    window.addEventListener('drop', function(event) {
      var file = event.dataTransfer && event.dataTransfer.files && event.dataTransfer.files[0];
      if (!file) return;
      event.preventDefault();
      GroveWeb.handFileOver(file, function(name, data, size) {
        Module['_grove_web_file_dropped'](name, data, size);
      }, 0);
    });
  },

  grove_web_download: function(name, data, size, mime) {
    GroveWeb.offerBlob(new Blob([HEAPU8.subarray(data, data + size)], {type: UTF8ToString(mime)}),
        UTF8ToString(name));
  },

  // A download in pieces (a report written over frames). Each piece is copied once out of wasm memory and handed
  // (transferred, not copied) to a small worker that makes it a Blob there: making Blobs is the browser copying
  // the bytes into its blob storage, which cost the page's main thread about 60 ms for each 4 MB piece (1.1 s of
  // a 72 MB report) when it was done here. The file at the end is a Blob of those Blobs, which refers to them
  // without copying; the worker hands it back and the page offers it. Without workers, the same is done here.
  grove_web_download_begin: function(name, mime) {
    var id = GroveWeb.nextDownload++;
    GroveWeb.downloads[id] = {name: UTF8ToString(name), mime: UTF8ToString(mime), pieces: []};
    var worker = GroveWeb.blobWorker();
    if (worker) worker.postMessage({id: id, begin: true});
    return id;
  },

  grove_web_download_append: function(id, data, size) {
    var download = GroveWeb.downloads[id];
    if (!download) return;
    var worker = GroveWeb.blobWorker();
    if (worker) {
      var buffer = null;
      while (GroveWeb.spares.length && !buffer) {
        var spare = GroveWeb.spares.pop();
        if (spare.byteLength >= size) buffer = spare;
      }
      if (!buffer) buffer = new ArrayBuffer(Math.max(size, GroveWeb.kPieceBytes));
      new Uint8Array(buffer, 0, size).set(HEAPU8.subarray(data, data + size));
      worker.postMessage({id: id, piece: buffer, size: size}, [buffer]);
    } else {
      download.pieces.push(new Blob([HEAPU8.subarray(data, data + size)]));
    }
  },

  grove_web_download_finish: function(id) {
    var download = GroveWeb.downloads[id];
    if (!download) return;
    delete GroveWeb.downloads[id];
    var worker = GroveWeb.blobWorker();
    if (worker) {
      GroveWeb.finishing[id] = download;
      worker.postMessage({id: id, finish: download.mime});
    } else {
      GroveWeb.offerBlob(new Blob(download.pieces, {type: download.mime}), download.name);
    }
  },

  grove_web_download_cancel: function(id) {
    delete GroveWeb.downloads[id];
    if (Object.keys(GroveWeb.downloads).length === 0) GroveWeb.spares = [];
    var worker = GroveWeb.blobWorker();
    if (worker) worker.postMessage({id: id, cancel: true});
  },
  };

autoAddDeps(GroveLibrary, '$GroveWeb');
mergeInto(LibraryManager.library, GroveLibrary);
