// What every end-to-end test shares: the served site, the browsers (headless Chromium through
// playwright-core, Firefox ESR through puppeteer-core), console errors, check() bookkeeping,
// the real-mouse helpers on ImGui items, and MNIST test digits traced into pen strokes and drawn
// on the Draw canvas. Not a test itself (tools/test runs *.test.mjs only).
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
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
// A check this browser cannot do: printed with the reason, counted neither way.
export function skip(name, reason) {
  console.log(`skip  ${name}: ${reason}`);
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

// Starts web/serve.py on a free port; resolves with {server, url} once it prints its URL. `args`
// go to serve.py after the usual ones (e.g. ['--fault', 'status:503:train-labels-idx1-ubyte.gz']).
export function startServer(args = [], dir = site) {
  const server = spawn('python3', [path.join(repo, 'web/serve.py'), '--port', '0', '--quiet', '--dir', dir, ...args],
                       {stdio: ['ignore', 'pipe', 'inherit']});
  process.on('exit', () => server.kill());  // also when a test ends through process.exit (a signal, fail())
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
// (deviceScaleFactor, acceptDownloads, hasTouch; `args` join the command-line switches, e.g.
// --enable-precise-memory-info). Resolves with {context, page, close}.
export async function launchChromium(options = {}) {
  const {chromium} = await import('playwright-core');
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'digitlab-chromium-'));
  const {args = [], ...launchOptions} = options;
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: {width: 1280, height: 800},
    ...launchOptions,
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync',
           '--enable-unsafe-swiftshader', ...args],
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

// WebKitGTK's MiniBrowser (Safari's engine) driven over classic WebDriver: WebKitWebDriver on a
// free port, started here under a private Xvfb display (MiniBrowser needs X; software GL), and
// selenium-webdriver connected to it (never its selenium-manager: usingServer() takes the
// remote path). WebKitGTK hides the SharedArrayBuffer global even on a cross-origin isolated
// page (Safari does not), so the driver's environment sets JSC_useSharedArrayBuffer=true; tests
// still assert crossOriginIsolated, so a header mistake shows. Viewport 1280x800. Resolves with
// {driver, page, close}: page is a WebDriverPage (below). Every process started here (Xvfb; the
// driver's process group: WebKitWebDriver, MiniBrowser, WebKit's helpers) ends in close(), and
// also if node exits or is interrupted first.
export const miniBrowser = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
export async function launchWebKit() {
  const {Builder} = await import('selenium-webdriver');
  // A throw-away profile: MiniBrowser keeps its cache and storage under the XDG folders.
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'digitlab-webkit-'));
  const started = [];  // [child, its own process group?]
  const killAll = () => {
    for (const [child, group] of started) {
      try { process.kill(group ? -child.pid : child.pid, 'SIGKILL'); } catch { /* gone already */ }
    }
    fs.rmSync(profile, {recursive: true, force: true});
  };
  const onSignal = signal => {
    killAll();
    process.exit(128 + os.constants.signals[signal]);
  };
  process.on('exit', killAll);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let driver = null;
  const close = async () => {
    if (driver) {
      await withTimeout(driver.quit(), 15000, 'WebKitWebDriver did not quit')
        .catch(e => console.log(`      note: ${e.message}`));
    }
    for (const [child, group] of started.reverse()) await stopProcess(child, group);
    fs.rmSync(profile, {recursive: true, force: true});
    process.off('exit', killAll);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
  try {
    const display = await startXvfb(started);
    const port = await freePort();
    const log = [];  // the driver's and browser's output, for a failure message
    const webDriver = spawn('/usr/bin/WebKitWebDriver', [`--port=${port}`], {
      detached: true,  // its own process group, which MiniBrowser and its helpers join
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {...process.env, DISPLAY: display, GDK_BACKEND: 'x11', WAYLAND_DISPLAY: '',
            XDG_CACHE_HOME: path.join(profile, 'cache'), XDG_DATA_HOME: path.join(profile, 'data'),
            XDG_CONFIG_HOME: path.join(profile, 'config'), JSC_useSharedArrayBuffer: 'true'},
    });
    started.push([webDriver, true]);
    for (const out of [webDriver.stdout, webDriver.stderr]) {
      out.on('data', chunk => {
        log.push(...String(chunk).split('\n').filter(Boolean));
        log.splice(0, log.length - 20);
      });
    }
    const logTail = () => log.slice(-5).join(' | ');
    await waitForDriver(webDriver, `http://127.0.0.1:${port}`).catch(e => {
      throw new Error(`${e.message}: ${logTail()}`);
    });
    driver = await withTimeout(new Builder()
      .usingServer(`http://127.0.0.1:${port}`)
      .disableEnvironmentOverrides()  // no SELENIUM_REMOTE_URL or SELENIUM_SERVER_JAR from outside
      .withCapabilities({browserName: 'MiniBrowser',
                         'webkitgtk:browserOptions': {binary: miniBrowser, args: ['--automation']}})
      .build(), 60000, 'no WebKitWebDriver session within 60 s').catch(e => {
      throw new Error(`${e.message}: ${logTail()}`);
    });
    const page = new WebDriverPage(driver);
    await setViewport(driver, 1280, 800);
    return {driver, page, close};
  } catch (e) {
    await close();
    throw e;
  }
}

// Starts Xvfb on a free display (it writes the number it took to fd 3); resolves with ":N".
async function startXvfb(started) {
  const xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1600x1200x24', '-nolisten', 'tcp'],
                     {stdio: ['ignore', 'ignore', 'pipe', 'pipe']});
  started.push([xvfb, false]);
  let errors = '';
  xvfb.stderr.on('data', chunk => { errors += chunk; });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Xvfb gave no display within 10 s: ${errors.slice(-300)}`)), 10000);
    let out = '';
    xvfb.stdio[3].on('data', chunk => {
      out += chunk;
      if (out.includes('\n')) {
        clearTimeout(timer);
        resolve(`:${out.trim()}`);
      }
    });
    xvfb.on('error', e => reject(new Error(`Xvfb: ${e.message} (apt xvfb; tools/setup.sh installs it)`)));
    xvfb.on('exit', code => reject(new Error(`Xvfb exited with code ${code}: ${errors.slice(-300)}`)));
  });
}

// A TCP port nothing listens on now (the driver takes it a moment later).
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const {port} = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

// Resolves once the WebDriver server at url answers /status; rejects if it exits or takes 15 s.
async function waitForDriver(child, url) {
  let exited = null;
  child.on('error', e => { exited = `${e.message} (apt webkit2gtk-driver; tools/setup.sh installs it)`; });
  child.on('exit', code => { exited = `exited with code ${code}`; });
  const deadline = Date.now() + 15000;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`WebKitWebDriver ${exited}`);
    try {
      if ((await fetch(`${url}/status`)).ok) return;
    } catch { /* not listening yet */ }
    await sleep(100);
  }
  throw new Error('WebKitWebDriver did not answer within 15 s');
}

// Sizes the window so that the viewport (not the window) is width x height. GTK resizes the
// window a moment after WebDriver's Set Window Rect returns, so wait for each resize to show.
async function setViewport(driver, width, height) {
  const sizes = () => driver.executeScript(() => [innerWidth, innerHeight, outerWidth, outerHeight]);
  let [w, h, outerW, outerH] = await sizes();
  for (let attempt = 0; attempt < 5 && (w !== width || h !== height); attempt++) {
    await driver.manage().window().setRect({width: outerW + width - w, height: outerH + height - h});
    const before = [w, h];
    for (let i = 0; i < 30 && w === before[0] && h === before[1]; i++) {
      await sleep(100);
      [w, h, outerW, outerH] = await sizes();
    }
  }
  assert(w === width && h === height, `WebKit viewport is ${w}x${h}, wanted ${width}x${height}`);
}

// Ends a child process (with its process group if it leads one): SIGTERM, then SIGKILL after 5 s;
// a group is killed until none of it is left running (a WebKit helper can outlive its parent).
async function stopProcess(child, group) {
  const signal = s => {
    try { process.kill(group ? -child.pid : child.pid, s); } catch { /* gone already */ }
  };
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise(resolve => child.once('exit', resolve));
    signal('SIGTERM');
    await withTimeout(exited, 5000, '').catch(() => {});
  }
  signal('SIGKILL');
  if (!group) return;
  for (let i = 0; i < 30 && groupMembers(child.pid).length; i++) {
    await sleep(100);
    signal('SIGKILL');
  }
  const left = groupMembers(child.pid);
  if (left.length) console.log(`      note: processes ${left.join(', ')} of group ${child.pid} still run`);
}

// The running (not zombie) processes in process group pgid, from /proc.
function groupMembers(pgid) {
  const members = [];
  for (const pid of fs.readdirSync('/proc').filter(name => /^\d+$/.test(name))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) === pgid && state !== 'Z') members.push(Number(pid));
    } catch { /* ended meanwhile */ }
  }
  return members;
}

// promise, or a rejection with `message` after ms.
function withTimeout(promise, ms, message) {
  let timer;
  return Promise.race([promise, new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(message)), ms); })])
    .finally(() => clearTimeout(timer));
}

// The part of Playwright's Page API that the helpers here use, over a selenium-webdriver session:
// goto, evaluate (a function and one argument; a returned promise is awaited, as WebDriver's
// Execute Script does), waitForFunction (polling), screenshot (the whole viewport: WebKitGTK's
// element screenshots of the canvas come out with a black band) and mouse.move / down / up as
// WebDriver pointer actions, at CSS pixels from the viewport's top left corner. WebDriver keeps
// the pointer's position and buttons between actions, so a press and its release may be apart.
// A move resolves after the page's next animation frame, as Chromium's do (it hands moves to the
// page once per frame): WebKit's returns sooner, and moves sent faster than frames reach the app
// merged (without the wait, the app saw 7 of the 17 moves that draw a 7).
export class WebDriverPage {
  constructor(driver) {
    this.driver = driver;
    this.mouse = {
      move: async (x, y) => {
        await driver.actions().move({x: Math.round(x), y: Math.round(y), origin: 'viewport', duration: 0}).perform();
        await driver.executeScript(() => new Promise(resolve => requestAnimationFrame(() => resolve())));
      },
      down: () => driver.actions().press().perform(),
      up: () => driver.actions().release().perform(),
    };
  }
  goto(url) {
    return this.driver.get(url);
  }
  evaluate(fn, arg) {
    return arg === undefined ? this.driver.executeScript(fn) : this.driver.executeScript(fn, arg);
  }
  async waitForFunction(fn, arg, {timeout = 30000, polling = 100} = {}) {
    const deadline = Date.now() + timeout;
    for (;;) {
      const value = await this.evaluate(fn, arg);
      if (value) return value;
      if (Date.now() >= deadline) throw new Error(`waitForFunction: timeout ${timeout} ms exceeded`);
      await sleep(polling);
    }
  }
  async screenshot({path: file}) {
    fs.writeFileSync(file, Buffer.from(await this.driver.takeScreenshot(), 'base64'));
  }
}

// The app inside an <iframe> of `page`, as the helpers' page: scripts run in the frame, and the real
// mouse moves over the top page at the frame's offset (so clicks and strokes cross the frame's border
// as a person's do). Works for Playwright's and puppeteer's pages.
export async function framePage(page, selector) {
  const element = await page.$(selector);
  const frame = await element.contentFrame();
  let box = await element.boundingBox();
  // Inside the frame's border: contentFrame's coordinates start at its content box.
  const inset = await page.evaluate(s => {
    const e = document.querySelector(s), style = getComputedStyle(e);
    return {x: parseFloat(style.borderLeftWidth) + parseFloat(style.paddingLeft),
            y: parseFloat(style.borderTopWidth) + parseFloat(style.paddingTop)};
  }, selector);
  const at = (x, y) => [box.x + inset.x + x, box.y + inset.y + y];
  const framed = {
    frame,
    evaluate: (fn, arg) => frame.evaluate(fn, arg),
    waitForFunction: (...args) => frame.waitForFunction(...args),
    mouse: {
      move: (x, y, options) => page.mouse.move(...at(x, y), options),
      down: options => page.mouse.down(options),
      up: options => page.mouse.up(options),
      wheel: (dx, dy) => page.mouse.wheel(puppeteerPages.has(page) ? {deltaX: dx, deltaY: dy} : dx, dy),
      click: (x, y, options) => page.mouse.click(...at(x, y), options),
    },
    keyboard: page.keyboard,
    screenshot: options => page.screenshot(options),
    // After the top page's layout changed (the frame resized or moved).
    async measure() {
      box = await element.boundingBox();
    },
  };
  if (puppeteerPages.has(page)) puppeteerPages.add(framed);
  return framed;
}

// Runs a test's main part: the site must be built; serves it, opens the browser ('chromium' with
// `options` added to its launch options, 'firefox' or 'webkit') and calls body({page, context |
// browser | driver, url, errors}), errors being the page's console errors so far (null for WebKit,
// whose WebDriver reports none). Then closes the browser, stops the server, calls `cleanup` (also
// on failure) and `report` and prints the checks' tally.
export function runTest({browser = 'chromium', options = {}, cleanup = null, report = null}, body) {
  (async () => {
    requireSite();
    const {server, url} = await startServer();
    let launched = null;
    try {
      // 'none': the test launches its own browsers (several devices, one after the other).
      launched = browser === 'none' ? null : browser === 'firefox' ? await launchFirefox()
               : browser === 'webkit' ? await launchWebKit() : await launchChromium(options);
      const errors = !launched || launched.page instanceof WebDriverPage ? null : collectErrors(launched.page);
      await body({...launched, url, errors});
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

// Counts, from the page's start, the pointer events the page sees (window.__mouseEvents): a
// keyboard-only check asserts none came. A click from Enter or Space on a focused button is the
// keyboard's (its detail is 0), so it does not count.
export async function countMouseEvents(page) {
  await page.addInitScript(() => {
    window.__mouseEvents = 0;
    for (const type of ['mousedown', 'mouseup', 'click', 'pointerdown', 'mousemove'])
      window.addEventListener(type, e => { if (e.isTrusted && !(type === 'click' && e.detail === 0)) window.__mouseEvents++; }, true);
  });
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

// ---- MNIST digits as pen strokes ----------------------------------------------------------------

// An MNIST IDX file from data/mnist (tools/setup.sh puts them there): {shape, data}.

export function readIdx(name) {
  const bytes = fs.readFileSync(path.join(repo, 'data/mnist', name));
  const dims = bytes[3];
  return {shape: Array.from({length: dims}, (_, i) => bytes.readUInt32BE(4 + 4 * i)), data: bytes.subarray(4 + 4 * dims)};
}

// Zhang-Suen thinning of a binary image, in place: the ink shrinks to 1-pixel-wide lines.
function thin(bin, w, h) {
  const at = (x, y) => (x < 0 || y < 0 || x >= w || y >= h ? 0 : bin[y * w + x]);
  for (let changed = true; changed;) {
    changed = false;
    for (const step of [0, 1]) {
      const remove = [];
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          if (!bin[y * w + x]) continue;
          const n = [at(x, y - 1), at(x + 1, y - 1), at(x + 1, y), at(x + 1, y + 1), at(x, y + 1), at(x - 1, y + 1),
                     at(x - 1, y), at(x - 1, y - 1)];  // p2..p9, clockwise from north
          const b = n.reduce((a, v) => a + v, 0);
          if (b < 2 || b > 6) continue;
          let a = 0;
          for (let k = 0; k < 8; k++) if (!n[k] && n[(k + 1) % 8]) a++;
          if (a !== 1) continue;
          const [p2, , p4, , p6, , p8] = n;
          if (step === 0 ? (p2 && p4 && p6) || (p4 && p6 && p8) : (p2 && p4 && p8) || (p2 && p6 && p8)) continue;
          remove.push(y * w + x);
        }
      }
      for (const i of remove) bin[i] = 0;
      if (remove.length) changed = true;
    }
  }
}

// Orders skeleton pixels into strokes: start at a line end (or anywhere on a loop), walk on
// preferring the straightest continuation, and join each stroke's ends to ink already drawn.
function traceStrokes(skel, w, h) {
  const visited = new Uint8Array(w * h);
  const offsets = [[1, 0], [0, 1], [-1, 0], [0, -1], [1, 1], [-1, 1], [-1, -1], [1, -1]];
  const neighbours = i => {
    const x = i % w, y = (i - x) / w, out = [];
    for (const [dx, dy] of offsets) {
      const nx = x + dx, ny = y + dy;
      if (nx >= 0 && ny >= 0 && nx < w && ny < h && skel[ny * w + nx]) out.push(ny * w + nx);
    }
    return out;
  };
  const strokes = [];
  for (;;) {
    let start = -1, fewest = 99;
    for (let i = 0; i < w * h; i++) {
      if (!skel[i] || visited[i]) continue;
      const d = neighbours(i).filter(j => !visited[j]).length;
      if (d < fewest) { fewest = d; start = i; }
      if (d === 1) break;  // the first line end in reading order
    }
    if (start < 0) break;
    const stroke = [start];
    visited[start] = 1;
    let cur = start, dir = null;
    for (;;) {
      const next = neighbours(cur).filter(j => !visited[j]);
      if (!next.length) break;
      const cx = cur % w, cy = (cur - cx) / w;
      let best = next[0], bestScore = -Infinity;
      for (const j of next) {
        const jx = j % w, jy = (j - jx) / w, dx = jx - cx, dy = jy - cy, len = Math.hypot(dx, dy);
        const score = dir ? (dx * dir[0] + dy * dir[1]) / len : -len;
        if (score > bestScore) { bestScore = score; best = j; }
      }
      const bx = best % w, by = (best - bx) / w;
      dir = dir ? [0.6 * dir[0] + 0.4 * (bx - cx), 0.6 * dir[1] + 0.4 * (by - cy)] : [bx - cx, by - cy];
      visited[best] = 1;
      stroke.push(best);
      cur = best;
    }
    const join = (end, recent) => neighbours(end).find(j => visited[j] && !recent.includes(j));
    const tail = join(stroke[stroke.length - 1], stroke.slice(-4));
    if (tail !== undefined) stroke.push(tail);
    const head = join(stroke[0], stroke.slice(0, 4));
    if (head !== undefined) stroke.unshift(head);
    if (stroke.length >= 5) strokes.push(stroke.map(i => [i % w, Math.floor(i / w)]));
  }
  return strokes;
}

// A 28x28 MNIST image as strokes in MNIST pixel units, plus its pen width in the same units.
function digitStrokes(pixels) {
  const k = 4, w = 28 * k;  // trace at 4x: smoother lines than the 28x28 grid gives
  const bin = new Uint8Array(w * w);
  const v = (x, y) => pixels[Math.min(27, Math.max(0, y)) * 28 + Math.min(27, Math.max(0, x))];
  for (let y = 0; y < w; y++) {
    for (let x = 0; x < w; x++) {
      const fx = (x + 0.5) / k - 0.5, fy = (y + 0.5) / k - 0.5, x0 = Math.floor(fx), y0 = Math.floor(fy);
      const tx = fx - x0, ty = fy - y0;
      const value = (v(x0, y0) * (1 - tx) + v(x0 + 1, y0) * tx) * (1 - ty) + (v(x0, y0 + 1) * (1 - tx) + v(x0 + 1, y0 + 1) * tx) * ty;
      bin[y * w + x] = value > 100 ? 1 : 0;
    }
  }
  thin(bin, w, w);
  const strokes = traceStrokes(bin, w, w).map(stroke => {
    // Smooth the pixel staircase, then keep a point every ~0.7 MNIST pixels.
    const pts = stroke.map(([x, y]) => [(x + 0.5) / k, (y + 0.5) / k]);
    const smooth = pts.map((_, i) => {
      const win = pts.slice(Math.max(0, i - 2), i + 3);
      return [win.reduce((a, p) => a + p[0], 0) / win.length, win.reduce((a, p) => a + p[1], 0) / win.length];
    });
    smooth[0] = pts[0];
    smooth[smooth.length - 1] = pts[pts.length - 1];
    const out = [smooth[0]];
    for (const p of smooth) {
      const last = out[out.length - 1];
      if (Math.hypot(p[0] - last[0], p[1] - last[1]) >= 0.7) out.push(p);
    }
    const end = smooth[smooth.length - 1], last = out[out.length - 1];
    if (last !== end) out.push(end);
    return out;
  });
  const length = strokes.reduce((a, s) => a + s.slice(1).reduce((b, p, i) => b + Math.hypot(p[0] - s[i][0], p[1] - s[i][1]), 0), 0);
  const ink = pixels.reduce((a, p) => a + p / 255, 0);
  return {strokes, penWidth: ink / Math.max(1, length)};
}

// For each wanted digit, the most typical of its first 300 test images (highest correlation with
// the digit's mean image) that traces into at most two strokes: clear handwriting, as a person
// trying the page would draw. `nth` > 0 takes the next-most typical clean ones instead.
export function pickDigits(wanted, nth = 0) {
  const images = readIdx('t10k-images-idx3-ubyte'), labels = readIdx('t10k-labels-idx1-ubyte');
  const image = i => images.data.subarray(i * 784, (i + 1) * 784);
  return wanted.map(digit => {
    const members = [];
    for (let i = 0; i < labels.shape[0] && members.length < 300; i++) if (labels.data[i] === digit) members.push(i);
    const mean = new Float64Array(784);
    for (const i of members) image(i).forEach((p, j) => { mean[j] += p / members.length; });
    const score = i => {
      const a = image(i);
      let dot = 0, na = 0, nb = 0;
      for (let j = 0; j < 784; j++) { dot += a[j] * mean[j]; na += a[j] * a[j]; nb += mean[j] * mean[j]; }
      return dot / Math.sqrt(na * nb);
    };
    const ranked = members.map(i => [score(i), i]).sort((a, b) => b[0] - a[0]);
    let skip = nth;
    for (const [, index] of ranked) {
      const traced = digitStrokes(image(index));
      if (traced.strokes.length <= 2 && skip-- === 0) return {digit, index, ...traced};
    }
    throw new Error(`no test image of a ${digit} traces cleanly`);
  });
}


// ---- Drawing on the Draw tab's canvas with the mouse ---------------------------------------------

// The traced digit's bounding box in MNIST pixels, and its size with the pen.
export function strokeExtent(traced) {
  const xs = traced.strokes.flat().map(p => p[0]), ys = traced.strokes.flat().map(p => p[1]);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  return {minX, maxX, minY, maxY, size: Math.max(maxX - minX, maxY - minY) + traced.penWidth};
}

// Sets the pen width with a real click on the "Brush size" slider: ImGui puts the slider's grab
// (GrabMinSize 10 px wide, 2 px from the frame's ends) centred under the pointer.
export async function setBrush(page, widthOnScreen) {
  const slider = await itemRect(page, 'Brush size');
  const canvas = await itemRect(page, 'Draw canvas');
  const [lo, hi] = [8 * canvas.w / 280, 44 * canvas.w / 280];  // the slider's range (draw_panel.cpp)
  const t = Math.min(1, Math.max(0, (widthOnScreen - lo) / (hi - lo)));
  const grab = {x: slider.x + 7 + t * (slider.w - 14), y: slider.y, w: 0, h: slider.h};
  await clickRect(page, grab, {settle: 1, after: 1, wait: waitAnimationFrames});
  return 2 * (await status(page)).drawPanel.brushRadius * canvas.w / 280;
}

// A pointer the drawing helpers drive: the page's mouse, or a finger through Chromium's DevTools
// touch input (Input.dispatchTouchEvent: real touchstart / touchmove / touchend on the canvas).
export const mousePointer = page => ({
  move: (x, y) => page.mouse.move(x, y),
  down: () => page.mouse.down(),
  up: () => page.mouse.up(),
});
export async function fingerPointer(context, page) {
  const cdp = await context.newCDPSession(page);
  let at = {x: 0, y: 0}, pressed = false;
  const send = (type, points) => cdp.send('Input.dispatchTouchEvent', {type, touchPoints: points});
  return {
    move: (x, y) => { at = {x, y}; return pressed ? send('touchMove', [at]) : Promise.resolve(); },
    down: () => { pressed = true; return send('touchStart', [at]); },
    up: () => { pressed = false; return send('touchEnd', []); },
    // Two fingers at once (a pinch): each frame moves both.
    pinch: async (centre, from, to, steps = 8) => {
      const points = d => [{x: centre.x - d, y: centre.y, id: 1}, {x: centre.x + d, y: centre.y, id: 2}];
      await send('touchStart', points(from));
      for (let k = 1; k <= steps; k++) {
        await send('touchMove', points(from + (to - from) * k / steps));
        await waitAnimationFrames(page, 1);
      }
      await send('touchEnd', []);
    },
    detach: () => cdp.detach(),
  };
}

// Draws strokes (MNIST pixel units) centred on the canvas, scaled so the pen is as wide,
// relative to the digit, as in the original image. One pointer move per frame, as a hand would.
export async function drawDigit(page, traced, pointer = mousePointer(page)) {
  const canvas = await itemRect(page, 'Draw canvas');
  const s = await status(page);
  const penOnScreen = 2 * s.drawPanel.brushRadius * canvas.w / 280;
  const {minX, maxX, minY, maxY, size: extent} = strokeExtent(traced);
  const scale = Math.min(penOnScreen / traced.penWidth, 0.85 * canvas.w / extent);
  const toScreen = ([x, y]) => [canvas.x + canvas.w / 2 + (x - (minX + maxX) / 2) * scale,
                                canvas.y + canvas.h / 2 + (y - (minY + maxY) / 2) * scale];
  for (const stroke of traced.strokes) {
    // A point every ~12 screen pixels: what a browser reports for a hand moving briskly, one
    // pointer sample per frame.
    const points = [toScreen(stroke[0])];
    for (const p of stroke.slice(1).map(toScreen)) {
      const last = points[points.length - 1];
      if (Math.hypot(p[0] - last[0], p[1] - last[1]) >= 12) points.push(p);
    }
    const end = toScreen(stroke[stroke.length - 1]);
    if (points.length === 1 || points[points.length - 1] !== end) points.push(end);
    await pointer.move(...points[0]);
    await waitAnimationFrames(page, 1);
    await pointer.down();
    await waitAnimationFrames(page, 1);
    // Chromium hands pointer moves to the page once per animation frame and acknowledges each
    // after handing it over, so awaiting every move paces them at about one per app frame.
    for (const [x, y] of points.slice(1)) await pointer.move(x, y);
    await waitAnimationFrames(page, 1);
    await pointer.up();
    await waitAnimationFrames(page, 1);
  }
  await waitAnimationFrames(page, 2);
}

// Scrolls the pane under `anchor` with the mouse wheel until `label` is wholly on the screen.
// `below` > 0: the wheel turns that far below the anchor instead (a pane whose items all scroll).
export async function reveal(page, label, anchor = 'Clear', below = 0) {
  for (let k = 0; k < 40; k++) {
    const r = await page.evaluate(l => window.digitlab.itemRect(l), label);
    const height = await page.evaluate(() => innerHeight);
    if (r && r.visible && r.y >= 0 && r.y + r.h <= height) return r;
    const a = await page.evaluate(l => window.digitlab.itemRect(l), anchor);
    const y = below ? a.y + a.h + below : a.y + a.h / 2;
    await page.mouse.move(a.x + a.w / 2, Math.min(Math.max(y, 40), height - 40));
    await page.mouse.wheel(0, !r || r.y > height / 2 ? 120 : -120);
    await waitAnimationFrames(page, 3);
  }
  throw new Error(`could not scroll "${label}" into view`);
}
// A finger's tap on the visible ImGui item recorded under `label` (touchstart and touchend).
// A person waits for it to appear: a popup that re-measures itself (new text size) hides a frame.
export async function tap(page, label, {after = 3} = {}) {
  let r = null;
  for (const start = Date.now(); Date.now() - start < 3000; await waitAnimationFrames(page, 1)) {
    r = await page.evaluate(l => window.digitlab.itemRect(l), label);
    if (r && r.visible && r.w > 0 && r.h > 0) break;
  }
  assertVisible(r, label);
  await page.touchscreen.tap(r.x + r.w / 2, r.y + r.h / 2);
  if (after) await waitFrames(page, after);
}

// The labelled items that move, grow or shrink over `frames` frames of a page left alone: a layout
// that flickers (a scrollbar that comes and goes every frame) moves a widget under the finger.
export async function itemsThatMove(page, frames = 4) {
  const moved = new Set();
  let last = await page.evaluate(() => window.digitlab.items());
  for (let i = 0; i < frames; i++) {
    await waitFrames(page, 1);
    const now = await page.evaluate(() => window.digitlab.items());
    for (const [label, r] of Object.entries(now)) {
      const p = last[label];
      if (p && (p.x !== r.x || p.y !== r.y || p.w !== r.w || p.h !== r.h)) moved.add(label);
    }
    last = now;
  }
  return [...moved];
}

// Waits until the item under `label` holds still for three frames, as a person waits for a page
// that has just opened to stop moving before clicking; fails after thirty frames of movement.
export async function waitStill(page, label) {
  const rectOf = () => page.evaluate(l => window.digitlab.itemRect(l), label);
  const same = (a, b) => a && b && a.x === b.x && a.y === b.y && a.w === b.w && a.h === b.h;
  let still = 0;
  for (let frames = 0, last = await rectOf(); still < 3 && frames < 30; frames++) {
    await waitFrames(page, 1);
    const now = await rectOf();
    still = same(now, last) ? still + 1 : 0;
    last = now;
  }
  assert(still >= 3, `"${label}" does not hold still for three frames in thirty: the layout flickers`);
}

// The labelled items of the last frame that stick out of the viewport's width, as "label x..x+w".
export async function itemsOutsideWidth(page) {
  return page.evaluate(() => {
    const width = window.innerWidth;
    return Object.entries(window.digitlab.items())
      .filter(([, r]) => r.x < -0.5 || r.x + r.w > width + 0.5)
      .map(([label, r]) => `${label} ${Math.round(r.x)}..${Math.round(r.x + r.w)}`);
  });
}
