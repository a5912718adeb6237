// End-to-end test of the Draw and Test tabs in headless Chromium, driven like a person: the real
// Train button, real mouse strokes on the canvas tracing MNIST test digits (skeletonised in lib.mjs),
// then classify_single_image, the confusion matrix and its gallery filter on the Test tab.
// Usage: node tests/e2e/draw.test.mjs   (env: DIGITLAB_SITE=<dir>)
import path from 'node:path';
import {artifacts, assert, check, click as clickItem, configure, drawDigit, itemRect, pickDigits, readIdx, runTest,
        setBrush, status, strokeExtent, waitAnimationFrames as waitFrames, waitStatus} from './lib.mjs';

configure({timed: true});

// ---- The page -----------------------------------------------------------------------------------

// Clicks the widget recorded under `label` with the real mouse: hover, press, release. Frames are
// counted with requestAnimationFrame here (ImGui reads the mouse once per frame).
const click = (page, label) => clickItem(page, label, {settle: 1, wait: waitFrames});

const scrollTop = page => page.evaluate(() => ({y: window.scrollY, top: document.scrollingElement.scrollTop}));

// hasTouch: touch events for the finger-drawing check
runTest({options: {hasTouch: true}}, async ({context, page, url, errors}) => {
  const digits = pickDigits([0, 1, 3, 7]);
  const testLabels = readIdx('t10k-labels-idx1-ubyte').data;
  await page.goto(url);

  await check('page runs and MNIST arrives', async () => {
    await page.waitForFunction(() =>
      (window.digitlab && window.digitlab.status().dataReady) ||
      (window.digitlabShell && window.digitlabShell.status().phase === 'error'), null, {timeout: 90000});
    const s = await status(page);
    assert(s.dataReady && !s.dataError, `data: ${s.dataError}`);
  });

  await check('the colormap shaders render their documented colours (GPU read-back)', async () => {
    const s = await status(page);
    assert(s.drawPanel.colormaps === 'ok', `colormaps: ${s.drawPanel.colormaps}`);
  });

  await check('a finger draws too (touch events), and the page does not scroll', async () => {
    await click(page, 'tab:Draw');
    const canvas = await itemRect(page, 'Draw canvas');
    const cdp = await context.newCDPSession(page);
    const touch = (type, x, y) => cdp.send('Input.dispatchTouchEvent', {type, touchPoints: type === 'touchEnd' ? [] : [{x, y}]});
    const [x, y0] = [canvas.x + canvas.w * 0.4, canvas.y + canvas.h * 0.2];
    await touch('touchStart', x, y0);
    await waitFrames(page, 1);
    for (let k = 1; k <= 12; k++) await touch('touchMove', x + k * 4, y0 + k * canvas.h * 0.05);
    await touch('touchEnd');
    await waitFrames(page, 2);
    const s = await status(page);
    await cdp.detach();
    const y = await scrollTop(page);
    assert(y.y === 0 && y.top === 0, `the page scrolled to ${JSON.stringify(y)}`);
    assert(s.drawPanel.strokes === 1 && !s.drawPanel.empty && s.drawPanel.strokePoints >= 4,
           `touch stroke not drawn: ${JSON.stringify(s.drawPanel)}`);
    await click(page, 'Clear');
    return `${s.drawPanel.strokePoints} points`;
  });

  await check('before training, a drawing asks for a model instead of predicting', async () => {
    const s0 = await status(page);
    assert(s0.tab === 'draw', `tab is ${s0.tab}`);
    assert(s0.drawPanel.empty && s0.drawPanel.prediction === -1, 'canvas should start empty');
    await drawDigit(page, {strokes: [[[14, 6], [14, 22]]], penWidth: 2.5});
    const s = await status(page);
    assert(!s.drawPanel.empty && s.drawPanel.strokes === 1, `stroke not recorded: ${JSON.stringify(s.drawPanel)}`);
    assert(s.liveModel === 'none' && s.drawPanel.prediction === -1, `prediction ${s.drawPanel.prediction} without a model`);
    await page.screenshot({path: path.join(artifacts, 'draw-no-model.png')});
    await click(page, 'Clear');
  });

  await check('the Train button trains to val_acc >= 0.9', async () => {
    await click(page, 'Train');
    await page.waitForFunction(() => window.digitlab.status().val_acc >= 0.9 ||
                                     window.digitlab.status().trainPhase === 'failed', null, {timeout: 120000});
    const s = await status(page);
    assert(s.val_acc >= 0.9, `val_acc ${s.val_acc}, phase ${s.trainPhase}: ${s.trainMessage}`);
    return `val_acc ${s.val_acc.toFixed(3)} after ${s.samples} samples of epoch ${s.epoch}`;
  });

  let right = 0;
  const results = [];
  let afterClear = null;  // the Draw panel's status after the last Clear
  let beforeDrawing = null, afterDrawing = null;  // statuses around the four drawings
  for (const d of digits) {
    await check(`drawing a ${d.digit} (X_test[${d.index}], ${d.strokes.length} stroke(s)) is recognised`, async () => {
      await click(page, 'tab:Draw');
      // A digit about 60% of the canvas tall, and a pen as wide relative to it as the original's.
      const canvas = await itemRect(page, 'Draw canvas');
      await setBrush(page, d.penWidth * 0.6 * canvas.h / strokeExtent(d).size);
      const before = await status(page);
      beforeDrawing ??= before;
      const t0 = Date.now();
      await drawDigit(page, d);
      const s = await status(page);
      afterDrawing = s;
      console.log(`      drew in ${((Date.now() - t0) / 1000).toFixed(1)} s, ${((s.frames - before.frames) * 1000 / (Date.now() - t0)).toFixed(1)} fps, ${s.drawPanel.strokePoints} points`);
      const p = s.drawPanel;
      assert(!p.empty && p.strokes === d.strokes.length, `canvas: ${JSON.stringify(p)}`);
      assert(Math.abs(p.input.centerX - 14) < 1.5 && Math.abs(p.input.centerY - 14) < 1.5,
             `centre of mass ${p.input.centerX}, ${p.input.centerY} should be about (14, 14)`);
      assert(Math.max(p.input.width, p.input.height) === 20, `digit box ${p.input.width}x${p.input.height}`);
      assert(p.probabilities.length === 10, 'no probabilities');
      const y = await scrollTop(page);
      assert(y.y === 0 && y.top === 0, `the page scrolled to ${JSON.stringify(y)}`);
      results.push(`${d.digit}->${p.prediction}`);
      if (d.digit === 3) await page.screenshot({path: path.join(artifacts, 'draw-tab.png')});
      if (p.prediction === d.digit) right++;
      const note = `predicted ${p.prediction} at ${(100 * p.confidence).toFixed(1)}%`;
      await click(page, 'Clear');
      afterClear = (await status(page)).drawPanel;
      // Soft here; the summary check below requires at least 3 of 4.
      if (p.prediction !== d.digit) console.log(`      note: drawn ${d.digit} was ${note}`);
      return note;
    });
  }
  await check('at least 3 of the 4 drawn digits are recognised', async () => {
    assert(right >= 3, `${right} of ${digits.length} right: ${results.join(', ')}`);
    return `${right} of ${digits.length}: ${results.join(', ')}`;
  });

  await check('frames drawn make no new GL names (each would grow the JS heap for good)', async () => {
    const frames = afterDrawing.framesDrawn - beforeDrawing.framesDrawn;
    const names = afterDrawing.glNamesMade - beforeDrawing.glNamesMade;
    assert(frames >= 30, `only ${frames} frames drawn`);
    assert(names <= 8, `${names} new GL names in ${frames} frames`);
    return `${names} new names in ${frames} frames`;
  });

  await check('Clear empties the canvas: no strokes, no prediction', async () => {
    const p = afterClear;
    assert(p, 'Clear was never clicked');
    assert(p.empty && p.strokes === 0 && p.prediction === -1 && p.probabilities.length === 0,
           `after Clear: ${JSON.stringify(p)}`);
  });

  await check('the page never scrolled while drawing', async () => {
    const y = await scrollTop(page);
    assert(y.y === 0 && y.top === 0, `scroll ${JSON.stringify(y)}`);
  });

  await check('Test tab: X_train[2] is a 4, X_train[100] a 5', async () => {
    await click(page, 'tab:Test');
    // The tab lays itself out over its first frames: measure the button once it has settled.
    await waitStatus(page, s => s.tab === 'test');
    await waitFrames(page, 3);
    // The app's own frames (not animation frames) between move, press and release: this tab
    // predicts the test set within a budget per frame, and its frames come late.
    await clickItem(page, 'X_train[100]');
    let s = (await status(page)).testPanel;
    assert(s.set === 'train' && s.index === 100 && s.label === 5, `X_train[100]: ${JSON.stringify(s)}`);
    const p100 = s.prediction;
    await clickItem(page, 'X_train[2]');
    s = (await status(page)).testPanel;
    assert(s.set === 'train' && s.index === 2 && s.label === 4, `X_train[2]: ${JSON.stringify(s)}`);
    assert(s.prediction >= 0 && s.probabilities.length === 10, 'no prediction for X_train[2]');
    await click(page, 'Next');
    const next = (await status(page)).testPanel.index;
    await click(page, 'Prev');
    assert(next === 3 && (await status(page)).testPanel.index === 2, `Next/Prev went to ${next}`);
    return `classify_single_image: X_train[2] -> ${s.prediction}, X_train[100] -> ${p100}`;
  });

  await check('confusion matrix after the first epoch counts the 10,000 test images', async () => {
    await page.waitForFunction(() => window.digitlab.status().testPanel.confusionReady, null, {timeout: 120000});
    const s = (await status(page)).testPanel;
    assert(s.predictionsSource === 'validation' && s.predictionsEpoch >= 1, `source ${s.predictionsSource}`);
    assert(s.confusion.length === 100 && s.confusionTotal === 10000, `total ${s.confusionTotal}`);
    return `epoch ${s.predictionsEpoch}: ${s.confusionCorrect} right`;
  });

  await check('clicking a confusion cell filters the gallery to its images', async () => {
    const s0 = (await status(page)).testPanel;
    let cell = [0, 0, -1];  // the most common mistake
    for (let t = 0; t < 10; t++) for (let p = 0; p < 10; p++) if (t !== p && s0.confusion[t * 10 + p] > cell[2]) cell = [t, p, s0.confusion[t * 10 + p]];
    const [t, p, n] = cell;
    await click(page, `confusion:${t}:${p}`);
    // Training goes on: a later epoch may recount the cell, so compare within one snapshot.
    const s = (await status(page)).testPanel;
    const count = s.confusion[t * 10 + p];
    assert(s.filter === 'cell' && s.filterTrue === t && s.filterPredicted === p, `filter ${s.filter} ${s.filterTrue} ${s.filterPredicted}`);
    assert(s.galleryCount === count, `gallery has ${s.galleryCount} images, the cell says ${count}`);
    assert(s.gallery.length === Math.min(count, 60), `page shows ${s.gallery.length}`);
    assert(s.gallery.every(i => testLabels[i] === t), 'an image with another label in the gallery');
    assert(s.galleryPredictions.every(q => q === p), `predictions on the page: ${s.galleryPredictions}`);
    await click(page, 'gallery:0');
    const opened = (await status(page)).testPanel;
    assert(opened.set === 'test' && opened.label === t && testLabels[opened.index] === t &&
           (opened.index === s.gallery[0] || opened.gallery[0] === opened.index),
           `gallery:0 opened ${opened.set} ${opened.index}, the page starts with ${s.gallery[0]}`);
    await page.mouse.move(1, 1);  // no tooltip over the gallery in the picture
    await waitFrames(page, 2);
    await page.screenshot({path: path.join(artifacts, 'test-tab.png')});
    return `true ${t} predicted ${p}: ${n} images`;
  });

  await check('after Reset the panel predicts the 10,000 itself, a budget per frame, and recounts', async () => {
    // Reset drops the trainer's validation; the last weights stay live, so the Test tab now
    // predicts with them, within a few milliseconds per frame.
    await click(page, 'Reset');
    const t0 = Date.now();
    await page.waitForFunction(() => {
      const s = window.digitlab.status().testPanel;
      return s.predictionsSource === 'live' && s.confusionReady;
    }, null, {timeout: 60000});
    const s = (await status(page)).testPanel;
    assert(s.confusionTotal === 10000 && s.predictionsFresh === 10000, `total ${s.confusionTotal}, fresh ${s.predictionsFresh}`);
    assert(s.filter === 'all', `a filter on the old predictions survived: ${s.filter}`);
    return `${((Date.now() - t0) / 1000).toFixed(1)} s, ${s.confusionCorrect} right, panel ${s.frameMs.toFixed(1)} ms/frame`;
  });

  await check('"Mistakes only" shows exactly the misclassified test images', async () => {
    await click(page, 'Filter mistakes');
    const s = (await status(page)).testPanel;
    assert(s.filter === 'mistakes', `filter ${s.filter}`);
    assert(s.galleryCount === s.confusionTotal - s.confusionCorrect, `${s.galleryCount} shown, ${s.confusionTotal - s.confusionCorrect} mistakes`);
    assert(s.gallery.every((i, k) => s.galleryPredictions[k] !== testLabels[i]), 'a right answer among the mistakes');
    return `${s.galleryCount} mistakes`;
  });

  await check('no console errors', async () => {
    assert(errors.length === 0, `${errors.length} error(s): ${errors.join(' | ')}`);
  });
});
