// Copy and paste between Grove's text fields and the system clipboard, in Chromium.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {openGrove} from './harness.mjs';

test('text pasted into the page lands in the focused field, and text copied in Grove reaches the clipboard',
    async (t) => {
      const app = await openGrove();
      t.after(() => app.close());
      await app.context.grantPermissions(['clipboard-read', 'clipboard-write'], {origin: app.url});

      // Paste: the browser delivers the clipboard with a 'paste' event right after Ctrl+V.
      await app.click('Organisation name');
      await app.page.evaluate(() => {
        const data = new DataTransfer();
        data.setData('text/plain', 'Pasted Valley School');
        document.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data}));
      });
      await app.press('Control+V');
      await app.waitForText('Pasted Valley School');

      // Copy: select the field's text and copy it; the system clipboard receives it.
      await app.press('Control+A');
      await app.press('Control+C');
      await app.page.waitForFunction(async () => (await navigator.clipboard.readText()) === 'Pasted Valley School');

      // And it pastes back into another field.
      await app.click('Your email');
      await app.press('Control+V');
      assert.ok((await app.texts()).filter((text) => text.includes('Pasted Valley School')).length >= 2);
      assert.deepEqual(app.errors, []);
    });
