// End-to-end test of "Start here", the workshop as a path, in headless Chromium: a teacher's link
// opens the path at a stop; then a scripted student walks all twelve stops from the first with the
// real mouse — stepping lessons, training the MLP to 90%, drawing a digit the model gets wrong and
// teaching it, finding a mistake through the confusion matrix — and every checkpoint is checked
// unmet before its deed and met after it; the progress survives a reload. Screenshots in
// test-artifacts/path-*.png.
// Usage: node tests/e2e/path.test.mjs
import path from 'node:path';
import {artifacts, assert, check, click, configure, drawDigit, openPage, pickDigits, reveal, runTest, status, waitForStart, waitStill,
        waitFrames, waitStatus} from './lib.mjs';

configure({timed: true});

const pathOf = async page => (await status(page)).path;

// An item in a scrolling view: wheeled into sight (the lesson, or the view), then clicked once it
// holds still (a lesson's first frames still lay it out, and a click at the old place misses).
async function show(page, label) {
  for (let i = 0; i < 20; i++) {
    const rect = await page.evaluate(l => window.digitlab.itemRect(l), label);
    if (rect && rect.visible) return waitStill(page, label);
    const area = await page.evaluate(() => window.digitlab.itemRect('lesson:view'));
    if (!area) return;
    await page.mouse.move(area.x + area.w / 2, area.y + area.h / 2);
    await page.mouse.wheel(0, !rect || rect.y < area.y ? -120 : 120);
    await waitFrames(page, 2);
  }
}
async function press(page, label, options = {}) {
  await show(page, label);
  await click(page, label, options);
  await page.mouse.move(2, 2);
}

// The stop's checkpoint must not hold yet; after `deed` it must, and the strip must say so.
async function stop(page, index, slug, deed) {
  await check(`stop ${index + 1}, ${slug}: unmet until it is done, met once it is`, async () => {
    const p = await waitStatus(page, (s, a) => s.path.open && s.path.current === a, index);
    try {
      assert(p.path.slug === slug, `stop ${index + 1} is ${p.path.slug}`);
      assert(!p.path.metNow && p.path.met[index] === '0', `${slug} met before its deed: ${JSON.stringify(p.path)}`);
      await deed();
      // Marked once it held (a checkpoint stays met, as the student's progress).
      await waitStatus(page, (s, a) => s.path.met[a] === '1', index, 90000);
      await waitFrames(page, 2);
      await page.screenshot({path: path.join(artifacts, `path-${String(index + 1).padStart(2, '0')}-${slug}.png`)});
    } finally {
      if (index + 1 < 12) await press(page, 'path:Next');  // on to the next stop, whatever happened here
    }
  });
}

runTest({options: {viewport: {width: 1280, height: 800}}}, async ({page, url, errors}) => {
  await openPage(page, `${url}#path/5`);
  await check('a teacher\'s link opens the path at its stop, with its lesson', async () => {
    const s = await waitStatus(page, s => s.dataReady && s.path.open, null, 90000);
    assert(s.path.current === 4 && s.path.slug === 'crossentropy', `path ${JSON.stringify(s.path)}`);
    assert(s.lesson.slug === 'crossentropy', `lesson ${s.lesson.slug}`);
    await press(page, 'path:Back');
    await waitStatus(page, s => s.path.current === 3 && s.lesson.slug === 'dense');
    await press(page, 'path:Close');
    await waitStatus(page, s => !s.path.open);
  });

  await check('Start here opens the path where the student left it; Back walks to the first stop', async () => {
    await press(page, 'Start here');
    await waitStatus(page, s => s.path.open && s.path.current === 3);
    for (let i = 0; i < 3; i++) await press(page, 'path:Back');
    await waitStatus(page, s => s.path.current === 0 && s.lesson.slug === 'matmul');
  });

  const scrubToEnd = () => press(page, 'lesson:Scrubber', {fraction: 0.995});
  await stop(page, 0, 'dot-products', scrubToEnd);
  await stop(page, 1, 'images', async () => {
    await press(page, 'images:Index', {fraction: 0.2});  // the field, not its - and + buttons
    await page.keyboard.press('Control+A');
    await page.keyboard.type('15', {delay: 60});  // X_train[15] is a 7
    await waitFrames(page, 3);
    await page.keyboard.press('Enter');
  });
  await stop(page, 2, 'perceptron', async () => {
    await press(page, 'perceptron:xor');
    const chosen = await waitStatus(page, s => s.lesson.values.point_set === 'xor', null, 10000)
                       .catch(async () => assert(false, `XOR not chosen: ${JSON.stringify((await status(page)).lesson.values.point_set)}`));
    assert(!chosen.path.metNow, 'XOR chosen but not stepped to its end: met too soon');
    await scrubToEnd();
    const s = await status(page);
    assert(s.lesson.step === s.lesson.steps - 1, `scrubbed to step ${s.lesson.step} of ${s.lesson.steps}`);
  });
  await stop(page, 3, 'dense', scrubToEnd);
  await stop(page, 4, 'crossentropy', async () => {
    // Ctrl+click turns the slider into a field for a typed value.
    await show(page, 'crossentropy:p');
    await page.keyboard.down('Control');
    await click(page, 'crossentropy:p', {fraction: 0.3});
    await page.keyboard.up('Control');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('0.97', {delay: 60});
    await waitFrames(page, 3);
    await page.keyboard.press('Enter');
  });
  await stop(page, 5, 'descent', scrubToEnd);
  await stop(page, 6, 'train-mlp', async () => {
    await press(page, 'Train');
    await waitStatus(page, s => s.trainPhase === 'training', null, 20000);
    assert(!(await pathOf(page)).metNow, 'met while the MLP has no validation yet');
  });
  await stop(page, 7, 'draw', async () => {
    await press(page, 'Pause');  // the student stops the run to look at what the model learnt
    // A plain bar: the model reads it as something; the student says it is another digit.
    await reveal(page, 'Draw canvas', 'Draw canvas');
    await drawDigit(page, pickDigits([1])[0]);
    const read = await waitStatus(page, s => s.drawPanel.prediction >= 0);
    if (!(await page.evaluate(() => window.digitlab.itemRect('teach:0')))) await press(page, 'Teach header');
    await waitFrames(page, 2);
    const taught = (read.drawPanel.prediction + 1) % 10;
    await reveal(page, `teach:${taught}`);
    await click(page, `teach:${taught}`);
  });
  await stop(page, 8, 'mistakes', async () => {
    const s = await waitStatus(page, s => s.testPanel.confusionReady, null, 60000);
    let cell = null;  // the most common mistake (the matrix is row-major, [true][predicted])
    s.testPanel.confusion.forEach((n, i) => {
      const t = Math.floor(i / 10), p = i % 10;
      if (t !== p && n > 0 && (!cell || n > cell.n)) cell = {t, p, n};
    });
    assert(cell, 'no mistake in the confusion matrix');
    await reveal(page, `confusion:${cell.t}:${cell.p}`, 'Filter all');
    await click(page, `confusion:${cell.t}:${cell.p}`);
    // The cell's images, one after the other, until the model (as it is now) reads one wrong.
    for (let k = 0; k < Math.min(cell.n, 8); k++) {
      await reveal(page, `gallery:${k}`, 'Filter all', 1);
      await click(page, `gallery:${k}`);
      const shown = await waitStatus(page, (s, k) => s.testPanel.set === 'test' && s.testPanel.prediction >= 0, k);
      assert(shown.testPanel.label === cell.t, `gallery:${k} is a ${shown.testPanel.label}, not a ${cell.t}`);
      if (shown.testPanel.prediction !== shown.testPanel.label) break;
    }
  });
  await stop(page, 9, 'conv', () => press(page, 'conv:kernel:horizontal_edges'));
  await stop(page, 10, 'pool', () => press(page, 'lesson:Scrubber', {fraction: 0.6}));
  await stop(page, 11, 'dropout', () => press(page, 'dropout:test'));

  await check('all twelve stops met, kept after a reload', async () => {
    const before = await pathOf(page);
    assert(before.met === '111111111111', `met ${before.met}`);
    await page.reload();
    await waitForStart(page, 3, 60000);
    const after = await waitStatus(page, s => s.frames > 3, null, 30000);
    assert(after.path.met === before.met && after.path.current === 11, `after a reload: ${JSON.stringify(after.path)}`);
  });

  await check('no console errors', async () => {
    assert(errors.length === 0, errors.join('\n'));
  });
});
