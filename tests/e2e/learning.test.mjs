// Learning and mentoring in Chromium (F19–F24): a learner submits work, their mentor sees the bell and the
// badge, reviews it with points and feedback, the badge clears, everything survives a reload, and the weekly
// digest downloads as one escaped HTML file.
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {promisify} from 'node:util';

import {openGrove, repoRoot} from './harness.mjs';

const grove = path.join(repoRoot, 'build', 'native', 'grove');
const kNasty = '<img src=x onerror=alert(1)>';

// Clicks the first item whose label starts with `prefix` (or, with `anywhere`, holds it).
async function clickStarting(app, prefix, anywhere = false) {
  const handle = await app.page.waitForFunction(
      ([prefix, anywhere]) => window.groveUi.snapshot().items.find(
          (item) => anywhere ? item.label.includes(prefix) : item.label.startsWith(prefix)) || null,
      [prefix, anywhere], {polling: 'raf', timeout: 10_000});
  const item = await handle.jsonValue();
  await app.page.mouse.click(item.x + item.w / 2, item.y + item.h / 2);
  await app.settle();
}

// Acts as the person with this email, through the top bar's acting person.
async function actAs(app, email) {
  await clickStarting(app, await currentActor(app), true);
  await app.waitForText('Act as');
  await clickStarting(app, email, true);
}

// The top bar's acting-person button: the person's name (and roles, if any), no email.
async function currentActor(app) {
  for (const name of ['Hana Hill', 'Ann Lee', 'Mia Roy']) {
    const label = await app.page.evaluate((name) => {
      const item = window.groveUi.snapshot().items.find(
          (item) => item.label.includes(name) && !item.label.includes('<') && !item.label.startsWith('Review'));
      return item ? item.label : null;
    }, name);
    if (label) return label;
  }
  throw new Error('no acting person in the top bar');
}

async function hasLabel(app, label) {
  return app.page.evaluate((label) => window.groveUi.snapshot().items.some((item) => item.label === label), label);
}

test('a learner submits, the mentor reviews from the bell and the badge, and the digest downloads as HTML',
    async (t) => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'grove-e2e-learning-'));
      t.after(() => rm(dir, {recursive: true, force: true}));
      const db = path.join(dir, 'hill.grove');
      const run = (...args) => promisify(execFile)(grove, ['--db', db, ...args], {maxBuffer: 64 << 20});

      // The organisation, made on the command line and opened in the browser from its Grove file.
      await run('init', '--org', 'Hillside Academy', '--plan', 'enterprise', '--owner', 'owner@hillside.example',
          '--first', 'Hana', '--last', 'Hill');
      await run('user', 'add', 'ann@hillside.example', '--first', 'Ann', '--last', 'Lee');
      await run('user', 'add', 'mia@hillside.example', '--first', 'Mia', '--last', 'Roy');
      await run('user', 'add', 'kid@hillside.example', '--first', kNasty, '--last', 'Kid');
      await run('group', 'create', 'Grade 9');
      await run('member', 'add', 'grade-9', 'ann@hillside.example', 'kid@hillside.example');
      await run('member', 'add', 'grade-9', 'mia@hillside.example', '--role', 'mentor');
      await run('course', 'create', 'Algebra');
      await run('course', 'step', 'add', 'algebra', 'Variables');
      await run('course', 'step', 'add', 'algebra', 'Proofs', '--kind', 'assignment', '--review', '--points', '10');
      await run('course', 'enrol', 'algebra', 'ann@hillside.example', 'kid@hillside.example');
      await run('--as', 'kid@hillside.example', 'step', 'complete', 'algebra', '2', '--answer', '<script>x</script>');
      const file = path.join(dir, 'hill.json');
      await writeFile(file, (await run('export', 'json')).stdout);

      const app = await openGrove({viewport: {width: 1400, height: 900}});
      t.after(() => app.close());
      await app.waitForText('Welcome to Grove');
      const chooser = app.page.waitForEvent('filechooser', {timeout: 10_000});
      await app.click('Open a Grove file');
      await (await chooser).setFiles({name: 'hill.json', mimeType: 'application/json', buffer: await readFile(file)});
      await app.waitForLabel('Groups', {timeout: 30_000});

      // As the learner: the course, its step marked for review, an answer.
      await actAs(app, 'ann@hillside.example');
      await app.click('Courses');
      await app.click('Algebra');
      await app.click('Proofs');
      await app.fill('Your answer', 'x = 2, because 2x = 4.');
      await app.click('Submit answer');
      await app.waitForText('waits for a mentor');

      // As the mentor: the bell counts Ann's submission (a Grove file carries no notifications, so the other
      // learner's older one, made before the export, only waits in the queue), Home shows Ann's badge.
      await actAs(app, 'mia@hillside.example');
      await app.waitForLabel('Notifications, 1 unread');
      await app.click('Home');
      await app.waitForLabel('Review Ann Lee (1 waiting)');
      await app.click('Review Ann Lee (1 waiting)');
      await app.waitForText('x = 2, because 2x = 4.');
      await app.click('Points, out of 10');
      await app.type('8');
      await app.click('Feedback');
      await app.type('Good: show the division too.');
      await app.screenshot('review');
      await app.click('Submit review');
      await app.waitForText('Reviewed Ann Lee');
      await app.press('Escape');
      await app.settle();
      assert.ok(!(await hasLabel(app, 'Review Ann Lee (1 waiting)')), 'the badge is gone once reviewed');
      await app.waitForLabel('Notifications');
      assert.ok(!(await hasLabel(app, 'Notifications, 1 unread')), 'the bell is read once the work is reviewed');
      await app.page.waitForFunction(() => window.groveUi.saveStatus().state === 'saved');

      // Saved: after a reload the review is there, for the mentor and for the learner.
      await app.reload();
      await app.waitForLabel('Notifications');
      assert.ok(!(await hasLabel(app, 'Notifications, 1 unread')));
      await app.click('Home');
      await app.waitForText('Mia Roy');
      assert.ok(!(await hasLabel(app, 'Review Ann Lee (1 waiting)')));

      // The digest: the other learner's work still waits; the file is one self-contained, escaped page.
      await app.click('View weekly digest');
      await app.waitForText('Weekly digest');
      const started = app.page.waitForEvent('download', {timeout: 10_000});
      await app.click('Save as HTML');
      const download = await started;
      assert.match(download.suggestedFilename(), /^weekly-digest-.*\.html$/);
      const html = await readFile(await download.path(), 'utf8');
      assert.ok(html.includes('Weekly digest'), 'titled');
      assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt; Kid'), 'the learner\'s name is text');
      assert.ok(!/<img|<script|https?:|<link/i.test(html), 'no image, script or external link');
      assert.ok(html.includes('Ann Lee') && html.includes('Algebra'), 'members and their courses');
      await app.press('Escape');

      await actAs(app, 'ann@hillside.example');
      await app.click('Courses');
      await app.waitForText('80%');
      assert.deepEqual(app.errors, []);
    });
