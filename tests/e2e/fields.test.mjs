// Editable fields and the audit log in Chromium (issue 18): a field added with a typo is renamed in
// Settings, the audit log's entry opens to say what it was called before, and both outlast a reload.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {openGrove} from './harness.mjs';

async function waitSaved(app) {
  await app.page.waitForFunction(() => window.groveUi.saveStatus().state === 'saved');
}

test('a field renamed in Settings reads in the audit log and stays renamed after a reload', async (t) => {
  const app = await openGrove({viewport: {width: 1400, height: 900}});
  t.after(() => app.close());
  await app.startOrganisation();

  await app.click('Settings');
  await app.fill('Field name', 'Job Titel');
  await app.click('Add field');
  await app.waitForText('Added the text field Job Titel.');

  await app.click('Rename Job Titel');
  await app.waitForText('Rename field');
  await app.fill('New name', 'Job Title');
  await app.click('Rename field');
  await app.waitForText('Renamed the field Job Titel to Job Title.');
  await waitSaved(app);

  // The newest entry, opened: the whole sentence, the action and who did it.
  await app.click('Audit log');
  await app.waitForText('Every change made in Grove');
  await app.click('Open entry 1');
  await app.waitForText('Audit entry');
  await app.waitForText('Hana Hill renamed the field Job Titel to Job Title.');
  assert.ok(await app.hasText('field.rename'), 'the entry names its action');
  assert.ok(await app.hasText('Hana Hill (owner@hillside.example)'), 'and who acted, with their email');
  await app.screenshot('audit-entry');
  await app.click('Close');

  await app.reload();
  await app.click('Settings');
  await app.waitForLabel('Rename Job Title');
  assert.equal(await app.find('Rename Job Titel'), null, 'the old name is gone');
  await app.click('Audit log');
  await app.waitForText('Hana Hill renamed the field Job Titel to Job Title.');
  assert.deepEqual(app.errors, []);
});
