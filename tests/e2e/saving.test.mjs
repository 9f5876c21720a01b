// Saving in the browser: the database's blocks live in IndexedDB, load as the page opens, and one write runs at a time.
// Every change here is a real commit made through the UI, so it travels the C++ save path:
// core command -> the block VFS hands the changed blocks -> grove_storage.js -> one IndexedDB transaction.
import assert from 'node:assert/strict';
import {setTimeout as sleep} from 'node:timers/promises';
import {test} from 'node:test';

import {openGrove, storageWriterOf} from './harness.mjs';

async function waitSaved(app) {
  await app.page.waitForFunction(() => window.groveUi.saveStatus().state === 'saved');
  await app.waitForText('Saved');  // the top bar says so too
}

// Creates a group from the Groups screen, as groups.test.mjs does: a committed core command.
async function createGroup(app, name) {
  await app.click('New group');
  await app.waitForLabel('Create group');
  await app.type(name);  // the Name field has the focus
  await app.click('Create group');
  await app.waitForText(`Created the group ${name}.`);
}

// Whether the Groups screen lists a group of that name (a row labelled with it).
async function listsGroup(app, name) {
  await app.click('Groups');
  await app.waitForLabel('New group');
  return (await app.labels()).includes(name);
}

test('a group created by clicking survives a reload and a browser restart; the top bar follows', async (t) => {
  const app = await openGrove();
  t.after(() => app.close());
  await app.startOrganisation({name: 'Hillside Academy'});
  await waitSaved(app);
  await app.click('Groups');
  await app.waitForText('No groups yet');

  await createGroup(app, 'Science club');
  await waitSaved(app);

  await app.reload();
  await app.waitForText('Hillside Academy');  // the organisation, not the welcome screen
  assert.ok(await listsGroup(app, 'Science club'), 'the group is there after a reload');

  await app.restartBrowser();
  await app.waitForText('Hillside Academy');
  assert.ok(await listsGroup(app, 'Science club'), 'the group is there after the browser restarted');
  assert.equal((await app.saveStatus()).state, 'saved');
  assert.deepEqual(app.errors, []);
});

test('writes never overlap: commits during a write queue together into one more', async (t) => {
  const app = await openGrove();
  t.after(() => app.close());
  await app.startOrganisation();
  await waitSaved(app);
  await app.click('Groups');
  await app.waitForText('No groups yet');

  // Counts IndexedDB's readwrite transactions as they start and end, where they run (the page's writer, a
  // worker); the writes are held back until the test lets them go, so the next commits certainly arrive
  // meanwhile.
  const writer = await storageWriterOf(app);
  await writer.evaluate(() => {
    self.writes = {started: 0, running: 0, most: 0};
    const real = IDBDatabase.prototype.transaction;
    IDBDatabase.prototype.transaction = function(names, mode, options) {
      const tx = real.call(this, names, mode, options);
      // A commit's write names 'meta' (rewriting segments when idle does not: it stores no new commit).
      if (mode !== 'readwrite' || ![].concat(names).includes('meta')) return tx;
      const writes = self.writes;
      writes.started++;
      writes.most = Math.max(writes.most, ++writes.running);
      const done = () => writes.running--;
      tx.addEventListener('complete', done);
      tx.addEventListener('abort', done);
      return tx;
    };
  });
  await app.page.evaluate(() => window.groveUi.holdSaves(true));

  await createGroup(app, 'Grade 9');
  await app.waitForText('Saving');
  await createGroup(app, 'Grade 10');
  await createGroup(app, 'Grade 11');
  let writes = await writer.evaluate(() => self.writes);
  assert.equal(writes.started, 0, 'nothing is written while held');
  assert.equal((await app.saveStatus()).state, 'saving');

  await app.page.evaluate(() => window.groveUi.holdSaves(false));
  await waitSaved(app);
  writes = await writer.evaluate(() => self.writes);
  assert.equal(writes.most, 1, 'one write at a time');
  assert.equal(writes.started, 1, 'the three queued commits go in one transaction');

  await app.reload();
  for (const name of ['Grade 9', 'Grade 10', 'Grade 11']) {
    assert.ok(await listsGroup(app, name), `${name} was saved`);
  }
});

test('an idle page draws nothing', async (t) => {
  const app = await openGrove();
  t.after(() => app.close());
  await app.startOrganisation();
  await app.click('People');  // after input the app draws a few frames, then stops

  const before = await app.page.evaluate(() => window.groveUi.ticks());
  await sleep(1500);
  const after = await app.page.evaluate(() => window.groveUi.ticks());
  assert.equal(after, before, 'no animation frame ran while nothing happened');

  await app.page.mouse.move(600, 400);
  await app.page.waitForFunction((before) => window.groveUi.ticks() > before, after);
});
