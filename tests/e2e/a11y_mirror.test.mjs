// The screen-reader mirror (web/grove_a11y.js) in Chromium, driven only by roles and names as assistive technology
// sees them (getByRole, ariaSnapshot), never by coordinates: a person who uses a screen reader creates a group, adds
// a member, makes them a mentor, hears that it saved, and finds it all again after a reload.
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {test} from 'node:test';

import {openGrove} from './harness.mjs';

const kWait = 10_000;
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

// axe-core over the whole page as it is now: every violation, with where and why, for the assertion's message.
async function axeViolations(app) {
  const page = app.page;
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) await page.addScriptTag({content: axeSource});
  return page.evaluate(async () => {
    const result = await window.axe.run(document);
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ') + ' ' +
        (n.failureSummary || '').replace(/\s+/g, ' ')).join(' | ')}`);
  });
}

// What a screen reader does to press a control: a click event on the element itself (no pointer, no coordinates).
async function press(app, locator) {
  await locator.waitFor({state: 'attached', timeout: kWait});
  await locator.dispatchEvent('click');
  await app.settle();
}

// Types into a mirrored field as a person would after moving there: the element's own value, input events.
async function fill(app, locator, text) {
  await locator.waitFor({state: 'attached', timeout: kWait});
  await locator.fill(text);
  await app.settle();
}

async function waitSaved(app) {
  const status = app.page.getByRole('status', {name: 'Save state'});
  await status.filter({hasText: /^Saved$/}).waitFor({timeout: kWait});
}

async function createOrganisation(app) {
  const page = app.page;
  await fill(app, page.getByRole('textbox', {name: 'Organisation name', exact: true}), 'Riverside High');
  await fill(app, page.getByRole('textbox', {name: 'Your email', exact: true}), 'olivia@riverside.example');
  await fill(app, page.getByRole('textbox', {name: 'First name', exact: true}), 'Olivia');
  await fill(app, page.getByRole('textbox', {name: 'Last name', exact: true}), 'Owens');
  await press(app, page.getByRole('button', {name: 'Create organisation', exact: true}));
  await page.getByRole('navigation', {name: 'Sections'}).waitFor({timeout: kWait});
}

async function createGroup(app, name) {
  const page = app.page;
  await press(app, page.getByRole('button', {name: 'New group', exact: true}));
  const dialog = page.getByRole('dialog', {name: 'New group'});
  await dialog.waitFor({timeout: kWait});
  await fill(app, dialog.getByRole('textbox', {name: 'Name', exact: true}), name);
  await press(app, dialog.getByRole('button', {name: 'Create group', exact: true}));
  await dialog.waitFor({state: 'detached', timeout: kWait});
  await page.getByRole('tree', {name: 'Groups'}).getByRole('treeitem', {name, exact: true}).waitFor({timeout: kWait});
}

test('by roles alone: a group made, a member added and made mentor, all found again after a reload', async (t) => {
  const app = await openGrove({viewport: {width: 1400, height: 900}});
  t.after(() => app.close());
  const page = app.page;
  await createOrganisation(app);

  const nav = page.getByRole('navigation', {name: 'Sections'});
  await press(app, nav.getByRole('button', {name: 'Groups', exact: true}));
  await page.getByRole('heading', {name: 'Groups', exact: true}).waitFor({timeout: kWait});
  await createGroup(app, 'Grade 9');
  await createGroup(app, '<b id=pwn>x</b>');

  // The tree: two items at level 1, neither selected; a name with markup stays text.
  const tree = page.getByRole('tree', {name: 'Groups'});
  const grade9 = tree.getByRole('treeitem', {name: 'Grade 9', exact: true});
  assert.equal(await grade9.getAttribute('aria-level'), '1');
  assert.equal(await grade9.getAttribute('aria-selected'), 'false');
  assert.equal(await tree.getByRole('treeitem', {name: '<b id=pwn>x</b>', exact: true}).count(), 1);
  assert.equal(await page.locator('#pwn').count(), 0, 'a group name never becomes markup');
  assert.equal(await page.locator('#grove-a11y b').count(), 0);
  const treeText = await tree.ariaSnapshot();
  assert.match(treeText, /treeitem "Grade 9"/);

  // A checkbox says its state, and the tree item its selection.
  const select = grade9.getByRole('checkbox', {name: 'Select Grade 9'});
  assert.equal(await select.getAttribute('aria-checked'), 'false');
  await press(app, select);
  assert.equal(await select.getAttribute('aria-checked'), 'true');
  assert.equal(await grade9.getAttribute('aria-selected'), 'true');
  await press(app, select);

  // Grade 9's page: invite a member, make them a mentor through the row's menu.
  await press(app, grade9.getByRole('link', {name: 'Grade 9', exact: true}));
  await press(app, page.getByRole('button', {name: 'Add members', exact: true}));
  const add = page.getByRole('dialog', {name: 'Add members'});
  await add.waitFor({timeout: kWait});
  await fill(app, add.getByRole('textbox', {name: 'Or invite by email'}), 'maria@riverside.example');
  await press(app, add.getByRole('button', {name: 'Add', exact: true}));
  await page.getByRole('status', {name: 'Notice'}).filter({hasText: /Invited 1 person/}).waitFor({timeout: kWait});
  await press(app, page.getByRole('button', {name: 'Actions for maria@riverside.example'}));
  const menu = page.getByRole('menu');
  await menu.waitFor({timeout: kWait});
  await press(app, menu.getByRole('menuitem', {name: 'Make mentor'}));
  await page.getByRole('status', {name: 'Notice'})
      .filter({hasText: 'maria@riverside.example is now a mentor of Grade 9.'}).waitFor({timeout: kWait});
  await waitSaved(app);

  // After a reload: the group, the member and the mentor are there, found the same way.
  await app.reload();
  await press(app, page.getByRole('navigation', {name: 'Sections'}).getByRole('button', {name: 'Groups', exact: true}));
  const again = page.getByRole('tree', {name: 'Groups'}).getByRole('treeitem', {name: 'Grade 9', exact: true});
  await again.waitFor({timeout: kWait});
  await press(app, again.getByRole('link', {name: 'Grade 9', exact: true}));
  await page.getByRole('button', {name: 'Actions for maria@riverside.example'}).waitFor({timeout: kWait});
  assert.equal(await page.locator('#pwn').count(), 0);
  assert.deepEqual(app.errors, []);
});

test('axe-core finds no violation on any screen the navigation reaches, nor in a dialog', async (t) => {
  const app = await openGrove({viewport: {width: 1400, height: 900}});
  t.after(() => app.close());
  const page = app.page;
  assert.deepEqual(await axeViolations(app), [], 'the welcome screen');
  await createOrganisation(app);
  const nav = page.getByRole('navigation', {name: 'Sections'});
  const names = await nav.getByRole('button').evaluateAll((els) => els.map((el) => el.textContent));
  assert.ok(names.includes('Groups') && names.includes('People') && names.includes('Import & export'), names.join());
  for (const name of names) {
    await press(app, nav.getByRole('button', {name, exact: true}));
    assert.deepEqual(await axeViolations(app), [], `the ${name} screen`);
  }
  await press(app, nav.getByRole('button', {name: 'Groups', exact: true}));
  await createGroup(app, 'Grade 9');
  assert.deepEqual(await axeViolations(app), [], 'Groups with a group');
  await press(app, page.getByRole('button', {name: 'New group', exact: true}));
  await page.getByRole('dialog', {name: 'New group'}).waitFor({timeout: kWait});
  assert.deepEqual(await axeViolations(app), [], 'the New group dialog');
  assert.deepEqual(app.errors, []);
});

test('by roles alone: a person added on People is a row of the grid, there after a reload', async (t) => {
  const app = await openGrove({viewport: {width: 1400, height: 900}});
  t.after(() => app.close());
  const page = app.page;
  await createOrganisation(app);
  await press(app, page.getByRole('navigation', {name: 'Sections'}).getByRole('button', {name: 'People', exact: true}));
  await press(app, page.getByRole('button', {name: 'Add person', exact: true}));
  const dialog = page.getByRole('dialog', {name: 'Add a person'});
  await dialog.waitFor({timeout: kWait});
  await fill(app, dialog.getByRole('textbox', {name: 'Email', exact: true}), 'marie@riverside.example');
  await fill(app, dialog.getByRole('textbox', {name: 'First name', exact: true}), 'Marie');
  await fill(app, dialog.getByRole('textbox', {name: 'Last name', exact: true}), 'Curie');
  await press(app, dialog.getByRole('button', {name: 'Add', exact: true}));
  await dialog.waitFor({state: 'detached', timeout: kWait});
  await waitSaved(app);

  const findMarie = async () => {
    const grid = page.getByRole('grid', {name: 'People'});
    await grid.waitFor({timeout: kWait});
    const row = grid.getByRole('row', {name: 'Marie Curie'});
    await row.waitFor({timeout: kWait});
    // The grid counts its header row and every person (Olivia and Marie), the row its place among them.
    assert.equal(await grid.getAttribute('aria-rowcount'), '3');
    assert.match(await row.getAttribute('aria-rowindex'), /^[23]$/);
    assert.ok(await row.getByRole('gridcell').count() >= 1);
    // The first row names the columns; a cell's column is the header's of the same aria-colindex.
    const header = grid.getByRole('row').first();
    assert.equal(await header.getAttribute('aria-rowindex'), '1');
    const email = header.getByRole('columnheader', {name: 'Email', exact: true});
    await email.waitFor({timeout: kWait});
    const emailColumn = await email.getAttribute('aria-colindex');
    const cell = row.locator(`[role=gridcell][aria-colindex="${emailColumn}"]`);
    assert.equal((await cell.textContent()).trim(), 'marie@riverside.example');
    return row;
  };
  await findMarie();
  await app.reload();
  await press(app, page.getByRole('navigation', {name: 'Sections'}).getByRole('button', {name: 'People', exact: true}));
  await findMarie();
  assert.deepEqual(app.errors, []);
});

test('by roles alone: Import & export is a tab list whose selected tab shows its panel', async (t) => {
  const app = await openGrove({viewport: {width: 1400, height: 900}});
  t.after(() => app.close());
  const page = app.page;
  await createOrganisation(app);
  const open = async () => {
    await press(app,
        page.getByRole('navigation', {name: 'Sections'}).getByRole('button', {name: 'Import & export', exact: true}));
    const tabs = page.getByRole('tablist', {name: 'Import & export'});
    await tabs.waitFor({timeout: kWait});
    return tabs;
  };
  let tabs = await open();
  const reports = tabs.getByRole('tab', {name: 'Reports', exact: true});
  await press(app, reports);
  assert.equal(await reports.getAttribute('aria-selected'), 'true');
  assert.equal(await tabs.getByRole('tab', {name: 'Upload CSV', exact: true}).getAttribute('aria-selected'), 'false');
  await page.getByRole('tabpanel', {name: 'Reports'}).waitFor({timeout: kWait});
  assert.match(await page.getByRole('tabpanel', {name: 'Reports'}).ariaSnapshot(), /button/);

  await app.reload();
  tabs = await open();
  assert.equal(await tabs.getByRole('tab').count(), 4);
  assert.deepEqual(app.errors, []);
});

test('both ways: Enter and Space on mirrored buttons, typing into a mirrored field, ImGui\'s text in it', async (t) => {
  const app = await openGrove({viewport: {width: 1400, height: 900}});
  t.after(() => app.close());
  const page = app.page;
  await createOrganisation(app);
  await press(app, page.getByRole('navigation', {name: 'Sections'}).getByRole('button', {name: 'Groups', exact: true}));

  // Enter on the focused element presses the widget.
  await page.getByRole('button', {name: 'New group', exact: true}).focus();
  await page.keyboard.press('Enter');
  await app.settle();
  const dialog = page.getByRole('dialog', {name: 'New group'});
  await dialog.waitFor({timeout: kWait});
  const name = dialog.getByRole('textbox', {name: 'Name', exact: true});

  // Typed on the canvas (ImGui's Name field has the focus as the dialog opens): the mirrored field shows it.
  await app.type('Chess');
  await page.waitForFunction(() => {
    const field = document.querySelector('#grove-a11y input[aria-label="Name"]');
    return field && field.value === 'Chess';
  }, null, {timeout: kWait});

  // Typed into the mirrored field: ImGui's field holds it, each letter once.
  await name.focus();
  await page.keyboard.type(' club');
  await app.settle();
  assert.equal(await name.inputValue(), 'Chess club');
  assert.ok((await app.texts()).includes('Chess club'), 'ImGui draws the field\'s new text');

  // Space on the focused Create group button creates the group, once.
  await dialog.getByRole('button', {name: 'Create group', exact: true}).focus();
  await page.keyboard.press(' ');
  await app.settle();
  await dialog.waitFor({state: 'detached', timeout: kWait});
  const tree = page.getByRole('tree', {name: 'Groups'});
  await tree.getByRole('treeitem', {name: 'Chess club', exact: true}).waitFor({timeout: kWait});
  assert.equal(await tree.getByRole('treeitem').count(), 1);
  assert.deepEqual(app.errors, []);
});

test('on the demo district the mirror keeps up: what each changed frame cost, and the ticks it skipped', async (t) => {
  const app = await openGrove({viewport: {width: 1400, height: 900}});
  t.after(() => app.close());
  const page = app.page;
  await press(app, page.getByRole('button', {name: 'Open the demo district', exact: true}));
  const nav = page.getByRole('navigation', {name: 'Sections'});
  await nav.waitFor({timeout: 60_000});
  await press(app, nav.getByRole('button', {name: 'People', exact: true}));
  const grid = page.getByRole('grid', {name: 'People'});
  await grid.waitFor({timeout: kWait});
  const rowCount = Number(await grid.getAttribute('aria-rowcount'));
  const rowsShown = await grid.getByRole('row').count();
  assert.ok(rowCount > rowsShown && rowsShown > 5, `all ${rowCount} people counted, ${rowsShown} rows drawn`);
  await press(app, nav.getByRole('button', {name: 'Groups', exact: true}));
  await page.getByRole('tree', {name: 'Groups'}).getByRole('treeitem').first().waitFor({timeout: kWait});
  const before = await page.evaluate(() => window.groveUi.mirrorStats());
  // Hovering the canvas draws frames whose widgets do not change: the mirror does no DOM work for them.
  for (let i = 0; i < 20; ++i) await page.mouse.move(700 + i * 5, 500);
  await app.settle();
  const after = await page.evaluate(() => window.groveUi.mirrorStats());
  console.log(`mirror: ${after.elements} elements on Groups, ${after.updates} updates taking ` +
      `${(after.totalMs / Math.max(1, after.updates)).toFixed(2)} ms each on average (last ${after.lastMs.toFixed(2)} ms), ` +
      `${after.unchanged} ticks unchanged; hovering: ${after.updates - before.updates} updates, ` +
      `${after.unchanged - before.unchanged} unchanged`);
  assert.ok(after.elements > 20);
  assert.deepEqual(app.errors, []);
});
