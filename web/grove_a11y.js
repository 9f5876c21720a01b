// The screen-reader mirror (an Emscripten --js-library, like grove_lib.js): a canvas says nothing to assistive
// technology, so after each frame whose widgets changed this keeps a hidden DOM tree over the canvas with one
// element per widget, in reading order, with its ARIA role, name and state, from the semantics the shell records
// (shell/ui_snapshot.h: items and containers, each with ImGui's ID).
//
// - Elements are keyed by ImGui ID and reused, so they (and the DOM focus) survive a frame; only what changed is
//   written. Labels and values go in as text (textContent, value, setAttribute), never as HTML.
// - The tree is invisible (opacity 0) but present: never display:none, visibility:hidden or aria-hidden. Each
//   element's box is its widget's rectangle, in CSS pixels. It takes no pointer events: the canvas keeps them.
// - Both ways: focusing a mirrored element focuses the ImGui widget; a click, Enter or Space on it clicks the widget
//   (C++ replays a click at its rectangle); typing into a mirrored field sets ImGui's field. ImGui's keyboard focus
//   moves the DOM focus. Keys typed into a mirrored field never reach ImGui as keys as well.

var GroveA11yLibrary = {
  $GroveA11y__deps: ['malloc', 'free'],
  $GroveA11y__postset: 'GroveA11y.install();',
  $GroveA11y: {
    root: null,
    nodes: null,    // key -> element
    lastFocus: 0,   // ImGui's focused widget last frame
    lastText: 0,    // the field ImGui edited last frame
    moving: false,  // the DOM focus is being moved to follow ImGui: not a request to ImGui
    keyboard: false,  // the last input was a key, not a pointer: the DOM focus follows ImGui's into fields too
    updates: 0,     // frames whose semantics changed (for tests and the cost figures)
    unchanged: 0,   // ticks whose semantics had not changed
    totalMs: 0,
    lastMs: 0,
    hadFocus: false,  // an element of the mirror had the DOM focus before this update
    opener: null,   // the element last activated through the mirror: where the focus returns when its dialog closes

    install: function() {
      if (typeof document === 'undefined') return;
      GroveA11y.nodes = new Map();
      var root = document.createElement('main');
      root.id = 'grove-a11y';
      root.setAttribute('aria-label', 'Grove');
      // opacity keeps it in the accessibility tree; pointer-events (inherited) leaves the pointer to the canvas.
      root.style.cssText = 'position:fixed;left:0;top:0;width:0;height:0;margin:0;padding:0;overflow:visible;' +
          'opacity:0;pointer-events:none;z-index:1;contain:layout style;';
      GroveA11y.root = root;
      var attach = function() { document.body.appendChild(root); };
      if (document.body) attach();
      else document.addEventListener('DOMContentLoaded', attach);

      root.addEventListener('focusin', function(event) {
        // The person moved on from what they activated (not into the dialog or menu it opened): nothing to return to.
        var opener = GroveA11y.opener;
        if (opener && event.target !== opener && !event.target.closest('[role=dialog],[role=menu],[role=listbox]')) {
          GroveA11y.opener = null;
        }
        if (GroveA11y.moving) return;
        var id = GroveA11y.idOf(event.target);
        if (id !== null) GroveA11y.call('_grove_web_a11y_focus', id);
      });
      root.addEventListener('click', function(event) {
        var el = GroveA11y.actionable(event.target);
        if (!el) return;
        event.preventDefault();
        GroveA11y.opener = el;
        GroveA11y.call('_grove_web_a11y_activate', GroveA11y.idOf(el));
      });
      root.addEventListener('input', function(event) {
        var el = event.target;
        var id = GroveA11y.idOf(el);
        if (id === null || (el.tagName !== 'INPUT' && el.tagName !== 'TEXTAREA')) return;
        var size = lengthBytesUTF8(el.value) + 1;
        var text = _malloc(size);
        stringToUTF8(el.value, text, size);
        Module['_grove_web_a11y_set_text'](id, text);
        _free(text);
        GroveWeb.scheduleFrame();
      });
      // Registered now, before Emscripten's GLFW adds its own (also on window, capturing): a key typed into a
      // mirrored field is the field's (ImGui hears the text through the input event above), and Enter or Space on
      // a mirrored button activates it here; ImGui must not hear either once more. Tab and Escape still go to ImGui,
      // which moves its focus (and so the DOM's) or closes the dialog.
      var keys = function(event) {
        var target = event.target;
        if (!GroveA11y.root || !(target instanceof Node) || !GroveA11y.root.contains(target) || target === GroveA11y.root) {
          return;
        }
        // Modifiers too: Shift must be held for ImGui when Shift+Tab leaves a mirrored field.
        if (event.key === 'Tab' || event.key === 'Escape' || event.key === 'Shift' || event.key === 'Control' ||
            event.key === 'Alt' || event.key === 'Meta') {
          return;
        }
        if (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA') {
          event.stopImmediatePropagation();
          // Enter in a one-line field does what it does in ImGui's (a dialog's main button), once its text is in.
          if (target.tagName === 'INPUT' && event.key === 'Enter' && event.type === 'keydown' && !event.repeat &&
              !event.isComposing) {
            event.preventDefault();
            GroveA11y.call('_grove_web_a11y_enter', GroveA11y.idOf(target));
          }
          return;
        }
        if (event.key !== 'Enter' && event.key !== ' ') return;
        event.stopImmediatePropagation();
        event.preventDefault();
        var el = GroveA11y.actionable(target);
        if (event.type === 'keydown' && !event.repeat && el) {
          GroveA11y.opener = el;
          GroveA11y.call('_grove_web_a11y_activate', GroveA11y.idOf(el));
        }
      };
      window.addEventListener('keydown', function() { GroveA11y.keyboard = true; }, true);
      window.addEventListener('keydown', keys, true);
      window.addEventListener('keypress', keys, true);
      window.addEventListener('keyup', keys, true);
      // A pointer on the canvas: the person works on the canvas, the mirror's focus goes.
      window.addEventListener('pointerdown', function(event) {
        GroveA11y.keyboard = false;
        GroveA11y.opener = null;
        var active = document.activeElement;
        if (event.target === Module['canvas'] && active && root.contains(active)) active.blur();
      }, true);
    },

    call: function(entry, id) {
      if (id === null || !Module[entry]) return;
      Module[entry](id);
      GroveWeb.scheduleFrame();
    },

    idOf: function(el) {
      while (el && el !== GroveA11y.root) {
        if (el.dataset && el.dataset.id) return Number(el.dataset.id) >>> 0;
        el = el.parentNode;
      }
      return null;
    },

    // The element a click activates: a button, link, checkbox, menu item or tab (not a container, not a field).
    actionable: function(el) {
      while (el && el !== GroveA11y.root) {
        if (el.dataset && el.dataset.act === '1') return el;
        el = el.parentNode;
      }
      return null;
    },

    // Whether a mirrored text field has the DOM focus (grove_lib.js then leaves its own hidden field alone).
    editing: function() {
      var active = document.activeElement;
      return !!(GroveA11y.root && active && GroveA11y.root.contains(active) &&
          (active.tagName === 'INPUT' || active.tagName === 'TEXTAREA'));
    },

    // After each drawn frame: the semantics when they changed since the last call (C++ compares), else nothing.
    update: function() {
      if (!GroveA11y.root || !Module['_grove_web_a11y_changes']) return;
      var start = performance.now();
      var pointer = Module['_grove_web_a11y_changes']();
      if (!pointer) {
        GroveA11y.unchanged++;
        return;
      }
      GroveA11y.updates++;
      var before = document.activeElement;
      GroveA11y.hadFocus = !!before && before !== GroveA11y.root && GroveA11y.root.contains(before);
      GroveA11y.reconcile(JSON.parse(UTF8ToString(pointer)));
      GroveA11y.lastMs = performance.now() - start;
      GroveA11y.totalMs += GroveA11y.lastMs;
    },

    // What the mirror cost (window.groveUi.mirrorStats): frames that changed it and the milliseconds they took,
    // ticks that changed nothing, and its element count.
    stats: function() {
      return {updates: GroveA11y.updates, unchanged: GroveA11y.unchanged, totalMs: GroveA11y.totalMs,
        lastMs: GroveA11y.lastMs, elements: GroveA11y.nodes ? GroveA11y.nodes.size : 0};
    },

    kTag: {button: 'div', link: 'div', checkbox: 'div', textbox: 'input', password: 'input', multiline: 'textarea',
      menuitem: 'div', tab: 'div', combobox: 'div', option: 'div', progressbar: 'div', heading: 'div', treeitem: 'div',
      tree: 'div', grid: 'div', row: 'div', gridcell: 'div', columnheader: 'div', menu: 'div', listbox: 'div', dialog: 'div', tablist: 'div',
      tabpanel: 'div', navigation: 'nav', status: 'div', alert: 'div', group: 'div'},
    kActs: {button: 1, link: 1, checkbox: 1, menuitem: 1, tab: 1, combobox: 1, option: 1},
    // Containers that ARIA lets hold only some roles: with none of them inside, they are left out.
    kNeeds: {tree: 'treeitem', grid: 'row', menu: 'menuitem', listbox: 'option', tablist: 'tab'},

    setAttr: function(el, name, value) {
      if (value === null || value === undefined) {
        if (el.hasAttribute(name)) el.removeAttribute(name);
      } else if (el.getAttribute(name) !== String(value)) {
        el.setAttribute(name, String(value));
      }
    },

    setText: function(el, text) {
      if (el.textContent !== text) el.textContent = text;
    },

    setBox: function(el, box, origin) {
      var s = el.style;
      var left = Math.round(box[0] - origin[0]) + 'px', top = Math.round(box[1] - origin[1]) + 'px';
      var width = Math.max(1, Math.round(box[2])) + 'px', height = Math.max(1, Math.round(box[3])) + 'px';
      if (s.left !== left) s.left = left;
      if (s.top !== top) s.top = top;
      if (s.width !== width) s.width = width;
      if (s.height !== height) s.height = height;
    },

    element: function(key, role, id) {
      var el = GroveA11y.nodes.get(key);
      if (el && el.dataset.role === role) return el;
      el = document.createElement(GroveA11y.kTag[role] || 'div');
      el.dataset.role = role;
      el.dataset.id = String(id >>> 0);
      el.style.cssText = 'position:absolute;box-sizing:border-box;margin:0;padding:0;border:0;overflow:hidden;' +
          'white-space:nowrap;font-size:1px;line-height:1px;background:transparent;color:transparent;';
      if (role === 'textbox') el.type = 'text';
      if (role === 'password') {
        el.type = 'password';
        el.autocomplete = 'off';
      }
      if (el.tagName === 'DIV' || el.tagName === 'NAV') {
        var kinds = {textbox: 0, password: 0, multiline: 0, navigation: 0, heading: 0};
        if (!(role in kinds)) el.setAttribute('role', role);
      }
      if (role === 'heading') {
        el.setAttribute('role', 'heading');
        el.setAttribute('aria-level', '1');
      }
      if (GroveA11y.kActs[role] || role === 'treeitem') el.tabIndex = -1;
      if (GroveA11y.kActs[role]) el.dataset.act = '1';
      if (role === 'dialog') {
        var title = document.createElement('div');
        title.id = 'grove-a11y-title-' + (id >>> 0);
        title.dataset.part = 'title';
        el.appendChild(title);
        el.setAttribute('aria-labelledby', title.id);
      }
      if (role === 'status' || role === 'alert') {
        var said = document.createElement('span');
        said.dataset.part = 'text';
        el.appendChild(said);
      }
      GroveA11y.nodes.set(key, el);
      return el;
    },

    describe: function(el, node) {
      var role = node.role;
      var set = GroveA11y.setAttr;
      if (role === 'textbox' || role === 'password' || role === 'multiline') {
        set(el, 'aria-label', node.label);
        var text = role === 'password' ? '' : (node.text || '');
        if (document.activeElement !== el && el.value !== text) el.value = text;
      } else if (role === 'dialog') {
        GroveA11y.setText(el.firstChild, node.label);
        set(el, 'aria-modal', node.modal ? 'true' : 'false');
      } else if (role === 'status' || role === 'alert') {
        set(el, 'aria-label', node.label || null);
        GroveA11y.setText(el.firstChild, node.text || '');
      } else if (role === 'combobox') {
        // Named by its label; what it shows is its value (a select-only combo box reads its text as the value).
        set(el, 'aria-label', node.label);
        set(el, 'aria-haspopup', 'listbox');
        GroveA11y.setText(el, node.text || '');
      } else if (role === 'heading' || GroveA11y.kActs[role]) {
        GroveA11y.setText(el, node.label);
      } else if (role === 'row' && node.cells) {
        set(el, 'aria-label', node.cells.join(', '));  // the whole row, in column order
      } else if (node.label) {
        set(el, 'aria-label', node.label);
      }
      set(el, 'aria-checked', role === 'checkbox' ? (node.checked > 0 ? 'true' : 'false') : null);
      set(el, 'aria-expanded', node.expanded === undefined || node.expanded < 0 ? null : (node.expanded ? 'true' : 'false'));
      set(el, 'aria-level', role === 'treeitem' ? node.level || 1 : (role === 'heading' ? 1 : null));
      var selected = role === 'tab' || role === 'option' ? node.checked : node.selected;  // an item's is in `checked`
      set(el, 'aria-selected', (role === 'treeitem' || role === 'tab' || role === 'option') && selected >= 0 ?
          (selected ? 'true' : 'false') : null);
      var headerRows = node.hasHeader ? 1 : 0;
      set(el, 'aria-rowcount', role === 'grid' && node.rowCount >= 0 ? node.rowCount + headerRows : null);
      set(el, 'aria-rowindex', role === 'row' && node.rowIndex > 0 ? node.rowIndex + (node.rowOffset || 0) : null);
      if (role === 'progressbar') {
        set(el, 'aria-label', node.label);
        set(el, 'aria-valuemin', 0);
        set(el, 'aria-valuemax', 100);
        set(el, 'aria-valuenow', Math.round((node.value || 0) * 100));
      }
    },

    // A grid's first row: its columns' headers, each with its column's place (the rows' cells say theirs).
    placeHeader: function(gridKey, grid, gridEl, b, cursor, seen) {
      var key = 'head:' + gridKey;
      seen.add(key);
      var row = GroveA11y.element(key, 'row', grid.id);
      GroveA11y.setAttr(row, 'aria-rowindex', 1);
      var top = [b[0], b[1], b[2], Math.min(b[3], 1)];
      GroveA11y.setBox(row, top, [b[0], b[1]]);
      GroveA11y.putAt(gridEl, row, cursor);
      grid.columns.forEach(function(name, column) {
        if (!name) return;
        var cellKey = key + ':' + column;
        seen.add(cellKey);
        var cell = GroveA11y.element(cellKey, 'columnheader', grid.id);
        GroveA11y.setText(cell, name);
        GroveA11y.setAttr(cell, 'aria-colindex', column + 1);
        GroveA11y.setBox(cell, top, [b[0], b[1]]);
        GroveA11y.putAt(row, cell, cursor);
      });
    },

    // Puts `el` right after the last child placed in `parentEl` this frame (moving it only when it is elsewhere).
    putAt: function(parentEl, el, cursor) {
      var last = cursor.get(parentEl);
      var expected = last ? last.nextSibling : parentEl.firstChild;
      while (expected && expected.dataset && expected.dataset.part) expected = expected.nextSibling;
      if (el !== expected) parentEl.insertBefore(el, expected);
      cursor.set(parentEl, el);
    },

    reconcile: function(data) {
      var canvas = Module['canvas'];
      if (!canvas) return;
      var rect = canvas.getBoundingClientRect();
      var sx = rect.width / (canvas.width || 1), sy = rect.height / (canvas.height || 1);
      var box = function(n) { return [rect.left + n.x * sx, rect.top + n.y * sy, n.w * sx, n.h * sy]; };
      var containers = data.containers, items = data.items;

      // Containers left out (ARIA would call them broken: a tree without items) hand their children up.
      var holds = containers.map(function() { return {}; });
      items.forEach(function(item) {
        for (var p = item.parent; p >= 0; p = containers[p].parent) holds[p][item.role] = true;
      });
      containers.forEach(function(c) {
        if (c.parent >= 0) holds[c.parent][c.role] = true;
      });
      containers.forEach(function(c, i) {
        var need = GroveA11y.kNeeds[c.role];
        c.skip = (!!need && !holds[i][need]) ||
            (c.role === 'row' && Object.keys(holds[i]).length === 0 && !(c.cells && c.cells.length));
        // A popup with more than menu items (a search field, a checkbox) is a group of controls, not a menu; a combo
        // box's list with more than options the same, its options then buttons.
        if ((c.role === 'menu' || c.role === 'listbox') && !c.skip) {
          for (var r in holds[i]) if (r !== need) c.role = 'group';
        }
      });
      // A grid drawn as a table says its columns' headers in a first row of its own; its rows count from 2.
      containers.forEach(function(c) {
        c.hasHeader = c.role === 'grid' && !c.skip && !!c.columns && c.columns.some(function(name) { return !!name; });
      });
      containers.forEach(function(c) {
        c.rowOffset = c.role === 'row' && c.parent >= 0 && containers[c.parent].hasHeader ? 1 : 0;
      });
      items.forEach(function(item) {
        if (item.role === 'option' && (item.parent < 0 || containers[item.parent].role !== 'listbox')) {
          item.role = 'button';
        }
      });
      var seen = new Set();
      var cursor = new Map();  // parent element -> the last child placed in it this frame
      var origins = new Map();
      origins.set(GroveA11y.root, [0, 0]);
      var containerEls = [];
      // A row's columns that hold no control say their text in a gridcell of their own, among the controls' cells
      // in column order.
      var controlColumns = containers.map(function() { return {}; });
      items.forEach(function(item) {
        if (item.parent >= 0 && item.column >= 0) controlColumns[item.parent][item.column] = true;
      });
      var nextCell = containers.map(function() { return 0; });
      var placeTextCells = function(p, beforeColumn) {
        var c = containers[p], rowEl = containerEls[p];
        if (!c.cells || !rowEl) return;
        for (; nextCell[p] < c.cells.length && c.cellColumns[nextCell[p]] < beforeColumn; nextCell[p]++) {
          var column = c.cellColumns[nextCell[p]];
          if (controlColumns[p][column]) continue;
          var key = 'text:' + c.key + ':' + column;  // the row's own key: two rows may share an ID
          seen.add(key);
          var cell = GroveA11y.element(key, 'gridcell', c.id);
          GroveA11y.setText(cell, c.cells[nextCell[p]]);
          GroveA11y.setAttr(cell, 'aria-colindex', c.rowOffset ? column + 1 : null);
          GroveA11y.setBox(cell, box(c), origins.get(rowEl) || [0, 0]);
          GroveA11y.putAt(rowEl, cell, cursor);
        }
      };
      var parentOf = function(p, role) {
        while (p >= 0 && (containers[p].skip || (role === 'tabpanel' && containers[p].role === 'tablist'))) {
          p = containers[p].parent;
        }
        return p;
      };

      var place = function(node, kind, parentIndex) {
        var key = kind + (node.id >>> 0);
        while (seen.has(key)) key += '+';  // the same ID twice in a frame (rare): each its own element
        seen.add(key);
        if (kind === 'c') node.key = key;
        var el = GroveA11y.element(key, node.role, node.id);
        GroveA11y.describe(el, node);
        var p = parentOf(parentIndex, node.role);  // a tab's panel follows its tab list
        var parentEl = (p >= 0 && containerEls[p]) || GroveA11y.root;
        var b = box(node);
        // ARIA's rows hold cells: each control of a row sits in a gridcell of its own box.
        if (p >= 0 && containers[p].role === 'row') {
          if (kind === 'i') placeTextCells(p, node.column >= 0 ? node.column : Infinity);
          var cell = GroveA11y.element('cell:' + key, 'gridcell', node.id);
          GroveA11y.setAttr(cell, 'aria-colindex', containers[p].rowOffset && node.column >= 0 ? node.column + 1 : null);
          GroveA11y.setBox(cell, b, origins.get(parentEl) || [0, 0]);
          origins.set(cell, [b[0], b[1]]);
          GroveA11y.putAt(parentEl, cell, cursor);
          seen.add('cell:' + key);
          parentEl = cell;
        }
        GroveA11y.setBox(el, b, origins.get(parentEl) || [0, 0]);
        origins.set(el, [b[0], b[1]]);
        GroveA11y.putAt(parentEl, el, cursor);
        if (kind === 'c' && node.hasHeader) GroveA11y.placeHeader(key, node, el, b, cursor, seen);
        return el;
      };

      var next = 0;
      var placeContainersUpTo = function(itemIndex) {
        while (next < containers.length && containers[next].first <= itemIndex) {
          var c = containers[next];
          containerEls[next] = c.skip ? null : place(c, 'c', c.parent);
          next++;
        }
      };
      // A widget reported twice (an icon button named again by its row: "Group actions", "Actions for Grade 9") is
      // one element, under its last, most particular name.
      var lastOf = new Map();
      items.forEach(function(item, i) { lastOf.set(item.id, i); });
      items.forEach(function(item, i) {
        placeContainersUpTo(i);
        if (lastOf.get(item.id) === i) place(item, 'i', item.parent);
      });
      placeContainersUpTo(Infinity);
      containers.forEach(function(c, i) { placeTextCells(i, Infinity); });

      // What is no longer drawn goes (after the loop, so a moved element is never lost on the way).
      GroveA11y.nodes.forEach(function(el, key) {
        if (seen.has(key)) return;
        GroveA11y.nodes.delete(key);
        el.remove();
      });

      // ImGui began editing another field (Tab from a mirrored field): while the person works in the mirror, the DOM
      // focus goes to that field's element, so what they type next goes there.
      if (data.text !== GroveA11y.lastText) {
        GroveA11y.lastText = data.text;
        var field = data.text ? GroveA11y.nodes.get('i' + (data.text >>> 0)) : null;
        // (Or when the person works by keyboard: a field ImGui began editing after Enter or Tab is where the screen
        // reader must be, not grove_lib.js's unlabelled caret field, which serves typing on the canvas.)
        if (field && field !== document.activeElement && (GroveA11y.editing() || GroveA11y.keyboard)) {
          GroveA11y.moving = true;
          field.focus({preventScroll: true});
          GroveA11y.moving = false;
        }
      }
      // ImGui's keyboard focus moved (Tab, arrows): the DOM focus follows, unless ImGui edits text (grove_lib.js's
      // field has the keys then) or the person is in another part of the page.
      // By keyboard, also when the DOM focus was lost on the way (its element went with a closed dialog).
      var active = document.activeElement;
      var lost = !active || active === document.body;
      if (data.focus !== GroveA11y.lastFocus || (GroveA11y.keyboard && lost)) {
        GroveA11y.lastFocus = data.focus;
        var target = data.focus && !data.text ? GroveA11y.nodes.get('i' + (data.focus >>> 0)) : null;
        var free = lost || active === canvas || GroveA11y.root.contains(active);
        if (target && target !== active && free) {
          GroveA11y.moving = true;
          target.focus({preventScroll: true});
          GroveA11y.moving = false;
        }
      }
      // The DOM focus went with a dialog or menu that closed (Escape, Cancel, its main button), and ImGui shows no
      // focus of its own (the dialog was opened through the mirror): as ARIA's dialogs do, it returns to what opened
      // it, once no dialog is left in front of it. Its widget takes ImGui's focus too (through focusin).
      active = document.activeElement;
      var opener = GroveA11y.opener;
      if (GroveA11y.hadFocus && (!active || active === document.body) && opener &&
          !GroveA11y.root.querySelector('[role=dialog]')) {
        GroveA11y.opener = null;
        if (opener.isConnected && GroveA11y.root.contains(opener)) opener.focus({preventScroll: true});
      }
    },
  },
};

autoAddDeps(GroveA11yLibrary, '$GroveA11y');
mergeInto(LibraryManager.library, GroveA11yLibrary);
