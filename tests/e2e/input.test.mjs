// Input in Chromium as people give it: a mouse wheel's notches and a trackpad's small deltas, taps on
// a touch screen, clicks that arrive with the pointer's move, a click right after closing a dropdown,
// and a fast Ctrl+A after a pause. Each reaches Grove once, in the frame order ImGui needs.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {openGrove} from './harness.mjs';

const kQuick = {timeout: 3_000};  // one action must do it: no waiting for a second try

// The rows of the scrolling list the pointer is over, by the "…" button every row has:
// {label: y} in CSS pixels.
async function rowPositions(app, prefix = 'Actions for ') {
  const rows = {};
  for (const item of (await app.snapshot()).items) {
    if (item.label.startsWith(prefix)) rows[item.label] = item.y;
  }
  return rows;
}

// How far the rows moved up between two snapshots (negative: down), and the height of a row.
function scrolled(before, after) {
  const shared = Object.keys(before).filter((label) => label in after);
  assert.ok(shared.length > 0, 'some rows stay on screen');
  const moves = shared.map((label) => before[label] - after[label]).sort((a, b) => a - b);
  const ys = Object.values(before).sort((a, b) => a - b);
  const gaps = ys.slice(1).map((y, i) => y - ys[i]).sort((a, b) => a - b);
  return {by: moves[Math.floor(moves.length / 2)], row: gaps[Math.floor(gaps.length / 2)]};
}

// In a list of people ("Name  <email>" rows): a notch down scrolls about three rows, a notch up back.
async function notchScrollsPeople(app, t, where) {
  const people = async () => {
    const rows = {};
    for (const item of (await app.snapshot()).items) if (item.label.includes('  <')) rows[item.label] = item.y;
    return rows;
  };
  const first = (await app.snapshot()).items.find((item) => item.label.includes('  <'));
  assert.ok(first, `${where} lists people`);
  await app.page.mouse.move(first.x + first.w / 2, first.y + first.h / 2);
  await app.settle();
  const top = await people();
  await wheel(app, 100);
  const down = scrolled(top, await people());
  t.diagnostic(`${where}: a notch scrolls ${down.by}px, rows of ${down.row}px`);
  assert.ok(down.by >= 2 * down.row && down.by <= 4.5 * down.row,
      `a notch scrolls ${where} about three rows: ${down.by}px, rows of ${down.row}px`);
  await wheel(app, -100);
  assert.ok(Math.abs(scrolled(top, await people()).by) <= 1, `and a notch up scrolls ${where} back`);
}

async function wheel(app, deltaY, times = 1) {
  for (let i = 0; i < times; i++) await app.page.mouse.wheel(0, deltaY);
  await app.settle();
}

// A tap at the centre of the item: the finger goes down and up at once, with no hover before it.
async function tap(app, label) {
  const item = await app.waitForLabel(label);
  await app.page.touchscreen.tap(item.x + item.w / 2, item.y + item.h / 2);
  await app.settle();
}

// A click that arrives with the pointer's move, as from a fast hand or a test: no frame sees the
// pointer over the item before the button goes down.
async function instantClick(app, label) {
  const item = await app.waitForLabel(label);
  await app.page.mouse.click(item.x + item.w / 2, item.y + item.h / 2);
  await app.settle();
}

// Puts the pointer on another item first, so the click below comes from somewhere ImGui saw it hover.
async function hover(app, label) {
  const item = await app.waitForLabel(label);
  await app.page.mouse.move(item.x + item.w / 2, item.y + item.h / 2);
  await app.settle();
}

test('a wheel notch scrolls about three rows down and back up; small deltas scroll a little', async (t) => {
  const app = await openGrove({viewport: {width: 1400, height: 900}});
  t.after(() => app.close());
  await app.startOrganisation({demo: true});
  await app.click('Groups');
  await app.waitForLabel('Actions for Riverside District');
  await hover(app, 'Actions for Riverside District');
  await app.page.mouse.move(700, 500);  // over the list, between its columns
  await app.settle();

  const top = await rowPositions(app);
  await wheel(app, 100);
  const down = scrolled(top, await rowPositions(app));
  t.diagnostic(`Groups: a notch scrolls ${down.by}px, rows of ${down.row}px`);
  assert.ok(down.by >= 2 * down.row && down.by <= 4.5 * down.row,
      `one notch down scrolls about three rows: ${down.by}px, rows of ${down.row}px`);
  await wheel(app, -100);
  const back = scrolled(top, await rowPositions(app));
  assert.ok(Math.abs(back.by) <= 1, `one notch up scrolls back: ${back.by}px from the top`);
  await wheel(app, -100);
  const above = scrolled(top, await rowPositions(app));
  assert.ok(Math.abs(above.by) <= 1, `at the top, a notch up stays at the top: ${above.by}px`);

  // A trackpad: -3 and +3 pixels at a time, many times, scroll smoothly (a little each).
  await wheel(app, 3);
  const nudge = scrolled(top, await rowPositions(app));
  t.diagnostic(`Groups: 3 pixels of wheel scroll ${nudge.by}px`);
  assert.ok(nudge.by >= 1 && nudge.by < down.row, `3 pixels scroll a little: ${nudge.by}px`);
  await wheel(app, 3, 9);
  const ten = scrolled(top, await rowPositions(app));
  assert.ok(ten.by > nudge.by && ten.by < down.by, `30 pixels scroll less than a notch: ${ten.by}px`);
  await wheel(app, -3, 10);
  const home = scrolled(top, await rowPositions(app));
  assert.ok(Math.abs(home.by) <= 1, `as many deltas back return to the top: ${home.by}px`);

  // The Act as list and Add members' list of people scroll the same way.
  await app.click('Olivia Owens  \u00b7  Owner');
  await app.waitForText('Grove checks every change');
  await notchScrollsPeople(app, t, 'Act as');
  await app.press('Escape');
  await app.click('Actions for Riverside District');
  await app.click('Add members');
  await app.waitForLabel('Or invite by email');
  await notchScrollsPeople(app, t, 'Add members');
  assert.deepEqual(app.errors, []);
});

test('taps on a touch screen act at once: tabs switch, buttons press', async (t) => {
  const app = await openGrove({viewport: {width: 1400, height: 900}, hasTouch: true});
  t.after(() => app.close());
  await app.startOrganisation({demo: true});
  await tap(app, 'Import & export');
  await app.waitForText('Bring people in from a spreadsheet', kQuick);
  for (let round = 0; round < 2; round++) {
    await tap(app, 'Reports');
    await app.waitForLabel('Membership report', kQuick);
    await tap(app, 'Grove file');
    await app.waitForLabel('Export the organisation', kQuick);
    await tap(app, 'Upload CSV');
    await app.waitForLabel('Choose a CSV file', kQuick);
  }
  const chooser = app.page.waitForEvent('filechooser', kQuick);
  await tap(app, 'Choose a CSV file');
  await chooser;

  // A finger dragged up over the Groups list scrolls it and presses nothing.
  await tap(app, 'Groups');
  await app.waitForLabel('Actions for Riverside District', kQuick);
  const before = await rowPositions(app);
  const cdp = await app.page.context().newCDPSession(app.page);
  const touch = (type, y) => cdp.send('Input.dispatchTouchEvent',
      {type, touchPoints: type === 'touchEnd' ? [] : [{x: 700, y}]});
  await touch('touchStart', 600);
  for (let y = 590; y >= 400; y -= 10) await touch('touchMove', y);
  await touch('touchEnd');
  await app.settle();
  const moved = scrolled(before, await rowPositions(app));
  assert.ok(moved.by >= 150 && moved.by <= 250, `the list follows the finger 200px: ${moved.by}px`);
  assert.equal(await app.hasText('Back to groups'), false, 'the drag opened no group');
  assert.deepEqual(app.errors, []);
});

test('a click that arrives with the pointer\'s move acts, on tabs and on Choose a CSV file', async (t) => {
  const app = await openGrove({viewport: {width: 1400, height: 900}});
  t.after(() => app.close());
  await app.startOrganisation({demo: true});
  await app.click('Import & export');
  await app.waitForText('Bring people in from a spreadsheet');
  for (let round = 0; round < 2; round++) {
    await hover(app, 'Upload CSV');
    await instantClick(app, 'Reports');
    await app.waitForLabel('Membership report', kQuick);
    await hover(app, 'Membership report');
    await instantClick(app, 'Grove file');
    await app.waitForLabel('Export the organisation', kQuick);
    await hover(app, 'Export the organisation');
    await instantClick(app, 'Upload CSV');
    await app.waitForLabel('Choose a CSV file', kQuick);
  }
  await hover(app, 'Upload CSV');
  const chooser = app.page.waitForEvent('filechooser', kQuick);
  await instantClick(app, 'Choose a CSV file');
  await chooser;
  assert.deepEqual(app.errors, []);
});

test('after a dropdown is closed by a click outside it, one click on Create group creates the group', async (t) => {
  const app = await openGrove({viewport: {width: 1400, height: 900}});
  t.after(() => app.close());
  await app.startOrganisation({demo: true});
  await app.click('Groups');
  await app.click('New group');
  await app.waitForLabel('Create group');
  await app.type('Chess club');
  await app.click('Nest under');
  await app.waitForLabel('Type to filter');
  // Outside the dialog, on the dimmed page beside it.
  await app.page.mouse.move(20, 450);
  await app.settle();
  await app.page.mouse.down();
  await app.page.mouse.up();
  await app.settle();
  assert.equal(await app.find('Type to filter'), null, 'the dropdown closed');
  await app.click('Create group');
  await app.waitForText('Created the group Chess club.', kQuick);
  assert.deepEqual(app.errors, []);
});

// Key events given to the page in one task: [type, key, keyCode] each, Ctrl held for all but its release.
async function keys(app, events) {
  await app.page.evaluate((events) => {
    for (const [type, key, keyCode] of events) {
      const event = new KeyboardEvent(type, {key, ctrlKey: !(type === 'keyup' && key === 'Control'), bubbles: true});
      Object.defineProperty(event, 'keyCode', {get: () => keyCode});
      window.dispatchEvent(event);
    }
  }, events);
}

// The next animation frame has run (the page draws in them).
async function nextFrame(app) {
  await app.page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve())));
}

test('a fast Ctrl+A after a pause selects the whole field, so typing replaces it', async (t) => {
  const app = await openGrove({viewport: {width: 1400, height: 900}});
  t.after(() => app.close());
  await app.startOrganisation({demo: true});
  await app.click('People');
  await app.click('Add person');
  await app.waitForText('Add a person');
  await app.click('Email');
  await app.type('first@riverside.example');
  for (let i = 0; i < 6; i++) {
    await app.page.waitForTimeout(500);  // a pause: the page drew everything and idles
    if (i % 2 === 0) {
      await app.page.keyboard.press('Control+A');  // as fast as the keyboard goes
    } else {
      // Ctrl a moment ahead, so a frame sees it alone; then A down, A up and Ctrl up in one go (one
      // task of the page, so surely between two frames), as a quick hand does.
      await keys(app, [['keydown', 'Control', 17]]);
      await nextFrame(app);
      await nextFrame(app);
      await keys(app, [['keydown', 'a', 65], ['keyup', 'a', 65], ['keyup', 'Control', 17]]);
    }
    await app.page.keyboard.type(`try${i}@riverside.example`);
    await app.settle();
    const texts = await app.texts();
    assert.ok(texts.includes(`try${i}@riverside.example`),
        `try ${i}: the field holds only the new text (${texts.filter((text) => text.includes('@')).join(' | ')})`);
  }
  assert.deepEqual(app.errors, []);
});
