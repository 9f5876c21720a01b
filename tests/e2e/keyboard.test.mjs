// Keyboard alone, in Chromium (issue 14): from a page load, a person reaches Groups and creates a group with Tab,
// Shift+Tab, Enter and typing, never the mouse. Where the keyboard is, is read as a screen reader reads it: the
// DOM focus, which the mirror (web/grove_a11y.js) moves along with ImGui's.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {openGrove} from './harness.mjs';

const kMaxTabs = 80;

// The accessible name of what has the DOM focus ('' for the page itself).
async function focusedName(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body || el.tagName === 'CANVAS') return '';
    const labelled = el.getAttribute('aria-labelledby');
    if (labelled) return (document.getElementById(labelled)?.textContent || '').trim();
    return (el.getAttribute('aria-label') || el.textContent || '').trim();
  });
}

// Presses Tab (or Shift+Tab) until the focus is on `name`; fails with the names it passed.
async function tabTo(app, name, {backwards = false} = {}) {
  const passed = [];
  for (let i = 0; i < kMaxTabs; i++) {
    await app.press(backwards ? 'Shift+Tab' : 'Tab');
    const now = await focusedName(app.page);
    if (now === name) return;
    passed.push(now);
  }
  assert.fail(`Tab never reached "${name}"; the focus went through: ${passed.join(' | ')}`);
}

test('from a page load, a group is created with Tab, Shift+Tab, Enter and typing alone', async (t) => {
  const app = await openGrove({viewport: {width: 1400, height: 900}});
  t.after(() => app.close());
  const page = app.page;
  await app.startOrganisation({name: 'Keyboard Academy'});
  await app.reload();  // the page loads with the organisation: from here on, keys only

  await tabTo(app, 'Groups');
  await app.press('Enter');
  await page.getByRole('heading', {name: 'Groups', exact: true}).waitFor({timeout: 10_000});

  await tabTo(app, 'New group');
  await app.press('Enter');
  const dialog = page.getByRole('dialog', {name: 'New group'});
  await dialog.waitFor({timeout: 10_000});
  assert.equal(await focusedName(page), 'Name', 'the dialog opens on its first field');
  await app.type('Chess club');

  // On past the dialog's buttons, then back to Create group: the focus stays inside the dialog.
  await tabTo(app, 'Cancel');
  await tabTo(app, 'Create group', {backwards: true});
  await app.press('Enter');
  await dialog.waitFor({state: 'detached', timeout: 10_000});

  const tree = page.getByRole('tree', {name: 'Groups'});
  await tree.getByRole('treeitem', {name: 'Chess club', exact: true}).waitFor({timeout: 10_000});
  await page.getByRole('status', {name: 'Save state'}).filter({hasText: /^Saved$/}).waitFor({timeout: 10_000});

  await app.reload();
  await app.click('Groups');
  await page.getByRole('tree', {name: 'Groups'}).getByRole('treeitem', {name: 'Chess club', exact: true})
      .waitFor({timeout: 10_000});
  assert.deepEqual(app.errors, []);
});

test('as a screen reader works: its focus moves ImGui\'s, Escape returns to the opener, Enter in a field submits, arrows walk the tree', async (t) => {
  const app = await openGrove({viewport: {width: 1400, height: 900}});
  t.after(() => app.close());
  const page = app.page;
  await app.startOrganisation({name: 'Reader Academy'});
  // A screen reader activates an element with a click event (the canvas, not the mirror, takes the pointer).
  await page.getByRole('navigation').getByRole('button', {name: 'Groups', exact: true}).dispatchEvent('click');
  await page.getByRole('heading', {name: 'Groups', exact: true}).waitFor({timeout: 10_000});

  // A screen reader moves its focus onto New group (no key reached ImGui): ImGui's focus follows, so Enter on it
  // (which the mirror turns into a press) and Tab from it both start from there.
  const newGroup = page.getByRole('button', {name: 'New group', exact: true});
  await newGroup.focus();
  await page.waitForFunction(() => window.groveUi.snapshot().focusLabel === 'New group', null, {timeout: 10_000});
  await app.press('Enter');
  const dialog = page.getByRole('dialog', {name: 'New group'});
  await dialog.waitFor({timeout: 10_000});
  assert.equal(await focusedName(page), 'Name', 'the dialog opens on its first field');

  // Escape closes the dialog, and the DOM focus (what a screen reader announces) is back on New group.
  await app.press('Escape');
  if (await dialog.count()) await app.press('Escape');  // the first may only leave the field
  await dialog.waitFor({state: 'detached', timeout: 10_000});
  await page.waitForFunction(() => {
    const el = document.activeElement;
    return el && el.closest('#grove-a11y') && el.textContent.trim() === 'New group';
  }, null, {timeout: 10_000});

  // Enter in the dialog's Name field creates the group, twice, as in any form.
  for (const name of ['Robotics', 'Chess club']) {
    await app.press('Enter');
    await dialog.waitFor({timeout: 10_000});
    assert.equal(await focusedName(page), 'Name');
    await app.type(name);
    await app.press('Enter');
    await dialog.waitFor({state: 'detached', timeout: 10_000});
  }
  const tree = page.getByRole('tree', {name: 'Groups'});
  await tree.getByRole('treeitem', {name: 'Robotics', exact: true}).waitFor({timeout: 10_000});
  await tree.getByRole('treeitem', {name: 'Chess club', exact: true}).waitFor({timeout: 10_000});

  // Down and Up move from one tree item's name to the next, and the DOM focus goes with them.
  const chess = tree.getByRole('treeitem', {name: 'Chess club', exact: true});
  await chess.getByRole('link', {name: 'Chess club', exact: true}).focus();
  await page.waitForFunction(() => window.groveUi.snapshot().focusLabel === 'Chess club', null, {timeout: 10_000});
  const focusedItem = () => page.evaluate(() => {
    const item = document.activeElement && document.activeElement.closest('[role=treeitem]');
    return item ? item.getAttribute('aria-label') || '' : '';
  });
  await app.press('ArrowDown');
  await page.waitForFunction(() => window.groveUi.snapshot().focusLabel === 'Robotics', null, {timeout: 10_000});
  assert.equal(await focusedName(page), 'Robotics');
  await app.press('ArrowUp');
  await page.waitForFunction(() => window.groveUi.snapshot().focusLabel === 'Chess club', null, {timeout: 10_000});
  assert.equal(await focusedName(page), 'Chess club');
  assert.ok((await focusedItem()).startsWith('Chess club'), 'the focus is inside the Chess club tree item');
  assert.deepEqual(app.errors, []);
});
