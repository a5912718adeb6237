// The core scenarios in a third engine: WebKit (Safari's), as WebKitGTK's MiniBrowser driven over
// classic WebDriver by selenium-webdriver (launchWebKit in lib.mjs: its own Xvfb display, software
// GL). Page start with cross-origin isolation, a real click on Train reaching 90% validation
// accuracy, a drawn MNIST digit read by the trained model, a lesson stepped with the mouse.
// Usage: node tests/e2e/webkit.test.mjs   (env: DIGITLAB_SITE=<dir>)
import path from 'node:path';
import {artifacts, assert, check, click, clickRect, configure, drawDigit, itemRect, openPage, pickDigits, runTest,
        setBrush, skip, status, strokeExtent, waitFrames, waitStatus} from './lib.mjs';

configure({timed: true});

const TARGET_ACCURACY = 0.90;
const TARGET_TIMEOUT_MS = 90000;
const DIGIT = 7;
const figures = {};

// The measured numbers, after the browser has closed.
function report() {
  console.log(`      measured (WebKitGTK ${figures.version}, ${figures.renderer}): time to first frame ` +
              `${figures.firstFrameSeconds?.toFixed(1)} s; Train -> val_acc >= ${TARGET_ACCURACY}: ` +
              `${figures.secondsTo90?.toFixed(1)} s; ${figures.examplesPerSecond} examples/s with ` +
              `${figures.trainThreads} trainer threads; ${figures.framesPerSecond?.toFixed(1)} frames/s while training`);
}

// WebKitGTK's WebDriver reports no console messages (it has no BiDi, and no log endpoint), and
// MiniBrowser's --enable-write-console-messages-to-stdout=true printed nothing under automation
// (other settings passed the same way did apply). So the test counts console.error calls itself,
// from a wrapper put in once the page runs, and relies on the shell's own listener
// (status().shell.error) for uncaught exceptions from the start.
const watchConsoleErrors = page => page.evaluate(() => {
  if (window.__consoleErrors) return;
  window.__consoleErrors = [];
  const error = console.error;
  console.error = (...args) => {
    window.__consoleErrors.push(args.map(String).join(' '));
    error.apply(console, args);
  };
  window.addEventListener('unhandledrejection', e => window.__consoleErrors.push(`unhandled rejection: ${e.reason}`));
});

runTest({browser: 'webkit', report}, async ({page, driver, url}) => {
  const [digit] = pickDigits([DIGIT]);
  figures.version = (await driver.getCapabilities()).get('browserVersion');

  figures.firstFrameSeconds = await openPage(page, url, {frames: 3, timeout: 45000});
  await watchConsoleErrors(page);

  await check('cross-origin isolated (SharedArrayBuffer, threads), WebGL2, MNIST arrives', async () => {
    const s = await waitStatus(page, s => s.dataReady || s.dataError || s.shell.error, null, 30000);
    const page_ = await page.evaluate(() => ({isolated: window.crossOriginIsolated,
                                              sharedArrayBuffer: typeof SharedArrayBuffer}));
    assert(page_.isolated === true, `window.crossOriginIsolated is ${page_.isolated}: check the COOP/COEP headers`);
    assert(s.crossOriginIsolated === true, 'the app reports crossOriginIsolated false');
    assert(page_.sharedArrayBuffer === 'function',
           'no SharedArrayBuffer global: WebKitGTK needs JSC_useSharedArrayBuffer=true in the driver\'s environment');
    assert(!s.shell.error, `shell error: ${s.shell.error}`);
    assert(/WebGL 2/.test(s.webgl), `GL version is "${s.webgl}"`);
    assert(s.dataReady, `data not ready: ${s.dataError}`);
    figures.renderer = s.renderer;
    return `${s.threads} threads, ${s.webgl}`;
  });

  const trainName = `a real click on Train (MLP defaults) reaches val_acc >= ${TARGET_ACCURACY} within ` +
                    `${TARGET_TIMEOUT_MS / 1000} s`;
  await check(trainName, async () => {
    let clicked = 0;
    let framesAtClick = 0;
    await clickRect(page, await itemRect(page, 'Train'), {after: 0, beforeRelease: async () => {
      clicked = Date.now();
      framesAtClick = (await status(page)).frames;
    }});
    await waitStatus(page, s => s.steps > 0 || s.trainPhase === 'failed', null, 20000).catch(async () => {
      throw new Error(`the click on Train did not start training: phase ${(await status(page)).trainPhase}`);
    });
    const s = await waitStatus(page, (s, a) => s.val_acc >= a || s.trainPhase === 'failed', TARGET_ACCURACY,
                               TARGET_TIMEOUT_MS).catch(async e => {
      const t = await status(page);
      throw new Error(`${e.message}: val_acc ${t.val_acc} after ${t.samples} samples of epoch ${t.epoch}`);
    });
    figures.secondsTo90 = (Date.now() - clicked) / 1000;
    assert(s.trainPhase !== 'failed', `training failed: ${s.trainMessage}`);
    assert(s.frames > framesAtClick + 10, `only ${s.frames - framesAtClick} frames while training`);
    figures.examplesPerSecond = Math.round(s.examplesPerSecond);
    figures.trainThreads = s.trainThreads;
    figures.framesPerSecond = (s.frames - framesAtClick) / figures.secondsTo90;
    await page.mouse.move(5, 790);  // no tooltip over the screenshot
    await waitFrames(page, 2);
    await page.screenshot({path: path.join(artifacts, 'webkit-trained.png')});
    return `${figures.secondsTo90.toFixed(1)} s, val_acc ${s.val_acc.toFixed(3)} after ${s.samples} samples`;
  });

  await check(`a ${DIGIT} drawn with the mouse (X_test[${digit.index}], ${digit.strokes.length} stroke(s)) ` +
              'is read by the trained model', async () => {
    await click(page, 'tab:Draw');
    // As draw.test.mjs: a digit about 60% of the canvas tall, the pen as wide relative to it as the
    // original's.
    const canvas = await itemRect(page, 'Draw canvas');
    await setBrush(page, digit.penWidth * 0.6 * canvas.h / strokeExtent(digit).size);
    await drawDigit(page, digit);
    const p = (await status(page)).drawPanel;
    assert(!p.empty && p.strokes === digit.strokes.length, `canvas: ${JSON.stringify(p).slice(0, 300)}`);
    assert(p.probabilities.length === 10, 'no probabilities');
    await page.screenshot({path: path.join(artifacts, 'webkit-draw.png')});
    assert(p.prediction === DIGIT, `drawn ${DIGIT} read as ${p.prediction} (${(100 * p.confidence).toFixed(1)}%)`);
    await click(page, 'Clear');
    return `${(100 * p.confidence).toFixed(1)}%, ${p.strokePoints} points`;
  });

  await check('Lessons: a click on the matmul lesson, then on Step, advances it with its values', async () => {
    await click(page, 'tab:Lessons');
    await click(page, 'lesson:matmul');
    const at = await waitStatus(page, s => s.tab === 'lessons' && s.lesson.slug === 'matmul' && s.lesson.pendingStep === -1,
                                null, 10000);
    await click(page, 'lesson:Step');
    const s = await waitStatus(page, (s, a) => s.lesson.step === a, at.lesson.step + 1, 10000).catch(async () => {
      throw new Error(`Step went from ${at.lesson.step} to ${(await status(page)).lesson.step}`);
    });
    const v = s.lesson.values;
    assert(v && typeof v.sum === 'number' && typeof v.row === 'number' && typeof v.col === 'number',
           `no step values: ${JSON.stringify(v)}`);
    assert(JSON.stringify(v) !== JSON.stringify(at.lesson.values), 'Step did not change the values');
    // The 2x3 example's first cell, C[0][0] = 1x7 + 2x9 + 3x11, one product a step.
    const sums = [7, 25, 58];
    if (s.lesson.step < sums.length) {
      assert(v.row === 0 && v.col === 0 && v.sum === sums[s.lesson.step],
             `step ${s.lesson.step}: C[${v.row}][${v.col}] sum ${v.sum}, expected C[0][0] sum ${sums[s.lesson.step]}`);
    }
    await page.screenshot({path: path.join(artifacts, 'webkit-lesson.png')});
    return `step ${at.lesson.step} -> ${s.lesson.step}: C[${v.row}][${v.col}] sum ${v.sum}`;
  });

  skip('no console errors (from the browser)', 'WebKitGTK\'s WebDriver does not report console messages');
  await check('no console.error since the page started, no uncaught error (shell)', async () => {
    const {errors, shellError} = await page.evaluate(() => ({errors: window.__consoleErrors,
                                                             shellError: window.digitlab.status().shell.error}));
    assert(!shellError, `shell error: ${shellError}`);
    assert(errors.length === 0, `${errors.length} error(s): ${errors.join(' | ')}`);
  });
});
