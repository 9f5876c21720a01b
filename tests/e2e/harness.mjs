// End-to-end harness: serves build/wasm/web, runs Debian's Chromium through playwright-core, and
// drives Grove by the labels its frames report (window.groveUi), like the C++ UiDriver does.
//
//   const app = await openGrove();          // a fresh profile, the page loaded and ready
//   await app.click('People');
//   assert.ok((await app.texts()).includes('Saved'));
//   await app.screenshot('people');          // build/e2e-screenshots/people.png
//   await app.reload();                      // same profile: IndexedDB survives
//   app.requests                             // what the server answered: [{path, status, encoding, bytes}]
//   await app.close();
import {execFileSync} from 'node:child_process';
import {mkdir, mkdtemp, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

import {chromium} from 'playwright-core';

import {serve} from '../../web/serve.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..', '..');
export const webDir = process.env.GROVE_WEB_DIR || path.join(repoRoot, 'build', 'wasm', 'web');
export const screenshotDir = process.env.GROVE_E2E_SCREENSHOTS || path.join(repoRoot, 'build', 'e2e-screenshots');
const chromiumPath = process.env.GROVE_CHROMIUM || '/usr/bin/chromium';

// Flags under which headless Chromium renders WebGL 2 here (SwiftShader through ANGLE).
export const chromiumFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--use-gl=angle',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

const kReadyTimeout = 60_000;

export class GroveApp {
  constructor({server, context, page, profileDir, options, requests}) {
    this.server = server;
    this.requests = requests;
    this.context = context;
    this.page = page;
    this.profileDir = profileDir;
    this.options = options;
    this.errors = [];  // uncaught page errors and console errors, for tests to assert on
    this.dialogs = [];  // the types of the dialogs the page opened ('beforeunload', ...), each accepted
    this.#listen(page);
  }

  #listen(page) {
    page.on('dialog', (dialog) => {
      this.dialogs.push(dialog.type());
      dialog.accept().catch(() => {});
    });
    page.on('pageerror', (err) => this.errors.push(`pageerror: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') this.errors.push(`console: ${msg.text()}`);
    });
  }

  get url() {
    return this.server.url;
  }

  async goto() {
    await this.page.goto(this.server.url);
    await this.waitReady();
  }

  async reload() {
    await this.page.reload();
    await this.waitReady();
  }

  // Closes the browser and opens it again on the same profile: what survives is what was saved.
  async restartBrowser() {
    await this.context.close();
    this.context = await launchContext(this.profileDir, this.options);
    this.page = this.context.pages()[0] || await this.context.newPage();
    this.#listen(this.page);
    await this.goto();
  }

  // Another tab of the same browser on Grove (the same profile and server): a GroveApp whose close()
  // closes only that tab.
  async openTab() {
    const page = await this.context.newPage();
    const tab = new GroveApp({server: this.server, context: this.context, page, profileDir: null,
      options: this.options});
    tab.isTab = true;
    await tab.goto();
    return tab;
  }

  // Kills the whole browser with SIGKILL (as a crash or power loss would: nothing runs on the way out),
  // then starts it again on the same profile and opens Grove.
  async killAndRestartBrowser() {
    execFileSync('pkill', ['-KILL', '-f', `user-data-dir=${this.profileDir}`]);
    await this.context.close().catch(() => {});
    this.context = await launchContext(this.profileDir, this.options);
    this.page = this.context.pages()[0] || await this.context.newPage();
    this.#listen(this.page);
    await this.goto();
  }

  async waitReady() {
    await this.page.waitForFunction(() => window.groveUi && window.groveUi.ready, null, {timeout: kReadyTimeout});
    await this.settle();
  }

  // Waits until the app drew every frame the last input asked for (it then stops drawing).
  async settle() {
    await this.page.waitForFunction(() => window.groveUi.idle(), null, {timeout: 10_000, polling: 'raf'});
  }

  // {items: [{label, x, y, w, h}], texts: [string]} of the last frame, in CSS pixels.
  async snapshot() {
    return this.page.evaluate(() => window.groveUi.snapshot());
  }

  async labels() {
    return (await this.snapshot()).items.map((item) => item.label);
  }

  async texts() {
    return (await this.snapshot()).texts;
  }

  async hasText(needle) {
    return (await this.texts()).some((text) => text.includes(needle));
  }

  async find(label, nth = 0) {
    const matches = (await this.snapshot()).items.filter((item) => item.label === label);
    return matches[nth] || null;
  }

  async waitForLabel(label, {nth = 0, timeout = 10_000} = {}) {
    const handle = await this.page.waitForFunction(
        ([label, nth]) => window.groveUi.snapshot().items.filter((item) => item.label === label)[nth] || null,
        [label, nth], {timeout, polling: 'raf'});
    return handle.jsonValue();
  }

  async waitForText(needle, {timeout = 10_000} = {}) {
    await this.page.waitForFunction(
        (needle) => window.groveUi.snapshot().texts.some((text) => text.includes(needle)), needle,
        {timeout, polling: 'raf'});
  }

  // Moves the real mouse to the centre of the item, lets a frame see it there, then clicks, as a
  // person does (rows that allow overlapping widgets take a click only where the mouse hovered).
  async click(label, {nth = 0} = {}) {
    const item = await this.waitForLabel(label, {nth});
    await this.page.mouse.move(item.x + item.w / 2, item.y + item.h / 2);
    await this.settle();
    await this.page.mouse.down();
    await this.page.mouse.up();
    await this.settle();
  }

  async type(text) {
    await this.page.keyboard.type(text);
    await this.settle();
  }

  // Presses a key or a chord ('Enter', 'Control+A'), holding it down across a frame as a person
  // would: ImGui reads the keys held once per frame, so a press and release inside one frame is lost.
  async press(chord) {
    const keys = chord.split('+');
    for (const key of keys) await this.page.keyboard.down(key);
    await this.settle();
    for (const key of keys.reverse()) await this.page.keyboard.up(key);
    await this.settle();
  }

  // Clicks into the field labelled `label`, replaces its text with `text` at a person's pace, and
  // checks that the field shows it (typing again once if a keystroke was lost on the way).
  async fill(label, text) {
    for (let attempt = 0; attempt < 2; attempt++) {
      await this.click(label);
      await this.press('Control+A');
      await this.page.keyboard.type(text, {delay: 15});
      await this.settle();
      const shown = await this.page.evaluate(([label, text]) => {
        const {items, texts} = window.groveUi.snapshot();
        return items.some((item) => item.label === label) && texts.includes(text);
      }, [label, text]);
      if (shown) return;
    }
    throw new Error(`the field "${label}" does not show "${text}" after typing it`);
  }

  // From the welcome screen of a fresh profile: creates an organisation (its owner acts), or with
  // {demo: true} opens the generated demo district. Ends on the Groups screen.
  async startOrganisation({demo = false, name = 'Hillside Academy', plan = null,
    email = 'owner@hillside.example', first = 'Hana', last = 'Hill'} = {}) {
    await this.waitForText('Welcome to Grove');
    if (demo) {
      await this.click('Open the demo district');
    } else {
      await this.fill('Organisation name', name);
      if (plan) {
        await this.click('Plan');
        await this.click(plan);
      }
      await this.fill('Your email', email);
      await this.fill('First name', first);
      await this.fill('Last name', last);
      await this.click('Create organisation');
    }
    await this.waitForLabel('Groups');
  }

  async saveStatus() {
    return this.page.evaluate(() => window.groveUi.saveStatus());
  }

  async screenshot(name) {
    await mkdir(screenshotDir, {recursive: true});
    const file = path.join(screenshotDir, `${name}.png`);
    await this.page.screenshot({path: file});
    return file;
  }

  async close() {
    if (this.isTab) {
      await this.page.close().catch(() => {});
      return;
    }
    await this.context?.close().catch(() => {});
    await this.server?.close();
    if (this.profileDir) await rm(this.profileDir, {recursive: true, force: true});
  }
}

async function launchContext(profileDir, {viewport, deviceScaleFactor, colorScheme, hasTouch}) {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath,
    headless: true,
    args: chromiumFlags,
    viewport,
    deviceScaleFactor,
    colorScheme,
    hasTouch,
  });
}

// Every answer of the server, in order: {path, status, encoding, bytes} (bytes as sent, compressed or not).
function logRequests(server) {
  const requests = [];
  server.server.on('request', (req, res) => {
    res.on('finish', () => requests.push({
      path: new URL(req.url, server.url).pathname,
      status: res.statusCode,
      encoding: res.getHeader('content-encoding') || null,
      bytes: res.statusCode === 200 ? Number(res.getHeader('content-length') || 0) : 0,
    }));
  });
  return requests;
}

// The worker that runs the page's IndexedDB writes (web/grove_storage.js, startWriter), for tests that watch or
// break what it does; it starts once the data is open.
export async function storageWriterOf(app) {
  await app.page.waitForFunction(() => window.groveUi.storageStats().writerInWorker);
  // (Playwright hears of a worker, and its script runs, a moment after the page made it)
  for (let attempt = 0; attempt < 50; attempt++) {
    for (const worker of app.page.workers()) {
      if (await worker.evaluate(() => self.groveStorageWriter === true).catch(() => false)) return worker;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no storage worker among the page's ${app.page.workers().length} workers`);
}

// Starts the server on a free port and Chromium on a fresh profile, and loads Grove. `hasTouch`: a
// touch screen (page.touchscreen.tap works). `dir`: serve that folder instead of the built app.
export async function openGrove({viewport = {width: 1280, height: 800}, deviceScaleFactor = 1, colorScheme = 'light',
  hasTouch = false, dir = webDir} = {}) {
  const options = {viewport, deviceScaleFactor, colorScheme, hasTouch};
  const server = await serve({dir, port: 0});
  const requests = logRequests(server);
  const profileDir = await mkdtemp(path.join(os.tmpdir(), 'grove-e2e-'));
  let context;
  try {
    context = await launchContext(profileDir, options);
    const page = context.pages()[0] || await context.newPage();
    const app = new GroveApp({server, context, page, profileDir, options, requests});
    await app.goto();
    return app;
  } catch (err) {
    await context?.close().catch(() => {});
    await server.close();
    await rm(profileDir, {recursive: true, force: true});
    throw err;
  }
}
