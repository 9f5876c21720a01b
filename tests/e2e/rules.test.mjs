// Smart groups in Chromium (F12): a rule built by clicking, its live preview, saving it, a person edited on the
// People screen so that they leave the group by its rule, and after a reload the rule and the membership as
// they were saved.
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {promisify} from 'node:util';

import {openGrove, repoRoot} from './harness.mjs';

const grove = path.join(repoRoot, 'build', 'native', 'grove');
const kRule = 'field "Job Title" contains "teacher"';

// The group page's list of people: whether a name is drawn in it (the names are drawn nowhere else there).
async function listed(app, name) {
  return app.hasText(name);
}

test('a rule built by clicking previews, saves, moves people by itself, and survives a reload', async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'grove-e2e-rules-'));
  t.after(() => rm(dir, {recursive: true, force: true}));
  const db = path.join(dir, 'hill.grove');
  const run = (...args) => promisify(execFile)(grove, ['--db', db, ...args], {maxBuffer: 64 << 20});

  // The organisation, made on the command line and opened in the browser from its Grove file.
  await run('init', '--org', 'Hillside Academy', '--plan', 'enterprise', '--owner', 'owner@hillside.example',
      '--first', 'Hana', '--last', 'Hill');
  await run('field', 'add', 'Job Title', '--type', 'text');
  await run('user', 'add', 'ann@hillside.example', '--first', 'Ann', '--last', 'Lee', '--field', 'Job Title=Teacher');
  await run('user', 'add', 'bo@hillside.example', '--first', 'Bo', '--last', 'Chen', '--field',
      'Job Title=Lead Teacher');
  await run('user', 'add', 'cy@hillside.example', '--first', 'Cy', '--last', 'Dart', '--field', 'Job Title=Nurse');
  await run('group', 'create', 'Teachers');
  await run('member', 'add', 'teachers', 'cy@hillside.example');
  const file = path.join(dir, 'hill.json');
  await writeFile(file, (await run('export', 'json')).stdout);

  const app = await openGrove();  // the app's default size, 1280 x 800
  t.after(() => app.close());
  await app.waitForText('Welcome to Grove');
  const chooser = app.page.waitForEvent('filechooser', {timeout: 10_000});
  await app.click('Open a Grove file');
  await (await chooser).setFiles({name: 'hill.json', mimeType: 'application/json', buffer: await readFile(file)});
  await app.waitForLabel('Groups', {timeout: 30_000});

  // Teachers is a manual group with Cy in it: Make smart…, and a rule built by clicking.
  await app.click('Teachers');
  await app.waitForText('Cy Dart');
  await app.click('Make smart\u2026');
  await app.waitForLabel('Subject, row 1');
  await app.click('Subject, row 1');
  await app.click('Field: Job Title');
  await app.click('Operator, row 1');
  await app.click('contains');
  await app.fill('Value, row 1', 'teacher');

  // The live preview, before saving: who joins and who leaves; the text view shows the same rule.
  await app.waitForText('2 match: +2 join, -1 leave');
  assert.ok(await app.hasText(kRule), 'the text view follows the builder');
  assert.ok(await app.hasText('Would join (2)'));
  assert.ok(await app.hasText('Would leave (1)'));
  assert.ok(await app.hasText('Ann Lee') && await app.hasText('Bo Chen'));
  await app.screenshot('rules');  // docs/screenshots/rules.png

  await app.click('Make smart');
  await app.waitForText('Teachers is now a smart group: 2 match: +2 join, -1 leave.');
  assert.ok(await app.hasText('Smart group:'), 'the page header says it is smart');
  assert.ok(await listed(app, 'Ann Lee') && await listed(app, 'Bo Chen'));
  assert.ok(!(await listed(app, 'Cy Dart')), 'Cy left by the rule');

  // Bo's title changes on the People screen: Bo leaves Teachers by its rule, in the same save.
  await app.click('People');
  await app.click('Bo Chen');
  await app.fill('Job Title', 'Principal');
  await app.click('Save changes');
  await app.waitForText('Saved.');
  await app.click('Groups');
  await app.click('Teachers');
  await app.waitForText('Ann Lee');
  assert.ok(!(await listed(app, 'Bo Chen')), 'Bo left Teachers');
  await app.page.waitForFunction(() => window.groveUi.saveStatus().state === 'saved');

  // Saved: after a reload the rule and the membership are as they were left (seen in the dark theme).
  await app.reload();
  await app.click('Switch to dark theme');
  await app.click('Teachers');
  await app.waitForText('Smart group:');
  assert.ok(await app.hasText(kRule), 'the rule in the header');
  assert.ok(await listed(app, 'Ann Lee'));
  assert.ok(!(await listed(app, 'Bo Chen')));
  assert.ok(!(await listed(app, 'Cy Dart')));
  await app.click('Rule\u2026');
  await app.waitForLabel('Subject, row 1');
  assert.ok(await app.hasText('Field: Job Title'), 'the builder shows the saved rule');
  await app.waitForText('1 match: +0 join, -0 leave');
  await app.screenshot('rules-dark');
  // A nested block, to look at; closing asks before the change is thrown away.
  await app.click('Add block');
  await app.click('Subject, row 2.1');
  await app.click('Status');
  await app.waitForText('and status is active');
  await app.screenshot('rules-nested-dark');
  await app.press('Escape');
  await app.click('Discard');
  await app.waitForText('Smart group:');
  assert.deepEqual(app.errors, []);
});
