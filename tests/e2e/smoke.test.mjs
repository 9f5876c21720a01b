// Smoke test of the browser app in Chromium: it loads, shows its sections, navigates, survives a reload.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {openGrove} from './harness.mjs';

const kSections = ['Groups', 'People', 'Departments', 'Roles', 'Audit log', 'Settings'];

test('a fresh browser shows the welcome screen; creating an organisation opens the app', async (t) => {
  const app = await openGrove();
  t.after(() => app.close());

  assert.ok(await app.hasText('Welcome to Grove'));
  await app.screenshot('welcome');
  await app.click('Create organisation');  // nothing filled in: the core says what is missing
  await app.waitForText('The organisation needs a name.');
  await app.startOrganisation();
  assert.ok(await app.hasText('Hillside Academy'), 'the top bar names the new organisation');
  assert.ok(await app.hasText('Hana Hill'), 'the owner acts');
  await app.reload();
  assert.ok(await app.hasText('Hillside Academy'), 'the organisation survives a reload');
  assert.deepEqual(app.errors, []);
});

test('the app loads, opens People from the sidebar, and comes back after a reload', async (t) => {
  const app = await openGrove();
  t.after(() => app.close());
  await app.startOrganisation();

  const labels = await app.labels();
  for (const section of kSections) assert.ok(labels.includes(section), `sidebar has ${section}: ${labels}`);
  assert.ok(await app.hasText('Saved'), 'the top bar says the data is saved');
  const people = await app.find('People');
  assert.ok(people.x >= 0 && people.x < 240 && people.w > 100, `People is a sidebar row: ${JSON.stringify(people)}`);

  await app.click('People');
  assert.match(await app.page.title(), /^People/);
  await app.screenshot('smoke-people');

  await app.reload();
  assert.deepEqual((await app.labels()).filter((label) => kSections.includes(label)), kSections);
  await app.screenshot('smoke-after-reload');
  assert.deepEqual(app.errors, []);
});

test('the canvas follows the window when it is resized', async (t) => {
  const app = await openGrove();
  t.after(() => app.close());
  await app.startOrganisation();

  await app.page.setViewportSize({width: 1024, height: 640});
  // The theme switch sits at the top bar's right edge: it moves with the window.
  await app.page.waitForFunction(() => {
    const canvas = document.getElementById('canvas');
    const toggle = window.groveUi.snapshot().items.find((item) => item.label === 'Switch to dark theme');
    return canvas.width === 1024 && canvas.height === 640 && toggle && toggle.x + toggle.w > 980 &&
        toggle.x + toggle.w <= 1024;
  });
  const about = await app.find('About');
  assert.ok(about.y + about.h <= 640 && about.y > 560, `About stays at the sidebar's foot: ${JSON.stringify(about)}`);
  await app.screenshot('smoke-resized');
});

test('on a 2x screen the snapshot is in CSS pixels and the dark theme renders', async (t) => {
  const app = await openGrove({deviceScaleFactor: 2});
  t.after(() => app.close());
  await app.startOrganisation();

  const people = await app.find('People');
  assert.ok(people.h > 30 && people.h < 46, `a sidebar row is about 38 CSS pixels high: ${people.h}`);
  assert.equal(await app.page.evaluate(() => document.getElementById('canvas').width), 2560);

  await app.click('Switch to dark theme');
  await app.waitForLabel('Switch to light theme');
  await app.screenshot('smoke-dark-2x');
  assert.deepEqual(app.errors, []);
});
