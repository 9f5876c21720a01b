// Import & export in Chromium: a CSV chosen in the browser's file picker is checked, previewed and
// applied; a report comes out as a real download; a bad file lists its problems and changes nothing.
import assert from 'node:assert/strict';
import {readFile} from 'node:fs/promises';
import {test} from 'node:test';

import {openGrove} from './harness.mjs';

const kStaff = [
  'Email,First Name,Last Name,Group,Role',
  'marie.curie@riverside.example,Marie,Curie,Riverside District,mentor',
  '"lovelace@riverside.example","Ada","Lovelace, Countess",Riverside District,',
  '',
].join('\r\n');

// Clicks `label`, answers the file picker it opens with `name` holding `content`.
async function chooseFile(app, label, name, content) {
  const chooser = app.page.waitForEvent('filechooser', {timeout: 10_000});
  await app.click(label);
  await (await chooser).setFiles({name, mimeType: 'text/csv', buffer: Buffer.from(content)});
  await app.settle();
}

// Clicks `label` and returns the text of the file the page downloads.
async function download(app, label) {
  const started = app.page.waitForEvent('download', {timeout: 10_000});
  await app.click(label);
  const file = await started;
  return {name: file.suggestedFilename(), text: await readFile(await file.path(), 'utf8')};
}

test('a CSV uploaded through the file picker is applied, and the membership report downloads with it', async (t) => {
  const app = await openGrove({viewport: {width: 1400, height: 900}});
  t.after(() => app.close());
  await app.startOrganisation({demo: true});

  await app.click('Import & export');
  await app.waitForText('Bring people in from a spreadsheet');
  await chooseFile(app, 'Choose a CSV file', 'staff.csv', kStaff);
  await app.waitForText('staff.csv');
  await app.waitForText('Every row is right');
  assert.ok(await app.hasText('Lovelace, Countess'), 'the preview shows the quoted cell as one value');
  await app.screenshot('upload-preview');
  await app.click('Apply the upload');
  await app.waitForText('staff.csv: Added 2 people');
  await app.page.waitForFunction(() => window.groveUi.saveStatus().state === 'saved');

  await app.click('Reports');
  const report = await download(app, 'Membership report');
  assert.match(report.name, /\.csv$/);
  const lines = report.text.replace(/^\uFEFF/, '').split('\r\n');
  assert.ok(lines[0].startsWith('membership_id,user_id,first_name,last_name,email,group_id,group_name,member_role,' +
      'group_parent_id,membership_created_date'), lines[0]);
  const marie = lines.find((line) => line.includes('marie.curie@riverside.example'));
  assert.ok(marie, 'the uploaded person is in the report');
  assert.ok(marie.includes('Riverside District') && marie.includes('mentor'), marie);
  assert.ok(lines.some((line) => line.includes('"Lovelace, Countess"')), 'a comma inside a cell is quoted');

  // Saved in IndexedDB: still there after a reload.
  await app.reload();
  await app.click('People');
  await app.click('Search by name or email');
  await app.type('curie');
  await app.waitForText('marie.curie@riverside.example');
  assert.deepEqual(app.errors, []);
});

test('a CSV with bad rows lists each problem with its line and applies nothing', async (t) => {
  const app = await openGrove({viewport: {width: 1400, height: 900}});
  t.after(() => app.close());
  await app.startOrganisation({demo: true});

  await app.click('Import & export');
  await app.click('Memberships (people into groups)');
  await chooseFile(app, 'Choose a CSV file', 'groups.csv',
      'email,group,role\nnobody@nowhere.example,Riverside District,member\nowner@riverside.example,No Such Group,boss\n');
  await app.waitForText('problems in groups.csv');
  assert.ok(await app.hasText('groups.csv:2:'));
  assert.ok(await app.hasText('groups.csv:3:'));
  assert.equal(await app.find('Apply the upload'), null);
  await app.screenshot('upload-errors');
  assert.deepEqual(app.errors, []);
});
