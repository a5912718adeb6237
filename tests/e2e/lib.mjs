// What every end-to-end test shares: the served site, the browsers (headless Chromium through
// playwright-core, Firefox ESR through puppeteer-core), console errors, check() bookkeeping and
// the real-mouse helpers on ImGui items. Not a test itself (tools/test runs *.test.mjs only).
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const site = process.env.DIGITLAB_SITE || path.join(repo, 'build/web/site');
export const artifacts = path.join(repo, 'test-artifacts');
export const dpr = Number(process.env.DIGITLAB_DPR || 1);

// ---- Checks -------------------------------------------------------------------------------------

const results = {passed: 0, failed: 0, timed: false, started: Date.now()};
const elapsed = () => `${((Date.now() - results.started) / 1000).toFixed(0)} s`;

// timed: print the seconds since start after each passing check and at the end.
export function configure({timed = false} = {}) {
  results.timed = timed;
}

// Runs one named check; a returned string is printed after the name as a note.
export async function check(name, fn) {
  try {
    const note = await fn();
    results.passed++;
    console.log(`ok    ${name}${note ? ` (${note})` : ''}${results.timed ? ` [${elapsed()}]` : ''}`);
  } catch (e) {
    results.failed++;
    console.log(`FAIL  ${name}: ${e.message.split('\n')[0]}`);
  }
}
export function assert(condition, message) {
  if (!condition) throw new Error(message);
}
export function finish() {
  if (results.timed) console.log(`      ${elapsed()}`);
  console.log(`${results.passed} passed, ${results.failed} failed`);
  process.exit(results.failed ? 1 : 0);
}
// A failure outside any check (missing build, a crash in main): counted, then finish().
export function fail(message) {
  console.log(`FAIL  ${message}`);
  results.failed++;
  finish();
}
export const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

// ---- The site and its server --------------------------------------------------------------------

// Stops with a failure unless the page is built; makes test-artifacts/.
export function requireSite() {
  if (!fs.existsSync(path.join(site, 'digitlab.wasm'))) {
    fail(`${site}/digitlab.wasm missing: build first (tools/serve, or cmake --build --preset web --target digitlab)`);
  }
  fs.mkdirSync(artifacts, {recursive: true});
}

// Starts web/serve.py on a free port; resolves with {server, url} once it prints its URL.
export function startServer() {
  const server = spawn('python3', [path.join(repo, 'web/serve.py'), '--port', '0', '--quiet', '--dir', site],
                       {stdio: ['ignore', 'pipe', 'inherit']});
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('serve.py did not start within 10 s')), 10000);
    let out = '';
    server.stdout.on('data', chunk => {
      out += chunk;
      const match = out.match(/at (http:\/\/127\.0\.0\.1:\d+\/)/);
      if (match) {
        clearTimeout(timer);
        resolve({server, url: match[1]});
      }
    });
    server.on('exit', code => reject(new Error(`serve.py exited with code ${code}`)));
  });
}

// ---- Browsers -----------------------------------------------------------------------------------

const puppeteerPages = new WeakSet();  // pages whose waitForFunction takes (fn, options, arg)

// Headless Chromium with a throw-away profile, 1280x800. `options` adds to the launch options
// (deviceScaleFactor, acceptDownloads, hasTouch). Resolves with {context, page, close}.
export async function launchChromium(options = {}) {
  const {chromium} = await import('playwright-core');
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'digitlab-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: {width: 1280, height: 800},
    ...options,
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync',
           '--enable-unsafe-swiftshader'],
  });
  const close = async () => {
    await context.close();
    fs.rmSync(profile, {recursive: true, force: true});
  };
  try {
    const page = context.pages()[0] || await context.newPage();
    return {context, page, close};
  } catch (e) {
    await close();
    throw e;
  }
}

// Headless Firefox ESR over WebDriver BiDi with WebGL forced on (software GL), 1280x800.
// Resolves with {browser, page, close}.
export async function launchFirefox() {
  const {default: puppeteer} = await import('puppeteer-core');
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: '/usr/bin/firefox-esr',
    headless: true,
    extraPrefsFirefox: {'webgl.force-enabled': true},
    env: {...process.env, MOZ_WEBGL_FORCE_EGL: '1', LIBGL_ALWAYS_SOFTWARE: '1'},
  });
  const close = () => browser.close();
  try {
    const page = (await browser.pages())[0] || await browser.newPage();
    puppeteerPages.add(page);
    await page.setViewport({width: 1280, height: 800});
    return {browser, page, close};
  } catch (e) {
    await close();
    throw e;
  }
}

// Runs a test's main part: the site must be built; serves it, opens the browser ('chromium' with
// `options` added to its launch options, or 'firefox') and calls body({page, context | browser,
// url, errors}), errors being the page's console errors so far. Then closes the browser, stops the
// server, calls `cleanup` (also on failure) and `report` and prints the checks' tally.
export function runTest({browser = 'chromium', options = {}, cleanup = null, report = null}, body) {
  (async () => {
    requireSite();
    const {server, url} = await startServer();
    let launched = null;
    try {
      launched = browser === 'firefox' ? await launchFirefox() : await launchChromium(options);
      await body({...launched, url, errors: collectErrors(launched.page)});
    } finally {
      if (launched) await launched.close();
      server.kill();
      if (cleanup) cleanup();
    }
    if (report) report();
    finish();
  })().catch(e => fail(e.stack || e));
}

// Collects the page's console errors and uncaught exceptions into the returned array, and prints
// errors and warnings as they come (but not SwiftShader's note that screenshots read back slowly).
export function collectErrors(page) {
  const errors = [];
  page.on('console', msg => {
    const type = msg.type();
    if (type === 'error') errors.push(msg.text());
    const noise = /GPU stall due to ReadPixels/.test(msg.text());
    if ((type === 'error' || type === 'warning' || type === 'warn') && !noise) {
      console.log(`      console.${type}: ${msg.text()}`);
    }
  });
  page.on('pageerror', e => errors.push(e.message));
  return errors;
}

// page.waitForFunction(fn, arg, options) for either driver (puppeteer takes the options first).
export function waitFor(page, fn, arg, options) {
  return puppeteerPages.has(page) ? page.waitForFunction(fn, options, arg) : page.waitForFunction(fn, arg, options);
}

// ---- The app ------------------------------------------------------------------------------------

export const status = page => page.evaluate(() => window.digitlab.status());

// Waits until the app has rendered `frames` frames, or until the shell reports a problem (so a
// broken start fails at once instead of at the timeout).
export async function waitForStart(page, frames, timeout) {
  await waitFor(page, n =>
    (window.digitlab && window.digitlab.status().frames >= n) ||
    (window.digitlabShell && window.digitlabShell.status().phase === 'error'), frames, {timeout});
}
// After waitForStart: the app's status, or the shell's ({phase, error}) when the app never came.
export const startStatus = page =>
  page.evaluate(() => window.digitlab ? window.digitlab.status() : window.digitlabShell.status());

// Opens the page and checks that it starts: `frames` frames rendered and no shell error. Returns
// the seconds from navigation to that frame (null if the check failed).
export async function openPage(page, url, {frames = 1, timeout = 60000} = {}) {
  const navigationStart = Date.now();
  await page.goto(url);
  let seconds = null;
  await check('page starts and renders frames', async () => {
    await waitForStart(page, frames, timeout);
    seconds = (Date.now() - navigationStart) / 1000;
    const s = await startStatus(page);
    assert(!s.error, `shell error: ${s.error}`);
    assert(s.phase === 'running', `phase is ${s.phase}`);
  });
  return seconds;
}

// Waits until the app has rendered n more frames (ImGui reacts to input on the next frames).
export async function waitFrames(page, n) {
  const start = (await status(page)).frames;
  await waitFor(page, target => window.digitlab.status().frames >= target, start + n, {timeout: 15000});
}

// Waits for n + 1 animation frames: the app's frame is a requestAnimationFrame callback too, so
// they include n of its frames.
export async function waitAnimationFrames(page, n) {
  await page.evaluate(count => new Promise(resolve => {
    const tick = () => (--count <= 0 ? resolve() : requestAnimationFrame(tick));
    requestAnimationFrame(tick);
  }), n + 1);
}

// Waits until predicate(status, arg) holds in the page; resolves with that status.
export async function waitStatus(page, predicate, arg, timeout = 20000) {
  // The predicate travels as source text and runs in the page against each status().
  await waitFor(page, ([source, a]) => new Function('s', 'a', `return (${source})(s, a);`)(
    window.digitlab.status(), a), [predicate.toString(), arg], {timeout, polling: 50});
  return status(page);
}

export function assertVisible(rect, label) {
  assert(rect && rect.visible && rect.w > 0 && rect.h > 0, `no visible "${label}" item: ${JSON.stringify(rect)}`);
  return rect;
}

// The screen rectangle of the ImGui item recorded under `label`; it must be visible.
export async function itemRect(page, label) {
  return assertVisible(await page.evaluate(l => window.digitlab.itemRect(l), label), label);
}

// A person's click inside rect r: hover, press, release, each seen by the app. `fraction` picks
// the horizontal position (0..1, for sliders); `settle` frames follow the hover and the press,
// `after` frames the release; `wait` counts the frames; `beforeRelease` runs while pressed.
export async function clickRect(page, r, {fraction = 0.5, settle = 2, after = 2, wait = waitFrames,
                                          beforeRelease = null} = {}) {
  await page.mouse.move(r.x + r.w * fraction, r.y + r.h / 2);
  await wait(page, settle);
  await page.mouse.down();
  await wait(page, settle);
  if (beforeRelease) await beforeRelease();
  await page.mouse.up();
  if (after) await wait(page, after);
}

// clickRect on the visible ImGui item recorded under `label`.
export async function click(page, label, options = {}) {
  await clickRect(page, await itemRect(page, label), options);
}

// Records in which DOM event the page opens the file picker: browsers allow it only inside a
// user gesture, so it must be the click itself, not a later animation frame.
export async function watchPicker(page) {
  await page.evaluate(() => {
    window.__pickerOpenedIn = null;
    if (window.__pickerWatched) return;
    window.__pickerWatched = true;
    const click = HTMLInputElement.prototype.click;
    HTMLInputElement.prototype.click = function() {
      if (this.type === 'file') window.__pickerOpenedIn = window.event ? window.event.type : 'no event';
      return click.call(this);
    };
  });
}
