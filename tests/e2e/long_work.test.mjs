// Long work in Chromium (issue 11): checking a large upload and writing the membership report show their
// progress bar from the first frame, its value rising, and end with the right content: the check's result, and
// the report as one download, whole.
import assert from 'node:assert/strict';
import {readFile} from 'node:fs/promises';
import {test} from 'node:test';

import {openGrove} from './harness.mjs';

// `count` new people into the demo district's top group.
function peopleFile(count) {
  const rows = ['Email,First Name,Last Name,Group,Role'];
  for (let i = 1; i <= count; i++) rows.push(`learner${i}@long.example,Lee,Léarner ${i},Riverside District,member`);
  return rows.join('\r\n') + '\r\n';
}

// Records, at every animation frame from now on, the values of the progress bar labelled `label`.
async function watchProgress(app, label) {
  await app.page.evaluate((label) => {
    const seen = [];
    window.longWorkSeen = seen;
    const tick = () => {
      for (const item of window.groveUi.snapshot().items) {
        if (item.label === label) seen.push(item.value);
      }
      if (window.longWorkSeen === seen) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }, label);
}

async function progressSeen(app) {
  return app.page.evaluate(() => {
    const seen = window.longWorkSeen;
    window.longWorkSeen = null;
    return seen;
  });
}

function assertRising(values, what) {
  assert.ok(values.length >= 2, `${what}: the bar was seen in ${values.length} frames`);
  for (let i = 1; i < values.length; i++) assert.ok(values[i] >= values[i - 1], `${what}: ${values}`);
  assert.ok(values.every((v) => typeof v === 'number' && v >= 0 && v <= 1), `${what}: ${values}`);
}

test('a large upload is checked under a progress bar and the membership report downloads whole', async (t) => {
  const app = await openGrove({viewport: {width: 1400, height: 900}});
  t.after(() => app.close());
  await app.startOrganisation({demo: true});
  // One step a frame (500 rows checked, 2,000 rows written), so the bar is seen rising however fast the machine:
  // paced by time, a fast machine checks these 5,000 rows in the first slice.
  await app.page.evaluate(() => window.Module._grove_web_test_long_work_steps());
  await app.click('Import & export');
  await app.waitForText('Bring people in from a spreadsheet');
  const csv = peopleFile(5000);
  const chooser = app.page.waitForEvent('filechooser', {timeout: 10_000});
  await app.click('Choose a CSV file');
  await watchProgress(app, 'Check progress');
  // The file reaches the app in slices (here of 4 KiB, so a multi-byte letter is cut across two of them).
  await app.page.evaluate(() => { window.Module.groveTestFileSlice = 4096; });
  const bytes = Buffer.from(csv);
  await (await chooser).setFiles({name: 'learners.csv', mimeType: 'text/csv', buffer: bytes});
  await app.waitForText('Every row is right', {timeout: 60_000});
  const checked = await progressSeen(app);
  assertRising(checked, 'Check progress');
  assert.equal(checked[0], 0, 'the bar is drawn before any work');
  assert.ok(await app.hasText('Would add 5000 people'), 'the check counts every row');
  assert.equal(await app.page.evaluate(() => window.Module.groveTestFileSlices), Math.ceil(bytes.length / 4096),
      'the file came in slices');
  await app.click('Apply the upload');
  await app.waitForText('learners.csv: Added 5000 people', {timeout: 60_000});

  await app.click('Reports');
  await app.waitForLabel('Membership report');
  const started = app.page.waitForEvent('download', {timeout: 60_000});
  await watchProgress(app, 'Report progress');
  await app.click('Membership report');
  const file = await started;
  const reported = await progressSeen(app);
  assertRising(reported, 'Report progress');
  assert.equal(reported[0], 0, 'the bar is drawn before any work');
  const text = await readFile(await file.path(), 'utf8');
  const lines = text.replace(/^\uFEFF/, '').split('\r\n');
  assert.ok(lines[0].startsWith('membership_id,user_id,first_name,last_name,email,group_id,group_name'), lines[0]);
  assert.equal(lines.at(-1), '', 'the file ends with a whole row');
  const learners = new Set(lines.map((line) => line.match(/learner\d+@long\.example/)?.[0]).filter(Boolean));
  assert.equal(learners.size, 5000, 'every uploaded person has their row');
  // What was uploaded arrived whole, byte for byte: every name as written (the é of each slice's edge too).
  const names = new Set(lines.map((line) => line.match(/,Lee,(Léarner \d+),learner\d+@/)?.[1]).filter(Boolean));
  assert.equal(names.size, 5000, 'every name arrived as written');
  await app.waitForText('Downloaded');
  assert.deepEqual(app.errors, []);
});
