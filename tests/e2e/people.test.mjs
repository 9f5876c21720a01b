// People and roles in Chromium: on the demo district, add a person, grant them a role, and find
// both again after a reload (the data lives in IndexedDB).
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {openGrove} from './harness.mjs';

const kEmail = 'marie.curie@riverside.example';

async function waitSaved(app) {
  await app.page.waitForFunction(() => window.groveUi.saveStatus().state === 'saved');
}

// The first item whose label starts with `prefix` (a search result: "Marie Curie  <email>").
async function clickStarting(app, prefix) {
  const handle = await app.page.waitForFunction(
      (prefix) => window.groveUi.snapshot().items.find((item) => item.label.startsWith(prefix)) || null, prefix,
      {polling: 'raf', timeout: 10_000});
  const item = await handle.jsonValue();
  await app.page.mouse.click(item.x + item.w / 2, item.y + item.h / 2);
  await app.settle();
}

test('a person added on the People screen and granted a role is still there after a reload', async (t) => {
  const app = await openGrove({viewport: {width: 1400, height: 900}});
  t.after(() => app.close());
  await app.startOrganisation({demo: true});

  await app.click('People');
  await app.waitForText('Everyone in the organisation');
  await app.click('Add person');
  await app.waitForText('Add a person');
  await app.fill('Email', kEmail);
  await app.fill('First name', 'Marie');
  await app.fill('Last name', 'Curie');
  await app.click('Add');
  await app.waitForText('Added Marie Curie.');

  // Her panel is open: grant her Group User Manager there.
  await app.click('Org roles');
  await app.click('Role');
  await app.click('Group User Manager');
  await app.click('Grant');
  await app.waitForText('Granted Group User Manager.');
  await waitSaved(app);
  await app.screenshot('people');

  // And Org Group Manager from the Roles screen, through the Grant dialog's person search.
  await app.click('Roles');
  await app.click('Grant Org Group Manager\u2026');
  await app.click('Search people by name or email');
  await app.type('curie');
  await clickStarting(app, 'Marie Curie  <');  // the search's row (her name also shows behind the dialog)
  await app.click('Grant');
  await app.waitForText('Granted Org Group Manager to Marie Curie.');
  await waitSaved(app);

  await app.reload();
  await app.click('People');
  await app.click('Search by name or email');
  await app.type('curie');
  await app.waitForLabel('Marie Curie');
  assert.ok(await app.hasText(kEmail), 'her email is listed');
  assert.ok(await app.hasText('Group User Manager, Org Group Manager'), 'both roles show in the Org roles column');
  await app.click('Marie Curie');
  await app.click('Org roles');
  await app.waitForText('granted by Olivia Owens');

  await app.click('Roles');
  await app.waitForLabel('Marie Curie');  // a holder, twice: once per role
  assert.ok(await app.find('Marie Curie', 1), 'she is listed under both roles');
  await app.screenshot('roles');
  assert.deepEqual(app.errors, []);
});
