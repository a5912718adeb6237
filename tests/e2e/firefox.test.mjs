// The core training scenario in a second engine: Debian's Firefox ESR, driven by puppeteer-core
// over WebDriver BiDi. Page start, isolation, WebGL2, a real click on Train reaching 90% validation
// accuracy, Pause / Resume, and the file picker opened by a real click on "Load model".
// Usage: node tests/e2e/firefox.test.mjs   (env: DIGITLAB_SITE=<dir>)
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import puppeteer from 'puppeteer-core';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const site = process.env.DIGITLAB_SITE || path.join(repo, 'build/web/site');
const artifacts = path.join(repo, 'test-artifacts');
const TARGET_ACCURACY = 0.90;
const TARGET_TIMEOUT_MS = 120000;

let passed = 0;
let failed = 0;
async function check(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`ok    ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL  ${name}: ${e.message.split('\n')[0]}`);
  }
}
function assert(condition, message) {
  if (!condition) throw new Error(message);
}
function finish() {
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}
const figures = {};
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

// Starts web/serve.py on a free port; resolves with {server, url} once it prints its URL.
function startServer() {
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

// The workshop MLP as a safetensors file, with small deterministic weights (tensor order and
// shapes as digitlab saves them), and the FNV-1a hash the app reports for those weights.
function writeMlpFile(file) {
  const tensors = [['dense_1.kernel', [784, 784]], ['dense_1.bias', [784]], ['dense_2.kernel', [784, 800]],
                   ['dense_2.bias', [800]], ['dense_3.kernel', [800, 10]], ['dense_3.bias', [10]]];
  const header = {};
  let offset = 0;
  for (const [name, shape] of tensors) {
    const bytes = shape.reduce((a, b) => a * b, 1) * 4;
    header[name] = {dtype: 'F32', shape, data_offsets: [offset, offset + bytes]};
    offset += bytes;
  }
  const values = new Float32Array(offset / 4);
  let seed = 12345;
  for (let i = 0; i < values.length; ++i) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    values[i] = (seed / 2 ** 32 - 0.5) * 0.1;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - json.length % 8) % 8);
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(json.length));
  fs.writeFileSync(file, Buffer.concat([length, Buffer.from(json), Buffer.from(values.buffer)]));
  const bits = new Uint32Array(values.buffer);
  const mask = (1n << 64n) - 1n;
  let hash = 1469598103934665603n;
  for (let i = 0; i < bits.length; ++i) hash = ((hash ^ BigInt(bits[i])) * 1099511628211n) & mask;
  return hash.toString(16).padStart(16, '0');
}

const status = page => page.evaluate(() => window.digitlab.status());

async function waitFrames(page, n) {
  const start = (await status(page)).frames;
  await page.waitForFunction(target => window.digitlab.status().frames >= target, {timeout: 15000}, start + n);
}

async function waitStatus(page, predicate, arg, timeout = 20000) {
  // The predicate travels as source text and runs in the page against each status().
  await page.waitForFunction((source, a) => new Function('s', 'a', `return (${source})(s, a);`)(
    window.digitlab.status(), a), {timeout, polling: 50}, predicate.toString(), arg);
  return status(page);
}

async function rect(page, label) {
  const r = await page.evaluate(l => window.digitlab.itemRect(l), label);
  assert(r && r.visible && r.w > 0 && r.h > 0, `no visible "${label}" item: ${JSON.stringify(r)}`);
  return r;
}

// A person's click on an ImGui item: hover, press, release, each seen by a frame.
async function click(page, label) {
  const r = await rect(page, label);
  await page.mouse.move(r.x + r.w / 2, r.y + r.h / 2);
  await waitFrames(page, 2);
  await page.mouse.down();
  await waitFrames(page, 2);
  await page.mouse.up();
  await waitFrames(page, 2);
}

// Records in which DOM event the page opens the file picker: browsers allow it only inside a
// user gesture, so it must be the click itself, not a later animation frame.
async function watchPicker(page) {
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

async function main() {
  if (!fs.existsSync(path.join(site, 'digitlab.wasm'))) {
    console.log(`FAIL  ${site}/digitlab.wasm missing: build first ` +
                '(tools/serve, or cmake --build --preset web --target digitlab)');
    failed++;
    finish();
  }
  fs.mkdirSync(artifacts, {recursive: true});
  const {server, url} = await startServer();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'digitlab-firefox-files-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: '/usr/bin/firefox-esr',
    headless: true,
    extraPrefsFirefox: {'webgl.force-enabled': true},
    env: {...process.env, MOZ_WEBGL_FORCE_EGL: '1', LIBGL_ALWAYS_SOFTWARE: '1'},
  });
  const errors = [];
  try {
    const page = (await browser.pages())[0] || await browser.newPage();
    await page.setViewport({width: 1280, height: 800});
    page.on('console', msg => {
      if (msg.type() === 'error') errors.push(msg.text());
      if (msg.type() === 'error' || msg.type() === 'warn') console.log(`      console.${msg.type()}: ${msg.text()}`);
    });
    page.on('pageerror', e => errors.push(e.message));

    const navigationStart = Date.now();
    await page.goto(url);

    await check('page starts and renders frames', async () => {
      await page.waitForFunction(() =>
        (window.digitlab && window.digitlab.status().frames >= 1) ||
        (window.digitlabShell && window.digitlabShell.status().phase === 'error'), {timeout: 90000});
      figures.firstFrameSeconds = (Date.now() - navigationStart) / 1000;
      const s = await page.evaluate(() => window.digitlab ? window.digitlab.status() : window.digitlabShell.status());
      assert(!s.error, `shell error: ${s.error}`);
      assert(s.phase === 'running', `phase is ${s.phase}`);
    });

    await check('cross-origin isolated, WebGL2, MNIST arrives', async () => {
      const s = await waitStatus(page, s => s.dataReady || s.dataError, null, 90000);
      assert(s.crossOriginIsolated === true, 'crossOriginIsolated is false');
      assert(/WebGL 2/.test(s.webgl), `GL version is "${s.webgl}"`);
      assert(s.dataReady, `data not ready: ${s.dataError}`);
      figures.renderer = s.renderer;
    });

    const trainName = `Train (MLP defaults) reaches val_acc >= ${TARGET_ACCURACY} within ${TARGET_TIMEOUT_MS / 1000} s`;
    await check(trainName, async () => {
      const r = await rect(page, 'Train');
      await page.mouse.move(r.x + r.w / 2, r.y + r.h / 2);
      await waitFrames(page, 2);
      await page.mouse.down();
      await waitFrames(page, 2);
      const clicked = Date.now();
      const framesAtClick = (await status(page)).frames;
      await page.mouse.up();
      const s = await waitStatus(page, (s, a) => s.val_acc >= a || s.trainPhase === 'failed', TARGET_ACCURACY,
                                 TARGET_TIMEOUT_MS);
      figures.secondsTo90 = (Date.now() - clicked) / 1000;
      assert(s.trainPhase !== 'failed', `training failed: ${s.trainMessage}`);
      assert(s.frames > framesAtClick + 10, `only ${s.frames - framesAtClick} frames while training`);
      figures.examplesPerSecond = Math.round(s.examplesPerSecond);
      figures.framesPerSecond = (s.frames - framesAtClick) / figures.secondsTo90;
      await page.mouse.move(5, 790);  // no tooltip over the screenshot
      await waitFrames(page, 2);
      await page.screenshot({path: path.join(artifacts, 'firefox-train.png')});
    });

    await check('Pause stops the samples, Resume continues them', async () => {
      await click(page, 'Pause');
      await waitStatus(page, s => s.trainPhase === 'paused');
      await sleep(300);  // let a batch in flight land
      const pausedSteps = (await status(page)).steps;
      await sleep(1500);
      const s = await status(page);
      assert(s.steps === pausedSteps, `steps moved while paused: ${pausedSteps} -> ${s.steps}`);
      await click(page, 'Resume');
      await waitStatus(page, (s, a) => s.steps > a, pausedSteps, 15000);
    });

    await check('a real click on "Load model" opens the file picker; the file loads', async () => {
      const file = path.join(scratch, 'handmade-mlp.safetensors');
      const hash = writeMlpFile(file);
      await watchPicker(page);
      const chooser = page.waitForFileChooser({timeout: 10000});
      await click(page, 'Load model');
      await (await chooser).accept([file]);
      const openedIn = await page.evaluate(() => window.__pickerOpenedIn);
      assert(openedIn === 'click', `the picker opened outside the click (in: ${openedIn})`);
      const s = await waitStatus(page, s => /handmade-mlp/.test(s.notice) && s.trainPhase === 'idle', null, 15000);
      assert(!s.noticeIsError, s.notice);
      assert(/Loaded handmade-mlp\.safetensors \(MLP, 1,251,450 parameters\)/.test(s.notice), s.notice);
      assert(s.modelFiles.liveWeightsHash === hash, `weights hash ${s.modelFiles.liveWeightsHash}, file has ${hash}`);
    });

    await check('a truncated file is refused; the model stays', async () => {
      const file = path.join(scratch, 'truncated.safetensors');
      fs.writeFileSync(file, fs.readFileSync(path.join(scratch, 'handmade-mlp.safetensors')).subarray(0, 4000));
      const before = await status(page);
      const chooser = page.waitForFileChooser({timeout: 10000});
      await click(page, 'Load model');
      await (await chooser).accept([file]);
      const s = await waitStatus(page, s => s.noticeIsError && /truncated/.test(s.notice), null, 10000);
      assert(/unchanged/.test(s.notice), s.notice);
      assert(s.modelFiles.liveWeightsHash === before.modelFiles.liveWeightsHash, 'weights changed');
      await page.screenshot({path: path.join(artifacts, 'firefox-files.png')});
    });

    await check('no console errors', async () => {
      assert(errors.length === 0, `${errors.length} error(s): ${errors.join(' | ')}`);
    });
  } finally {
    await browser.close();
    server.kill();
    fs.rmSync(scratch, {recursive: true, force: true});
  }
  console.log(`      measured (Firefox ESR, ${figures.renderer}): time to first frame ` +
              `${figures.firstFrameSeconds?.toFixed(1)} s; Train -> val_acc >= ${TARGET_ACCURACY}: ` +
              `${figures.secondsTo90?.toFixed(1)} s; ${figures.examplesPerSecond} examples/s; ` +
              `${figures.framesPerSecond?.toFixed(1)} frames/s while training`);
  finish();
}

main().catch(e => {
  console.log(`FAIL  ${e.stack || e}`);
  failed++;
  finish();
});
