// End-to-end smoke test of the built page (build/web/site) in headless Chromium: serves it with
// web/serve.py, checks isolation, WebGL2, threads and the dataset, and clicks a real ImGui button.
// Usage: node tests/e2e/smoke.test.mjs   (env: DIGITLAB_SITE=<dir>, DIGITLAB_DPR=<devicePixelRatio>)
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {chromium} from 'playwright-core';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const site = process.env.DIGITLAB_SITE || path.join(repo, 'build/web/site');
const artifacts = path.join(repo, 'test-artifacts');
const dpr = Number(process.env.DIGITLAB_DPR || 1);

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

const status = page => page.evaluate(() => window.digitlab.status());

// Waits until the app has rendered n more frames (ImGui reacts to input on the next frames).
async function waitFrames(page, n) {
  const start = (await status(page)).frames;
  await page.waitForFunction(target => window.digitlab.status().frames >= target, start + n, {timeout: 15000});
}

async function main() {
  if (!fs.existsSync(path.join(site, 'digitlab.wasm'))) {
    console.log(`FAIL  ${site}/digitlab.wasm missing: build first (tools/serve, or cmake --build --preset web --target digitlab)`);
    failed++;
    finish();
  }
  fs.mkdirSync(artifacts, {recursive: true});
  const {server, url} = await startServer();
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'digitlab-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: {width: 1280, height: 800},
    deviceScaleFactor: dpr,
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync',
           '--enable-unsafe-swiftshader'],
  });
  const errors = [];
  try {
    const page = context.pages()[0] || await context.newPage();
    page.on('console', msg => {
      if (msg.type() === 'error') errors.push(msg.text());
      // SwiftShader's read-back for headless screenshots is slow and says so; not our concern.
      const noise = /GPU stall due to ReadPixels/.test(msg.text());
      if ((msg.type() === 'error' || msg.type() === 'warning') && !noise) {
        console.log(`      console.${msg.type()}: ${msg.text()}`);
      }
    });
    page.on('pageerror', e => errors.push(e.message));
    page.on('response', r => {
      if (r.status() >= 400) console.log(`      HTTP ${r.status()} ${r.url()}`);
    });

    await page.goto(url);

    await check('page starts and renders frames', async () => {
      // Stops early if the shell reports a problem instead of waiting for the timeout.
      await page.waitForFunction(() =>
        (window.digitlab && window.digitlab.status().frames >= 3) ||
        (window.digitlabShell && window.digitlabShell.status().phase === 'error'), null, {timeout: 60000});
      const s = await page.evaluate(() => window.digitlab ? window.digitlab.status() : window.digitlabShell.status());
      assert(!s.error, `shell error: ${s.error}`);
      assert(s.phase === 'running', `phase is ${s.phase}`);
    });

    await check('cross-origin isolated', async () => {
      const s = await status(page);
      assert(s.crossOriginIsolated === true, 'crossOriginIsolated is false');
    });

    await check('WebGL2 in use', async () => {
      const s = await status(page);
      assert(/WebGL 2/.test(s.webgl), `GL version is "${s.webgl}"`);
    });

    await check('pthread pool exists and a thread ran', async () => {
      await page.waitForFunction(() => window.digitlab.status().pthreadRan, null, {timeout: 10000});
      const s = await status(page);
      const pool = s.pthreadPool.idle + s.pthreadPool.busy;
      const expected = Math.min(s.threads, 16) + 2;
      assert(pool >= expected - 1, `pool has ${pool} workers, expected about ${expected} for ${s.threads} cores`);
    });

    await check('MNIST downloads, inflates and reaches the app', async () => {
      await page.waitForFunction(() => window.digitlab.status().dataReady ||
                                       window.digitlab.status().dataError ||
                                       window.digitlab.status().shell.phase === 'error', null, {timeout: 60000});
      const s = await status(page);
      assert(!s.shell.error, s.shell.error);
      assert(!s.dataError, s.dataError);
      assert(s.dataReady, 'the app did not parse the four IDX files');
      assert(s.shell.data.done, 'shell did not mark the download done');
    });

    await check('clicking the ImGui "Train" button starts training', async () => {
      const rect = await page.evaluate(() => window.digitlab.itemRect('Train'));
      assert(rect && rect.visible && rect.w > 0 && rect.h > 0, `no visible "Train" item: ${JSON.stringify(rect)}`);
      const x = rect.x + rect.w / 2;
      const y = rect.y + rect.h / 2;
      await page.mouse.move(x, y);
      await waitFrames(page, 2);  // hover first, as a person would
      await page.mouse.down();
      await waitFrames(page, 2);
      await page.mouse.up();
      await page.waitForFunction(() => window.digitlab.status().steps > 0, null, {timeout: 20000});
    });

    await check('screenshot saved', async () => {
      await waitFrames(page, 2);
      await page.screenshot({path: path.join(artifacts, dpr === 1 ? 'smoke.png' : `smoke-dpr${dpr}.png`)});
    });

    await check('no console errors', async () => {
      assert(errors.length === 0, `${errors.length} error(s): ${errors.join(' | ')}`);
    });
  } finally {
    await context.close();
    server.kill();
    fs.rmSync(profile, {recursive: true, force: true});
  }
  finish();
}

main().catch(e => {
  console.log(`FAIL  ${e.stack || e}`);
  failed++;
  finish();
});
