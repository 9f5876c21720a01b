// Import & export in Chromium: a CSV chosen in the browser's file picker is checked, previewed and
// applied; a report comes out as a real download; a bad file lists its problems and changes nothing.
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {promisify} from 'node:util';

import {openGrove, repoRoot} from './harness.mjs';

const run = (file, args) => promisify(execFile)(file, args, {maxBuffer: 64 * 1024 * 1024});

const kStaff = [
  'Email,First Name,Last Name,Group,Role',
  'marie.curie@riverside.example,Marie,Curie,Riverside District,mentor',
  '"lovelace@riverside.example","Ada","Lovelace, Countess",Riverside District,',
  '',
].join('\r\n');

// Clicks `label`, answers the file picker it opens with `name` holding `content`.
async function chooseFile(app, label, name, content, mimeType = 'text/csv') {
  const chooser = app.page.waitForEvent('filechooser', {timeout: 10_000});
  await app.click(label);
  await (await chooser).setFiles({name, mimeType, buffer: Buffer.from(content)});
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
      'email,group,role\nnot-an-email,Riverside District,member\nowner@riverside.example,No Such Group,boss\n');
  await app.waitForText('problems in groups.csv');
  assert.ok(await app.hasText('groups.csv:2:'));
  assert.ok(await app.hasText('groups.csv:3:'));
  assert.equal(await app.find('Apply the upload'), null);
  await app.screenshot('upload-errors');
  assert.deepEqual(app.errors, []);
});

test('a file larger than the tab can hold is refused in words, and the app goes on', async (t) => {
  const app = await openGrove({viewport: {width: 1400, height: 900}});
  t.after(() => app.close());
  await app.startOrganisation({demo: true});
  // A tab with 100 bytes to spare plays one whose 2 GB of WebAssembly memory cannot take the file.
  await app.page.evaluate(() => { Module['groveTestFileLimit'] = 100; });

  await app.click('Import & export');
  await app.waitForText('Bring people in from a spreadsheet');
  await chooseFile(app, 'Choose a CSV file', 'staff.csv', kStaff);
  await app.waitForText('staff.csv (1 KB) is too large for the browser');
  assert.equal(await app.find('Apply the upload'), null, 'nothing was planned from the file');
  await app.screenshot('file-too-large');

  // The same file fits once the tab has the memory: the app went on.
  await app.page.evaluate(() => { delete Module['groveTestFileLimit']; });
  await app.click('OK');
  await chooseFile(app, 'Choose a CSV file', 'staff.csv', kStaff);
  await app.waitForText('Every row is right');
  assert.deepEqual(app.errors, []);
});

// The other planner works with the command line on a copy restored from this browser's export.
const grove = path.join(repoRoot, 'build', 'native', 'grove');

test('another planner\'s Grove file merges in the browser, with the conflict settled by a choice', async (t) => {
  const app = await openGrove({viewport: {width: 1400, height: 900}});
  t.after(() => app.close());
  const dir = await mkdtemp(path.join(os.tmpdir(), 'grove-e2e-merge-'));
  t.after(() => rm(dir, {recursive: true, force: true}));
  await app.startOrganisation({demo: true});

  await app.click('Import & export');
  await app.click('Grove file');
  const exported = await download(app, 'Export the organisation');
  assert.match(exported.name, /\.json$/);
  const start = path.join(dir, 'start.json');
  await writeFile(start, exported.text);

  // The other planner: restores the file, renames the district group, adds a group, exports.
  const db = path.join(dir, 'theirs.grove');
  await run(grove, ['--db', db, 'import', 'json', start]);
  await run(grove, ['--db', db, 'group', 'edit', 'riverside-district', '--name', 'Riverside Schools']);
  await run(grove, ['--db', db, 'group', 'create', 'Summer Camp']);
  const theirs = (await run(grove, ['--db', db, 'export', 'json'])).stdout;

  // Here: the same group renamed otherwise.
  await app.click('Groups');
  await app.click('Actions for Riverside District');
  await app.click('Manage group');
  await app.fill('Name', 'Riverside Unified');
  await app.click('Save changes');
  await app.waitForText('Riverside Unified');

  await app.click('Import & export');
  await app.click('Grove file');
  await chooseFile(app, 'Import a Grove file', 'theirs.json', theirs, 'application/json');
  await app.waitForText('Conflicts (1)');
  assert.ok(await app.hasText('Riverside Schools'));
  await app.screenshot('merge-conflicts');
  await app.click('Take the file\'s 1');
  await app.click('Import and merge');
  await app.waitForText('Merged theirs.json');

  await app.click('Groups');
  await app.waitForText('Riverside Schools');
  assert.ok(await app.hasText('Summer Camp'));
  assert.deepEqual(app.errors, []);
});
