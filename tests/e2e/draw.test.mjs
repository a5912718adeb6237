// End-to-end test of the Draw and Test tabs in headless Chromium, driven like a person: the real
// Train button, real mouse strokes on the canvas tracing MNIST test digits (skeletonised here),
// then classify_single_image, the confusion matrix and its gallery filter on the Test tab.
// Usage: node tests/e2e/draw.test.mjs   (env: DIGITLAB_SITE=<dir>)
import fs from 'node:fs';
import path from 'node:path';
import {artifacts, assert, check, click as clickItem, clickRect, configure, itemRect, repo, runTest, status,
        waitAnimationFrames as waitFrames} from './lib.mjs';

configure({timed: true});

// ---- MNIST digits as pen strokes ------------------------------------------------------------

function readIdx(name) {
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
// trying the page would draw.
function pickDigits(wanted) {
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
    for (const [, index] of ranked) {
      const traced = digitStrokes(image(index));
      if (traced.strokes.length <= 2) return {digit, index, ...traced};
    }
    throw new Error(`no test image of a ${digit} traces cleanly`);
  });
}

// ---- The page -----------------------------------------------------------------------------------

// Clicks the widget recorded under `label` with the real mouse: hover, press, release. Frames are
// counted with requestAnimationFrame here (ImGui reads the mouse once per frame).
const click = (page, label) => clickItem(page, label, {settle: 1, wait: waitFrames});

function strokeExtent(traced) {
  const xs = traced.strokes.flat().map(p => p[0]), ys = traced.strokes.flat().map(p => p[1]);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  return {minX, maxX, minY, maxY, size: Math.max(maxX - minX, maxY - minY) + traced.penWidth};
}

// Sets the pen width with a real click on the "Brush size" slider: ImGui puts the slider's grab
// (GrabMinSize 10 px wide, 2 px from the frame's ends) centred under the pointer.
async function setBrush(page, widthOnScreen) {
  const slider = await itemRect(page, 'Brush size');
  const canvas = await itemRect(page, 'Draw canvas');
  const [lo, hi] = [8 * canvas.w / 280, 44 * canvas.w / 280];  // the slider's range (draw_panel.cpp)
  const t = Math.min(1, Math.max(0, (widthOnScreen - lo) / (hi - lo)));
  const grab = {x: slider.x + 7 + t * (slider.w - 14), y: slider.y, w: 0, h: slider.h};
  await clickRect(page, grab, {settle: 1, after: 1, wait: waitFrames});
  return 2 * (await status(page)).drawPanel.brushRadius * canvas.w / 280;
}

// Draws strokes (MNIST pixel units) centred on the canvas, scaled so the pen is as wide,
// relative to the digit, as in the original image. One mouse move per frame, as a hand would.
async function drawDigit(page, traced) {
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
    await page.mouse.move(...points[0]);
    await waitFrames(page, 1);
    await page.mouse.down();
    await waitFrames(page, 1);
    // Chromium hands pointer moves to the page once per animation frame and acknowledges each
    // after handing it over, so awaiting every move paces them at about one per app frame.
    for (const [x, y] of points.slice(1)) await page.mouse.move(x, y);
    await waitFrames(page, 1);
    await page.mouse.up();
    await waitFrames(page, 1);
  }
  await waitFrames(page, 2);
}

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
  for (const d of digits) {
    await check(`drawing a ${d.digit} (X_test[${d.index}], ${d.strokes.length} stroke(s)) is recognised`, async () => {
      await click(page, 'tab:Draw');
      // A digit about 60% of the canvas tall, and a pen as wide relative to it as the original's.
      const canvas = await itemRect(page, 'Draw canvas');
      await setBrush(page, d.penWidth * 0.6 * canvas.h / strokeExtent(d).size);
      const before = await status(page);
      const t0 = Date.now();
      await drawDigit(page, d);
      const s = await status(page);
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
    await click(page, 'X_train[100]');
    let s = (await status(page)).testPanel;
    assert(s.set === 'train' && s.index === 100 && s.label === 5, `X_train[100]: ${JSON.stringify(s)}`);
    const p100 = s.prediction;
    await click(page, 'X_train[2]');
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
