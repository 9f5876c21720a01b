// Groups in Chromium: create groups, add members, make a mentor, nest a group under another, see the
// refusal when acting as someone without rights, and find it all again after a reload (IndexedDB).
import assert from 'node:assert/strict';
import {test} from 'node:test';
import zlib from 'node:zlib';

import {openGrove} from './harness.mjs';

async function waitSaved(app) {
  await app.page.waitForFunction(() => window.groveUi.saveStatus().state === 'saved');
}

// Clicks the last item with `label`: what a dialog or a menu draws over the list comes last.
async function clickLast(app, label) {
  const items = (await app.snapshot()).items.filter((item) => item.label === label);
  assert.ok(items.length > 0, `an item labelled ${label}`);
  await app.click(label, {nth: items.length - 1});
}

// The first item whose label starts with `prefix` ("Hana Hill  ·  Owner", a search result).
async function clickStarting(app, prefix) {
  const handle = await app.page.waitForFunction(
      (prefix) => window.groveUi.snapshot().items.find((item) => item.label.startsWith(prefix)) || null, prefix,
      {polling: 'raf', timeout: 10_000});
  const item = await handle.jsonValue();
  await app.page.mouse.click(item.x + item.w / 2, item.y + item.h / 2);
  await app.settle();
}

// A PNG of a landscape (sky, sun, hills), made here so the test carries no binary file.
function landscapePng(width = 240, height = 240) {
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; ++y) {
    raw[y * (width * 4 + 1)] = 0;  // no filter
    for (let x = 0; x < width; ++x) {
      const t = y / height;
      let rgb = [Math.round(80 + 100 * (1 - t)), Math.round(150 + 80 * t), Math.round(230 - 150 * t)];
      if (Math.hypot(x - 160, y - 70) < 36) rgb = [250, 200, 60];
      if (y > 160 + 10 * Math.sin(x / 24)) rgb = [40, 140, 80];
      raw.set([...rgb, 255], y * (width * 4 + 1) + 1 + x * 4);
    }
  }
  const chunk = (type, data) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(Buffer.concat([head.subarray(4), data])), 0);
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);  // 8 bits, RGBA
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

async function createGroup(app, name) {
  await app.click('New group');
  await app.waitForLabel('Create group');
  await app.type(name);  // the Name field has the focus
  await app.click('Create group');
  await app.waitForText(`Created the group ${name}.`);
}

test('groups made by clicking keep their people, roles and nesting after a reload', async (t) => {
  const app = await openGrove({viewport: {width: 1400, height: 900}});
  t.after(() => app.close());
  // The welcome screen's fields start empty: click each and type.
  await app.waitForText('Welcome to Grove');
  for (const [label, text] of [['Organisation name', 'Riverside High'], ['Your email', 'olivia@riverside.example'],
    ['First name', 'Olivia'], ['Last name', 'Owens']]) {
    await app.click(label);
    await app.type(text);
  }
  await app.click('Create organisation');
  await app.waitForText('Riverside High');

  await app.click('Groups');
  await app.waitForText('No groups yet');
  await createGroup(app, 'Grade 9');
  await createGroup(app, 'Northgate');

  // Grade 9's page: invite two people, make one of them a mentor.
  await app.click('Grade 9');
  await app.waitForLabel('Back to groups');
  await app.click('Add members');
  await app.waitForLabel('Or invite by email');
  await app.click('Or invite by email');
  await app.type('maria@riverside.example, sam@riverside.example');
  await app.click('Add');
  await app.waitForText('Invited 2 people.');
  await app.click('Actions for maria@riverside.example');
  await app.click('Make mentor');
  await app.waitForText('maria@riverside.example is now a mentor of Grade 9.');
  await waitSaved(app);

  // Back on the list: nest Grade 9 under Northgate through Manage group.
  await app.click('Back to groups');
  await app.click('Actions for Grade 9');
  await app.click('Manage group');
  await app.waitForLabel('Save changes');
  await app.click('Nest under');
  await clickLast(app, 'Northgate');
  await app.click('Save changes');
  await app.waitForText('Saved the changes to Grade 9.');
  await waitSaved(app);
  const parent = await app.find('Northgate');
  const child = await app.find('Grade 9');
  assert.ok(child.x > parent.x && child.y > parent.y, 'Grade 9 sits under Northgate, indented');

  // Acting as Sam, who only has an invitation, New group is disabled: no form to fill, the core's reason
  // on hover.
  await clickStarting(app, 'Olivia Owens');
  await app.waitForText('Act as');
  await clickStarting(app, 'sam@riverside.example');
  await app.waitForText('is invited to join');
  await app.click('New group');
  assert.equal(await app.find('Create group'), null, 'a disabled New group opens no form');
  await app.waitForText('sam@riverside.example may not create a group here');

  // After a reload: both groups, the nesting, the invitations and the mentor are still there.
  await app.reload();
  await app.click('Groups');
  await app.waitForLabel('Northgate');
  assert.equal(await app.hasText('Chess club'), false);
  const parentAgain = await app.find('Northgate');
  const childAgain = await app.find('Grade 9');
  assert.ok(childAgain.x > parentAgain.x && childAgain.y > parentAgain.y, 'still nested after the reload');
  await app.click('Grade 9');
  await app.waitForText('2 people');
  assert.ok(await app.hasText('Mentor'), 'Maria is still a mentor');
  assert.ok(await app.find('Actions for maria@riverside.example'));
  assert.ok(await app.find('Actions for sam@riverside.example'));
  assert.deepEqual(app.errors, []);
});

test('on the demo district: an image picked in the browser becomes the thumbnail; a class shows inherited staff',
    async (t) => {
      const app = await openGrove({viewport: {width: 1400, height: 900}});
      t.after(() => app.close());
      await app.startOrganisation({demo: true});
      await app.click('Groups');
      await app.waitForLabel('Riverside District');

      await app.click('Actions for Riverside District');
      await app.click('Manage group');
      await app.waitForLabel('Choose image');
      const chooser = app.page.waitForEvent('filechooser');
      await app.click('Choose image');
      await (await chooser).setFiles({name: 'district.png', mimeType: 'image/png', buffer: landscapePng()});
      await app.waitForLabel('Image preview');
      await app.click('Save changes');
      await app.waitForText('Saved the changes to Riverside District.');
      await app.waitForLabel('Image of Riverside District');
      await app.click('Dismiss');
      await waitSaved(app);
      await app.page.mouse.move(1399, 899);  // no row under the pointer in the picture
      await app.settle();
      await app.screenshot('groups');

      // A class: its students, its own mentor, and the staff of the grade and school above it.
      await app.click('Northgate College \u00b7 Class 12A');
      await app.waitForText(' inherited');  // the count: inherited staff are listed after the class's own people
      assert.ok(await app.find('Northgate College \u00b7 Grade 12'), 'the breadcrumb names the grade');
      await app.waitForText('Inherited from');  // staff come first, inherited ones too
      await app.page.mouse.move(1399, 899);
      await app.settle();
      await app.screenshot('group-people');

      // The thumbnail survives a reload (the image is in the database, the texture made again).
      await app.reload();
      await app.click('Groups');
      await app.waitForLabel('Image of Riverside District');
      assert.deepEqual(app.errors, []);
    });
