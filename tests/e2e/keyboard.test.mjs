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
