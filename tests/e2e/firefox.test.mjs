// The core training scenario in a second engine: Debian's Firefox ESR, driven by puppeteer-core
// over WebDriver BiDi. Page start, isolation, WebGL2, a real click on Train reaching 90% validation
// accuracy, Pause / Resume, and the file picker opened by a real click on "Load model".
// Usage: node tests/e2e/firefox.test.mjs   (env: DIGITLAB_SITE=<dir>)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {artifacts, assert, check, click, clickRect, itemRect as rect, openPage, runTest, sleep, status,
        waitFrames, waitStatus, watchPicker} from './lib.mjs';

const TARGET_ACCURACY = 0.90;
const TARGET_TIMEOUT_MS = 120000;
const figures = {};

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

let scratch = null;  // a folder for the test's files, made once the page is served
const cleanup = () => scratch && fs.rmSync(scratch, {recursive: true, force: true});
// The measured numbers, after the browser has closed.
function report() {
  console.log(`      measured (Firefox ESR, ${figures.renderer}): time to first frame ` +
              `${figures.firstFrameSeconds?.toFixed(1)} s; Train -> val_acc >= ${TARGET_ACCURACY}: ` +
              `${figures.secondsTo90?.toFixed(1)} s; ${figures.examplesPerSecond} examples/s; ` +
              `${figures.framesPerSecond?.toFixed(1)} frames/s while training`);
}

runTest({browser: 'firefox', cleanup, report}, async ({page, url, errors}) => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'digitlab-firefox-files-'));
  figures.firstFrameSeconds = await openPage(page, url, {timeout: 90000});

  await check('cross-origin isolated, WebGL2, MNIST arrives', async () => {
    const s = await waitStatus(page, s => s.dataReady || s.dataError, null, 90000);
    assert(s.crossOriginIsolated === true, 'crossOriginIsolated is false');
    assert(/WebGL 2/.test(s.webgl), `GL version is "${s.webgl}"`);
    assert(s.dataReady, `data not ready: ${s.dataError}`);
    figures.renderer = s.renderer;
  });

  const trainName = `Train (MLP defaults) reaches val_acc >= ${TARGET_ACCURACY} within ${TARGET_TIMEOUT_MS / 1000} s`;
  await check(trainName, async () => {
    let clicked = 0;
    let framesAtClick = 0;
    await clickRect(page, await rect(page, 'Train'), {after: 0, beforeRelease: async () => {
      clicked = Date.now();
      framesAtClick = (await status(page)).frames;
    }});
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
});
