// End-to-end test of the Train panel and model files in headless Chromium: real mouse clicks on
// Train / Pause / Resume / Reset and the learning-rate slider, time from Train to 90% validation
// accuracy, frame times while training, and a save / load round trip through the real download
// and file chooser (plus a corrupt file and a drop on the page).
// Usage: node tests/e2e/train.test.mjs   (env: DIGITLAB_SITE=<dir>)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {artifacts, assert, check, click, clickRect, itemRect as rect, openPage, runTest, sleep, status,
        waitFrames, waitStatus, watchPicker} from './lib.mjs';

const TARGET_ACCURACY = 0.90;
const TARGET_TIMEOUT_MS = 120000;
const figures = {};  // measured numbers, printed at the end

let scratch = null;  // a folder for the test's files, made once the page is served
const cleanup = () => scratch && fs.rmSync(scratch, {recursive: true, force: true});
// The measured numbers, after the browser has closed.
function report() {
  console.log(`      measured: time to first frame ${figures.firstFrameSeconds?.toFixed(1)} s; ` +
              `Train -> val_acc >= ${TARGET_ACCURACY}: ${figures.secondsTo90?.toFixed(1)} s ` +
              `(val_acc ${figures.valAccAt90?.toFixed(4)} on ${figures.validationAt90}, ` +
              `after ${figures.samplesAt90} samples); ` +
              `${figures.examplesPerSecond} examples/s; median frame ${figures.medianFrameMs?.toFixed(1)} ms ` +
              `(p90 ${figures.p90FrameMs?.toFixed(1)} ms) while training; ` +
              `val_acc after epoch 1 (all 10,000 test images) ${figures.epoch1ValAcc?.toFixed(4)}`);
}

runTest({options: {acceptDownloads: true}, cleanup, report}, async ({page, url, errors}) => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'digitlab-files-'));
  figures.firstFrameSeconds = await openPage(page, url);

  await check('cross-origin isolated, WebGL2', async () => {
    const s = await status(page);
    assert(s.crossOriginIsolated === true, 'crossOriginIsolated is false');
    assert(/WebGL 2/.test(s.webgl), `GL version is "${s.webgl}"`);
  });

  await check('MNIST arrives; the panel shows model.summary() before training', async () => {
    const s = await waitStatus(page, s => s.dataReady || s.dataError, null, 60000);
    assert(s.dataReady, `data not ready: ${s.dataError}`);
    const p = s.trainPanel;
    assert(p.model === 'mlp' && p.optimizer === 'adam', `defaults are ${p.model}/${p.optimizer}`);
    assert(p.summaryParams === 1251450, `summary total ${p.summaryParams}`);
    assert(p.view === 'summary', `view is ${p.view}`);
    assert(p.threadsSetting === Math.max(1, Math.min(s.threads, 16) - 1),
           `threads ${p.threadsSetting} for ${s.threads} cores (expected one core left to the page)`);
    await rect(page, 'Pause');  // present (disabled) before any run
    await page.screenshot({path: path.join(artifacts, 'train-before.png')});
  });

  await check('switching the optimizer sets Keras\' default learning rate', async () => {
    await click(page, 'optimizer:sgd');
    let s = await waitStatus(page, s => s.trainPanel.optimizer === 'sgd');
    assert(Math.abs(s.trainPanel.learningRate - 0.01) < 1e-9, `SGD learning rate ${s.trainPanel.learningRate}`);
    await click(page, 'optimizer:adam');
    s = await waitStatus(page, s => s.trainPanel.optimizer === 'adam');
    assert(Math.abs(s.trainPanel.learningRate - 0.001) < 1e-9, `Adam learning rate ${s.trainPanel.learningRate}`);
    await click(page, 'model:CNN');
    s = await waitStatus(page, s => s.trainPanel.model === 'cnn');
    assert(s.trainPanel.summaryParams === 2174442, `CNN summary total ${s.trainPanel.summaryParams}`);
    assert(s.trainPanel.batchSize === 32 && s.trainPanel.epochs === 2, 'CNN workshop settings not applied');
    await page.mouse.move(5, 790);
    await waitFrames(page, 2);
    await page.screenshot({path: path.join(artifacts, 'train-cnn-summary.png')});
    await click(page, 'model:MLP');
    s = await waitStatus(page, s => s.trainPanel.model === 'mlp');
    assert(s.trainPanel.batchSize === 64 && s.trainPanel.epochs === 5, 'MLP workshop settings not restored');
  });

  // Frame deltas from requestAnimationFrame, kept in the page while training runs.
  await page.evaluate(() => {
    window.__frameDeltas = [];
    let last = performance.now();
    const tick = now => {
      window.__frameDeltas.push(now - last);
      last = now;
      if (window.__frameDeltas.length < 100000) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });

  let framesAtClick = 0;
  const trainName = `Train (MLP defaults) reaches val_acc >= ${TARGET_ACCURACY} within ${TARGET_TIMEOUT_MS / 1000} s`;
  await check(trainName, async () => {
    let clicked = 0;
    await clickRect(page, await rect(page, 'Train'), {after: 0, beforeRelease: async () => {
      framesAtClick = (await status(page)).frames;
      clicked = Date.now();
    }});
    const s = await waitStatus(page, (s, a) => s.val_acc >= a || s.trainPhase === 'failed', TARGET_ACCURACY,
                               TARGET_TIMEOUT_MS);
    figures.secondsTo90 = (Date.now() - clicked) / 1000;
    assert(s.trainPhase !== 'failed', `training failed: ${s.trainMessage}`);
    figures.valAccAt90 = s.val_acc;
    figures.validationAt90 = `${s.trainPanel.shownValidation} (${s.trainPanel.shownValidationImages} images)`;
    figures.samplesAt90 = (s.epoch - 1) * s.samplesTotal + s.samples;
    assert(s.trainPanel.shownValidation !== 'none' && s.trainPanel.shownValidationImages > 0,
           'the panel does not say which images val_acc comes from');
    assert(s.trainPanel.view === 'curves', `view after Train is ${s.trainPanel.view}`);
  });

  await check('the page keeps drawing while it trains', async () => {
    const before = await status(page);
    await sleep(1500);
    const after = await status(page);
    assert(after.frames > before.frames, `frames stuck at ${after.frames}`);
    assert(after.frames > framesAtClick + 10, `only ${after.frames - framesAtClick} frames since Train`);
    assert(after.steps > before.steps, 'training is not advancing');
    figures.examplesPerSecond = Math.round(after.examplesPerSecond);
    const deltas = await page.evaluate(() => window.__frameDeltas.slice(1));
    const sorted = [...deltas].sort((a, b) => a - b);
    figures.medianFrameMs = sorted.length ? sorted[Math.floor(sorted.length / 2)] : NaN;
    figures.p90FrameMs = sorted.length ? sorted[Math.floor(sorted.length * 0.9)] : NaN;
    assert(after.trainPanel.trainCurvePoints > 2 && after.trainPanel.validationCurvePoints >= 1,
           `curves have ${after.trainPanel.trainCurvePoints} / ${after.trainPanel.validationCurvePoints} points`);
    await page.mouse.move(5, 790);  // no tooltip over the screenshot
    await waitFrames(page, 2);
    await page.screenshot({path: path.join(artifacts, 'train-during.png')});
  });

  await check('the learning-rate slider changes the rate of the running run', async () => {
    const before = await status(page);
    await click(page, 'learning rate', {fraction: 0.3});
    const s = await waitStatus(page, s => Math.abs(s.learningRate - s.trainPanel.learningRate) < 1e-9 &&
                                          Math.abs(s.learningRate - 0.001) > 1e-5);
    assert(s.learningRate < 0.001, `a click at 30% of the log slider gave ${s.learningRate}`);
    assert(['training', 'validating'].includes(s.trainPhase), `phase ${s.trainPhase}`);
    assert(s.steps >= before.steps, 'the run restarted');
    figures.learningRateAfterSlider = s.learningRate;
  });

  await check('Pause stops the samples, Resume continues them', async () => {
    await click(page, 'Pause');
    let s = await waitStatus(page, s => s.trainPhase === 'paused');
    await sleep(300);  // let a batch in flight land
    const pausedSteps = (await status(page)).steps;
    await sleep(1500);
    s = await status(page);
    assert(s.steps === pausedSteps, `steps moved while paused: ${pausedSteps} -> ${s.steps}`);
    assert(s.trainPanel && s.trainPhase === 'paused', `phase ${s.trainPhase}`);
    // Training repainted only the rectangles that changed; what they left on the canvas must be
    // exactly what a full repaint paints.
    assert(s.framesPartial > 0, 'training never repainted just part of the page');
    await page.mouse.move(5, 790);
    await waitFrames(page, 3);
    const pieced = await page.screenshot();
    await page.evaluate(() => window.digitlab.repaintAll());
    await waitFrames(page, 3);
    const whole = await page.screenshot();
    if (!pieced.equals(whole)) {
      fs.writeFileSync(path.join(artifacts, 'train-partial-repaints.png'), pieced);
      fs.writeFileSync(path.join(artifacts, 'train-full-repaint.png'), whole);
      assert(false, 'partial repaints left a different picture (see train-partial-repaints.png)');
    }
    await click(page, 'Resume');
    s = await waitStatus(page, (s, a) => s.steps > a, pausedSteps, 10000);
    assert(['training', 'validating'].includes(s.trainPhase), `phase after Resume ${s.trainPhase}`);
  });

  await check('the first epoch ends with a full validation, shown with its own progress bar', async () => {
    await waitStatus(page, s => s.trainPhase === 'validating', null, 90000);
    await waitFrames(page, 1);
    const bar = await page.evaluate(() => window.digitlab.itemRect('validation progress'));
    const during = await status(page);
    assert(during.trainPhase !== 'validating' || (bar && bar.visible), 'no validation progress bar while validating');
    const s = await waitStatus(page, s => s.trainPanel.epochValAcc.length >= 1, null, 30000);
    assert(s.trainPanel.validationCurvePoints >= 2, 'no validation points');
    figures.epoch1ValAcc = s.trainPanel.epochValAcc[0];
    await click(page, 'Pause');
    await waitStatus(page, s => s.trainPhase === 'paused');
    const plot = await rect(page, 'plot:loss');
    await page.mouse.move(plot.x + plot.w * 0.6, plot.y + plot.h * 0.5);
    await waitFrames(page, 3);
    await page.screenshot({path: path.join(artifacts, 'train-after.png')});
    await click(page, 'view:Epochs');
    await waitFrames(page, 2);
    await rect(page, 'workshop epochs');  // the workshop's printed run, beside this one (fails if not visible)
    await page.screenshot({path: path.join(artifacts, 'train-epochs.png')});
    await click(page, 'view:Curves');
  });

  await check('Reset returns to idle and keeps the live model', async () => {
    await click(page, 'Reset');
    const s = await waitStatus(page, s => s.trainPhase === 'idle');
    assert(s.steps === 0 && s.samples === 0, 'progress not cleared');
    assert(s.liveModel === 'mlp', `live model ${s.liveModel}`);
  });

  let saved = null;
  let savedStatus = null;
  await check('Save model downloads the live model as safetensors', async () => {
    savedStatus = await status(page);
    assert(savedStatus.modelFiles.liveWeightsHash, 'no weights hash');
    const downloadPromise = page.waitForEvent('download', {timeout: 15000});
    await click(page, 'Save model');
    const download = await downloadPromise;
    assert(download.suggestedFilename() === 'digitlab-mlp.safetensors', `name ${download.suggestedFilename()}`);
    saved = path.join(scratch, download.suggestedFilename());
    await download.saveAs(saved);
    const bytes = fs.readFileSync(saved);
    const headerLength = Number(bytes.readBigUInt64LE(0));
    const header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString('utf8'));
    assert(header['dense_1.kernel'] && header['dense_1.kernel'].dtype === 'F32', 'no dense_1.kernel F32');
    assert(bytes.length === 8 + headerLength + 1251450 * 4, `file is ${bytes.length} bytes`);
    figures.savedBytes = bytes.length;
  });

  async function loadThroughChooser(file) {
    await watchPicker(page);
    const chooser = page.waitForEvent('filechooser', {timeout: 10000});
    await click(page, 'Load model');
    await (await chooser).setFiles(file);
    const openedIn = await page.evaluate(() => window.__pickerOpenedIn);
    assert(openedIn === 'click', `the picker opened outside the click (in: ${openedIn})`);
  }

  await check('Load model while training stops the run and installs the saved weights', async () => {
    assert(saved, 'nothing saved');
    // This run uses every core, so the data-parallel workers run in the tab too.
    const cores = Math.min((await status(page)).threads, 16);
    await click(page, 'threads');
    await click(page, `threads:${cores}`);
    await click(page, 'Train');
    // A new run publishes its own weights (every 250 ms): the live model moves on from the saved one.
    const training = await waitStatus(page, s => s.steps > 50, null, 30000);
    assert(['training', 'validating'].includes(training.trainPhase), `phase ${training.trainPhase}`);
    assert(training.trainThreads === cores, `${training.trainThreads} training threads, expected ${cores}`);
    assert(training.modelFiles.liveWeightsHash === '', 'a fingerprint computed while training');
    await loadThroughChooser(saved);
    const s = await waitStatus(page, s => /^Loaded /.test(s.notice) && s.trainPhase === 'idle', null, 15000);
    assert(!s.noticeIsError, s.notice);
    assert(/Loaded digitlab-mlp\.safetensors \(MLP, 1,251,450 parameters\)/.test(s.notice), s.notice);
    assert(/stopped and reset/.test(s.notice), `notice does not mention the stopped run: ${s.notice}`);
    assert(s.liveModelSource === 'file: digitlab-mlp.safetensors', `source ${s.liveModelSource}`);
    assert(s.modelFiles.liveWeightsHash === savedStatus.modelFiles.liveWeightsHash,
           `weights differ: ${s.modelFiles.liveWeightsHash} vs ${savedStatus.modelFiles.liveWeightsHash}`);
    assert(s.modelFiles.livePredictions === savedStatus.modelFiles.livePredictions,
           `predictions differ: ${s.modelFiles.livePredictions} vs ${savedStatus.modelFiles.livePredictions}`);
    await sleep(700);  // a stopped trainer must not publish over the loaded model
    const later = await status(page);
    assert(later.modelFiles.liveWeightsHash === savedStatus.modelFiles.liveWeightsHash,
           'the loaded model was overwritten');
  });

  await check('a truncated model file is refused with a clear message; the model stays', async () => {
    const bytes = fs.readFileSync(saved);
    const corrupt = path.join(scratch, 'truncated.safetensors');
    fs.writeFileSync(corrupt, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const before = await status(page);
    await loadThroughChooser(corrupt);
    const s = await waitStatus(page, s => s.noticeIsError && /truncated\.safetensors/.test(s.notice), null, 10000);
    assert(/Could not load truncated\.safetensors/.test(s.notice) && /unchanged/.test(s.notice), s.notice);
    assert(s.liveModelSource === before.liveModelSource, `source changed to ${s.liveModelSource}`);
    assert(s.modelFiles.liveWeightsHash === before.modelFiles.liveWeightsHash, 'weights changed');
    figures.corruptNotice = s.notice;
  });

  await check('a file dragged over the page shows where to drop it; the drop reaches the loader', async () => {
    const hint = await page.evaluate(() => {
      window.__dropped = new DataTransfer();
      window.__dropped.items.add(new File(['{"not": "a model"}'], 'notes.json', {type: 'application/json'}));
      const canvas = document.getElementById('canvas');
      canvas.dispatchEvent(new DragEvent('dragover',
                                         {dataTransfer: window.__dropped, bubbles: true, cancelable: true}));
      const shown = [...document.querySelectorAll('div')].find(d => /Drop a \.safetensors/.test(d.textContent));
      return shown ? getComputedStyle(shown).display : 'missing';
    });
    assert(hint === 'flex', `drop hint display: ${hint}`);
    await page.screenshot({path: path.join(artifacts, 'train-dragover.png')});
    await page.evaluate(() => document.getElementById('canvas').dispatchEvent(
      new DragEvent('drop', {dataTransfer: window.__dropped, bubbles: true, cancelable: true})));
    const s = await waitStatus(page, s => s.noticeIsError && /notes\.json/.test(s.notice), null, 10000);
    assert(/Could not load notes\.json: it is not a valid safetensors file/.test(s.notice), s.notice);
    await page.screenshot({path: path.join(artifacts, 'train-files.png')});
  });

  await check('a diverging learning rate stops training with a message and a way out', async () => {
    // Ctrl+click turns the slider into a text field; a typed rate may exceed the slider's range.
    await page.keyboard.down('Control');
    await click(page, 'learning rate');
    await page.keyboard.up('Control');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('1e38');
    await page.keyboard.press('Enter');
    await waitStatus(page, s => s.trainPanel.learningRate > 1e37);
    await click(page, 'Train');
    let s = await waitStatus(page, s => s.trainPhase === 'failed', null, 30000);
    assert(/diverged/.test(s.trainMessage) && /lower the learning rate/.test(s.trainMessage), s.trainMessage);
    await rect(page, 'lower learning rate and resume');
    await page.mouse.move(5, 790);
    await waitFrames(page, 2);
    await page.screenshot({path: path.join(artifacts, 'train-diverged.png')});
    const failedSteps = s.steps;
    await click(page, 'lower learning rate and resume');
    s = await waitStatus(page, (s, a) => s.steps > a + 5, failedSteps, 20000);
    assert(Math.abs(s.learningRate - 0.001) < 1e-9, `resumed with learning rate ${s.learningRate}`);
    assert(s.trainPhase !== 'failed' && !s.trainMessage, `still failed: ${s.trainMessage}`);
    await click(page, 'Reset');
    await waitStatus(page, s => s.trainPhase === 'idle');
  });

  await check('no console errors', async () => {
    assert(errors.length === 0, `${errors.length} error(s): ${errors.join(' | ')}`);
  });
});
