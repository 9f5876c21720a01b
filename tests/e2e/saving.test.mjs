// Saving in the browser: /data lives in IndexedDB, loads before main(), and saves one sync at a time.
// Every change here is a real commit made through the UI, so it travels the C++ save path:
// core command -> Store's listener -> platform request_save -> FS.syncfs -> IndexedDB.
import assert from 'node:assert/strict';
import {setTimeout as sleep} from 'node:timers/promises';
import {test} from 'node:test';

import {openGrove} from './harness.mjs';

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

test('saves never overlap: commits during a save queue exactly one more', async (t) => {
  const app = await openGrove();
  t.after(() => app.close());
  await app.startOrganisation();
  await waitSaved(app);
  await app.click('Groups');
  await app.waitForText('No groups yet');

  // Count the syncs to IndexedDB, and hold each one back until the test lets it go, so that the
  // next commits certainly arrive while the first save is running.
  await app.page.evaluate(() => {
    window.syncs = {started: 0, running: 0, most: 0, held: [], holding: true};
    const real = FS.syncfs;
    FS.syncfs = function(populate, callback) {
      if (populate) return real.call(FS, populate, callback);
      const syncs = window.syncs;
      syncs.started++;
      syncs.most = Math.max(syncs.most, ++syncs.running);
      const run = () => real.call(FS, populate, (err) => {
        syncs.running--;
        callback(err);
      });
      if (syncs.holding) syncs.held.push(run);
      else run();
    };
    window.releaseSyncs = () => {
      window.syncs.holding = false;
      for (const run of window.syncs.held.splice(0)) run();
    };
  });

  await createGroup(app, 'Grade 9');  // starts the first save, held
  await app.waitForText('Saving');
  await createGroup(app, 'Grade 10');  // these two commit while it runs
  await createGroup(app, 'Grade 11');
  let syncs = await app.page.evaluate(() => window.syncs);
  assert.equal(syncs.started, 1, 'the commits during the save started no sync of their own');
  assert.equal((await app.saveStatus()).state, 'saving');

  await app.page.evaluate(() => window.releaseSyncs());
  await waitSaved(app);
  syncs = await app.page.evaluate(() => window.syncs);
  assert.equal(syncs.most, 1, 'one sync at a time');
  assert.equal(syncs.started, 2, 'the first commit starts one; the two during it queue one');

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
