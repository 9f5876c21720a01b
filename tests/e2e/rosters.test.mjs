// Rosters in Chromium (issue 13, F30): a OneRoster 1.1 zip chosen in the browser's file picker is read, checked,
// previewed and applied on the Import & export screen; the people are there after a reload, the export is a real
// zip download, and the top bar's Undo takes the whole import back (Redo brings it again).
import assert from 'node:assert/strict';
import {readFile} from 'node:fs/promises';
import {test} from 'node:test';

import {openGrove} from './harness.mjs';

// CRC-32 (the zip's checksum), table-driven.
const kCrcTable = Array.from({length: 256}, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; ++k) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = kCrcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

// A zip of `files` ({name: text}) with every entry stored, as some exporters write them.
function zip(files) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const nameBytes = Buffer.from(name);
    const data = Buffer.from(text);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);          // version needed
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    locals.push(local, nameBytes, data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);        // version made by
    central.writeUInt16LE(20, 6);        // version needed
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(centrals.length / 2, 8);
  end.writeUInt16LE(centrals.length / 2, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const kRoster = {
  'manifest.csv': '\uFEFFpropertyName,value\r\nmanifest.version,1.0\r\noneroster.version,1.1\r\n' +
      'file.orgs,bulk\r\nfile.users,bulk\r\nfile.classes,bulk\r\nfile.enrollments,bulk\r\n',
  'orgs.csv': 'sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\r\n' +
      'd1,,,Hill District,district,,\r\ns1,,,Hill High,school,HH,d1\r\n',
  'users.csv': 'sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,' +
      'familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password\r\n' +
      'u1,,,true,"s1,d1",student,ana,,Ana,Lopez,,,ana.lopez@hill.example,,,,09,\r\n' +
      'u2,,,true,s1,teacher,bo,,Bo,Chen,,,bo.chen@hill.example,,,,,\r\n',
  'classes.csv': 'sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,' +
      'schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods\r\n' +
      'c1,,,Algebra 9A,09,k1,ALG9A,scheduled,Room 4,s1,,Math,,1\r\n',
  'enrollments.csv': 'sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,' +
      'beginDate,endDate\r\ne1,,,c1,s1,u1,student,false,,\r\ne2,,,c1,s1,u2,teacher,true,,\r\n',
};

test('a OneRoster zip through the file picker is previewed, applied, and its people are there after a reload',
    async (t) => {
      const app = await openGrove({viewport: {width: 1400, height: 900}});
      t.after(() => app.close());
      await app.startOrganisation();

      await app.click('Import & export');
      await app.click('Rosters');
      await app.waitForText('OneRoster 1.1');
      const chooser = app.page.waitForEvent('filechooser', {timeout: 10_000});
      await app.click('Import OneRoster 1.1');
      await (await chooser).setFiles({name: 'district.zip', mimeType: 'application/zip', buffer: zip(kRoster)});
      await app.settle();
      await app.waitForText('Every row is right');
      assert.ok(await app.hasText('add 2 people, add 2 departments, add 2 groups, add 2 memberships'));
      assert.ok(await app.hasText('Ana Lopez'), 'a change line of the preview');
      await app.screenshot('roster-preview');

      await app.click('Apply the import');
      await app.waitForText('Imported district.zip: add 2 people');
      await app.screenshot('roster-applied');
      await app.page.waitForFunction(() => window.groveUi.saveStatus().state === 'saved');

      // The export is a zip (its first bytes are a zip's), offered as a download.
      const started = app.page.waitForEvent('download', {timeout: 10_000});
      await app.click('Export OneRoster 1.1');
      const file = await started;
      assert.match(file.suggestedFilename(), /-oneroster\.zip$/);
      const bytes = await readFile(await file.path());
      assert.equal(bytes.subarray(0, 4).toString('latin1'), 'PK\x03\x04');

      // Saved in IndexedDB: still there after a reload.
      await app.reload();
      await app.click('People');
      await app.click('Search by name or email');
      await app.type('lopez');
      await app.waitForText('ana.lopez@hill.example');

      // The whole import is one step: the top bar's Undo takes it back, saved like any change, and Redo brings it
      // back again.
      await app.click('Undo');
      await app.waitForText('Undid: imported the OneRoster roster district.zip');
      await app.page.waitForFunction(() => window.groveUi.saveStatus().state === 'saved');
      await app.reload();
      await app.click('People');
      await app.click('Search by name or email');
      await app.type('lopez');
      await app.waitForText('Nobody matches this search');
      assert.equal(await app.hasText('ana.lopez@hill.example'), false);
      await app.click('Redo');
      await app.waitForText('Redid: imported the OneRoster roster district.zip');
      await app.waitForText('ana.lopez@hill.example');
      assert.deepEqual(app.errors, []);
    });

test('a OneRoster zip with a bad row lists FILE:LINE and applies nothing', async (t) => {
  const app = await openGrove({viewport: {width: 1400, height: 900}});
  t.after(() => app.close());
  await app.startOrganisation();

  await app.click('Import & export');
  await app.click('Rosters');
  const bad = {...kRoster, 'users.csv': kRoster['users.csv'] + 'u3,,,true,s1,student,cy,,Cy,Diaz,,,,,,,,\r\n'};
  const chooser = app.page.waitForEvent('filechooser', {timeout: 10_000});
  await app.click('Import OneRoster 1.1');
  await (await chooser).setFiles({name: 'bad.zip', mimeType: 'application/zip', buffer: zip(bad)});
  await app.settle();
  await app.waitForText('problem in bad.zip');
  assert.ok(await app.hasText('users.csv:4:'));
  assert.equal(await app.find('Apply the import'), null);
  await app.screenshot('roster-errors');
  assert.deepEqual(app.errors, []);
});
