// Typing in other scripts in Chromium (issue 16): names typed in Cyrillic (page.keyboard.type sends
// such letters as inserted text, without key events) and in Japanese as an input method commits it
// (page.keyboard.insertText; and a composition in progress, which sends nothing until committed) go
// into the People search box exactly as typed, and the search finds the person of that name.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {openGrove} from './harness.mjs';

const kSearch = 'Search by name or email';

// The strings drawn inside the field labelled `label` (its text, or its hint when empty), icons left out.
async function fieldTexts(app, label) {
  return app.page.evaluate((label) => {
    const {items, texts, textBoxes} = window.groveUi.snapshot();
    const field = items.find((item) => item.label === label);
    if (!field) return null;
    const inside = (box) => box.x + box.w / 2 >= field.x && box.x + box.w / 2 <= field.x + field.w &&
        box.y + box.h / 2 >= field.y && box.y + box.h / 2 <= field.y + field.h;
    const icon = /^[\uE000-\uF8FF\s]*$/;  // Font Awesome's glyphs live in the Private Use Area
    return texts.filter((text, i) => inside(textBoxes[i]) && !icon.test(text));
  }, label);
}

async function addPerson(app, {email, first, last}) {
  await app.click('Add person');
  await app.waitForText('Add a person');
  await app.fill('Email', email);
  await app.fill('First name', first);
  await app.fill('Last name', last);
  await app.click('Add');
  await app.waitForText(`Added ${first} ${last}.`);
}

test('names typed in Cyrillic and committed by a Japanese input method are searched as typed', async (t) => {
  const app = await openGrove({viewport: {width: 1400, height: 900}});
  t.after(() => app.close());
  await app.startOrganisation();
  await app.click('People');
  await app.waitForText('Everyone in the organisation');
  await addPerson(app, {email: 'dmitry@hillside.example', first: 'Дмитрий', last: 'Иванов'});
  await addPerson(app, {email: 'taro@hillside.example', first: '太郎', last: '田中'});
  await app.reload();  // the person panel closed; the list shows everyone
  await app.click('People');
  await app.waitForLabel('Дмитрий Иванов');
  await app.waitForLabel('太郎 田中');

  // Cyrillic, typed.
  await app.click(kSearch);
  await app.page.keyboard.type('Дмитрий');
  await app.settle();
  assert.deepEqual(await fieldTexts(app, kSearch), ['Дмитрий']);
  await app.waitForLabel('Дмитрий Иванов');
  assert.equal(await app.find('太郎 田中'), null, 'the search leaves out the others');

  // Japanese: an input method composes (nothing reaches the field meanwhile), then commits.
  await app.press('Control+A');
  const cdp = await app.page.context().newCDPSession(app.page);
  await cdp.send('Input.imeSetComposition', {text: 'たなか', selectionStart: 3, selectionEnd: 3});
  await app.settle();
  assert.deepEqual(await app.page.evaluate(() => {
    const field = document.activeElement;
    return {id: field.id, value: field.value, shown: getComputedStyle(field).opacity};
  }), {id: 'grove-text-input', value: 'たなか', shown: '1'}, 'the page\'s text field at the caret shows the composition');
  assert.deepEqual(await fieldTexts(app, kSearch), ['Дмитрий'], 'a composition in progress is not typed yet');
  await app.page.keyboard.insertText('田中');
  await app.settle();
  assert.deepEqual(await fieldTexts(app, kSearch), ['田中'], 'the committed text replaced the selection');
  await app.waitForLabel('太郎 田中');
  assert.equal(await app.find('Дмитрий Иванов'), null);

  // What an input method commits without a composition shown first, at the end of the text.
  await app.page.keyboard.insertText(' 太郎');
  await app.settle();
  assert.deepEqual(await fieldTexts(app, kSearch), ['田中 太郎']);

  // Keys still edit the field as before: Backspace three times (each let go at once: one held across
  // frames may repeat), then plain Latin letters, each typed once.
  for (let i = 0; i < 3; i++) {
    await app.page.keyboard.press('Backspace');
    await app.settle();
  }
  assert.deepEqual(await fieldTexts(app, kSearch), ['田中']);
  await app.press('Control+A');
  await app.page.keyboard.type('hillside', {delay: 15});
  await app.settle();
  assert.deepEqual(await fieldTexts(app, kSearch), ['hillside']);
  await app.waitForLabel('Дмитрий Иванов');
  await app.waitForLabel('太郎 田中');
  await app.screenshot('typing');

  // Off the field, keys go back to the page (the hidden text field lets go of the focus).
  await app.click('Groups');
  assert.notEqual(await app.page.evaluate(() => document.activeElement.id), 'grove-text-input');
  assert.deepEqual(app.errors, []);
});
