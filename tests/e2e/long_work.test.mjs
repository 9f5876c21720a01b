// Long work in Chromium (issue 11): checking a large upload and writing the membership report show their
// progress while they run, and end with the right content: the report as one download, whole.
import assert from 'node:assert/strict';
import {readFile} from 'node:fs/promises';
import {test} from 'node:test';

import {openGrove} from './harness.mjs';

// `count` new people into the demo district's top group.
function peopleFile(count) {
  const rows = ['Email,First Name,Last Name,Group,Role'];
  for (let i = 1; i <= count; i++) rows.push(`learner${i}@long.example,Lee,Learner ${i},Riverside District,member`);
  return rows.join('\r\n') + '\r\n';
}

// Records, at every animation frame from now on, the labels of progress bars the app reported.
async function watchProgress(app) {
  await app.page.evaluate(() => {
    const seen = new Set();
    window.longWorkSeen = seen;
    const tick = () => {
      for (const item of window.groveUi.snapshot().items) if (item.label.endsWith(' progress')) seen.add(item.label);
      if (window.longWorkSeen === seen) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

async function progressSeen(app) {
  return app.page.evaluate(() => {
    const seen = [...window.longWorkSeen];
    window.longWorkSeen = null;
    return seen;
  });
}

test('a large upload is checked under a progress bar and the membership report downloads whole', async (t) => {
  const app = await openGrove({viewport: {width: 1400, height: 900}});
  t.after(() => app.close());
  await app.startOrganisation({demo: true});
  await app.click('Import & export');
  await app.waitForText('Bring people in from a spreadsheet');
  // The checks step in slices of about 50 ms; 30,000 rows take several (6,000 were checked within one budget).
  const csv = peopleFile(30000);
  const chooser = app.page.waitForEvent('filechooser', {timeout: 10_000});
  await app.click('Choose a CSV file');
  await watchProgress(app);
  await (await chooser).setFiles({name: 'learners.csv', mimeType: 'text/csv', buffer: Buffer.from(csv)});
  await app.waitForText('Every row is right', {timeout: 60_000});
  assert.deepEqual(await progressSeen(app), ['Check progress']);
  assert.ok(await app.hasText('Would add 30000 people'), 'the check counts every row');
  await app.click('Apply the upload');
  await app.waitForText('learners.csv: Added 30000 people', {timeout: 60_000});

  await app.click('Reports');
  await app.waitForLabel('Membership report');
  const started = app.page.waitForEvent('download', {timeout: 60_000});
  await watchProgress(app);
  await app.click('Membership report');
  const file = await started;
  assert.deepEqual(await progressSeen(app), ['Report progress']);
  const text = await readFile(await file.path(), 'utf8');
  const lines = text.replace(/^\uFEFF/, '').split('\r\n');
  assert.ok(lines[0].startsWith('membership_id,user_id,first_name,last_name,email,group_id,group_name'), lines[0]);
  assert.equal(lines.at(-1), '', 'the file ends with a whole row');
  const learners = lines.filter((line) => line.includes('@long.example,Riverside District') ||
      /learner\d+@long\.example/.test(line));
  assert.equal(new Set(learners.map((line) => line.match(/learner\d+@long\.example/)[0])).size, 30000,
      'every uploaded person has their row');
  assert.ok(lines.length > 30000);
  await app.waitForText('Downloaded');
  assert.deepEqual(app.errors, []);
});
