// End-to-end test of the Lessons tab in headless Chromium: every lesson opened by deep link, stepped
// forward and back with real mouse clicks on the ImGui buttons, the workshop's numbers checked, and a
// screenshot of each lesson in test-artifacts/lesson-<slug>.png.
// Usage: node tests/e2e/lessons.test.mjs   (env: DIGITLAB_SITE=<dir>, DIGITLAB_DPR=<devicePixelRatio>)
import path from 'node:path';
import {artifacts, assert, assertVisible, check, clickRect, dpr, runTest, status, waitFrames} from './lib.mjs';

function near(actual, expected, tolerance, what) {
  assert(typeof actual === 'number' && Math.abs(actual - expected) <= tolerance,
         `${what}: expected ${expected} (±${tolerance}), got ${JSON.stringify(actual)}`);
}

const lesson = async page => (await status(page)).lesson;

// A real mouse click on a labelled ImGui item: hover, press, release, a frame or two apart as a
// person would (ImGui acts on the release it sees in a frame).
async function click(page, label, {fraction = 0.5} = {}) {
  await clickRect(page, assertVisible(await scrollIntoView(page, label), label), {fraction});
  await page.mouse.move(2, 2);  // off the widget, so its tooltip does not cover the next screenshot
}

// A lesson taller than the tab scrolls; like a person, wheel over the lesson until the item shows.
async function scrollIntoView(page, label) {
  for (let i = 0; i < 20; i++) {
    const rect = await page.evaluate(l => window.digitlab.itemRect(l), label);
    if (!rect || rect.visible) return rect;
    const area = await page.evaluate(() => window.digitlab.itemRect('lesson:view'));
    if (!area) return rect;
    await page.mouse.move(area.x + area.w / 2, area.y + area.h / 2);
    await page.mouse.wheel(0, rect.y < area.y ? -120 : 120);
    await waitFrames(page, 2);
  }
  return page.evaluate(l => window.digitlab.itemRect(l), label);
}

// Opens a lesson through the URL hash (the same path as a user's link) and waits until it shows.
async function openByHash(page, slug, step) {
  await page.evaluate(h => { location.hash = h; }, `#${slug}/step=${step}`);
  await waitForLesson(page, slug, step);
}
async function waitForLesson(page, slug, step) {
  try {
    await page.waitForFunction(([s, n]) => {
      const l = window.digitlab.status().lesson;
      return l.slug === s && l.step === n && l.pendingStep === -1;
    }, [slug, step], {timeout: 15000});
  } catch {
    throw new Error(`lesson did not reach ${slug} step ${step}: ${JSON.stringify(await lesson(page)).slice(0, 300)}`);
  }
}

// The values that describe the step's content, without the step bookkeeping itself.
function content(values) {
  const {lesson: _l, step: _s, steps: _n, ...rest} = values;
  return JSON.stringify(rest);
}

// Per lesson: the deep-linked step to open, and what must hold there (beyond stepping).
const LESSONS = [
  {slug: 'matmul', step: 4},
  {slug: 'images', step: 5, expect: v => assert(v.label === 2, `X_train[5] should be a 2, is ${v.label}`)},
  {slug: 'perceptron', step: 10},
  {slug: 'dense', step: 1},
  {slug: 'crossentropy', step: 50, expect: v => near(v.loss, 0.6931, 1e-4, 'crossentropy([1,0],[0.5,0.5])')},
  {slug: 'descent', step: 10},
  {slug: 'conv', step: 17},
  {slug: 'relu', step: 300},
  {slug: 'pool', step: 80},
  {slug: 'dropout', step: 3},
  {slug: 'inside', step: 1, needsModel: true},
];

runTest({options: {deviceScaleFactor: dpr}}, async ({page, url, errors}) => {
  // Opening the page with a lesson link: the on-load path of deep links.
  await page.goto(`${url}#matmul/step=2`);

  await check('page starts with its data', async () => {
    await page.waitForFunction(() =>
      (window.digitlab && window.digitlab.status().frames >= 3 && window.digitlab.status().dataReady) ||
      (window.digitlabShell && window.digitlabShell.status().phase === 'error'), null, {timeout: 90000});
    const s = await status(page);
    assert(s.dataReady && !s.dataError, `data not ready: ${s.dataError}`);
  });

  await check('a link on page load opens the Lessons tab at that lesson and step', async () => {
    await waitForLesson(page, 'matmul', 2);
    const s = await status(page);
    assert(s.tab === 'lessons', `tab is ${s.tab}`);
    // Step 2 of the 2x3 example completes C[0][0] = 1x7 + 2x9 + 3x11.
    assert(s.lesson.values.sum === 58 && s.lesson.values.cell_complete, `step 2: ${content(s.lesson.values)}`);
  });

  await check('matmul: the 2x3 example reaches 58, 64, 139, 154 at the end of each cell', async () => {
    const expected = [[2, 0, 0, 58], [5, 0, 1, 64], [8, 1, 0, 139], [11, 1, 1, 154]];
    for (const [step, row, col, value] of expected) {
      await page.evaluate(n => window.digitlab.openLesson('matmul', n), step);
      await waitForLesson(page, 'matmul', step);
      const v = (await lesson(page)).values;
      assert(v.row === row && v.col === col && v.sum === value && v.cell_complete,
             `step ${step}: expected C[${row}][${col}] = ${value}, got ${content(v)}`);
    }
    const v = (await lesson(page)).values;
    assert(JSON.stringify(v.result) === '[[58,64],[139,154]]', `final C ${JSON.stringify(v.result)}`);
  });

  await check('dense: softmax of [3, 1.5, 6] is [0.04692926, 0.01047133, 0.94259941]', async () => {
    await openByHash(page, 'dense', 6);
    const v = (await lesson(page)).values;
    assert(v.phase === 'softmax', `step 6 is ${v.phase}`);
    const want = [0.04692926, 0.01047133, 0.94259941];
    want.forEach((w, i) => near(v.softmax[i], w, 5e-7, `softmax[${i}]`));
    assert(JSON.stringify(v.z_so_far) === '[3,1.5,6]', `z ${JSON.stringify(v.z_so_far)}`);
  });

  await check('matmul: a clicked cell takes a typed value and C is recomputed at once', async () => {
    await openByHash(page, 'matmul', 2);
    await click(page, 'matmul:A00');
    await page.waitForFunction(() => window.digitlab.itemRect('matmul:EditValue'), null, {timeout: 5000});
    await page.keyboard.type('10');
    await waitFrames(page, 3);  // a person's Enter comes frames after the digits (ImGui trickles input)
    await page.keyboard.press('Enter');
    await waitFrames(page, 3);
    let v = (await lesson(page)).values;
    assert(v.sum === 10 * 7 + 2 * 9 + 3 * 11, `after A[0][0] = 10, C[0][0] is ${v.sum}`);
    await click(page, 'matmul:Reset');
    v = (await lesson(page)).values;
    assert(v.sum === 58, `after Reset, C[0][0] is ${v.sum}`);
  });

  await check('images: X_train[1] is a 0 and X_train[5] is a 2', async () => {
    await openByHash(page, 'images', 1);
    assert((await lesson(page)).values.label === 0, 'X_train[1] is not a 0');
    await click(page, 'images:5');
    const v = (await lesson(page)).values;
    assert(v.index === 5 && v.label === 2, `X_train[5]: ${content(v)}`);
  });

  await check('clicking a lesson in the list opens it and rewrites the hash (no new history entry)', async () => {
    const before = await page.evaluate(() => history.length);
    await click(page, 'lesson:perceptron');
    await page.waitForFunction(() => window.digitlab.status().lesson.slug === 'perceptron', null, {timeout: 5000});
    await page.waitForFunction(() => /^#perceptron\/step=\d+$/.test(location.hash), null, {timeout: 5000});
    const after = await page.evaluate(() => history.length);
    assert(after === before, `history grew from ${before} to ${after}`);
  });

  await check('Play advances the steps by itself, Pause stops them', async () => {
    await openByHash(page, 'matmul', 0);
    await click(page, 'lesson:Play');
    await page.waitForFunction(() => window.digitlab.status().lesson.step >= 2, null, {timeout: 10000});
    await click(page, 'lesson:Play');  // now labelled Pause
    const l = await lesson(page);
    assert(!l.playing, 'still playing after Pause');
    await waitFrames(page, 10);
    assert((await lesson(page)).step === l.step, 'the step moved after Pause');
  });

  await check('the scrubber jumps to a step', async () => {
    await openByHash(page, 'matmul', 0);
    await click(page, 'lesson:Scrubber', {fraction: 0.97});
    const l = await lesson(page);
    assert(l.step >= l.steps - 2, `scrubbed to ${l.step} of ${l.steps}`);
  });

  let modelStarted = false;
  for (const spec of LESSONS) {
    await check(`${spec.slug}: deep link, Step and Back with the mouse, screenshot`, async () => {
      if (spec.needsModel && !modelStarted) {
        // This lesson shows a trained network: train a CNN briefly, then pause to free the CPU.
        modelStarted = true;
        await click(page, 'model:CNN');
        await click(page, 'Train');
        await page.waitForFunction(() => window.digitlab.status().liveModel !== 'none', null, {timeout: 60000});
        await click(page, 'Pause');
        // The trainer may publish weights once more as it stops; let the live model settle so the
        // lesson's numbers stay put between Step and Back.
        await page.waitForFunction(() => window.digitlab.status().trainPhase === 'paused', null, {timeout: 20000});
        await waitFrames(page, 20);
      }
      await openByHash(page, spec.slug, spec.step);
      const s = await status(page);
      assert(s.tab === 'lessons', `tab is ${s.tab}`);
      const at = s.lesson;
      assert(at.steps > spec.step + 1, `only ${at.steps} steps`);
      if (spec.expect) spec.expect(at.values);

      await click(page, 'lesson:Step');
      const next = await lesson(page);
      assert(next.step === spec.step + 1, `Step went to ${next.step}, expected ${spec.step + 1}`);
      assert(content(next.values) !== content(at.values), 'Step did not change the values');
      await page.waitForFunction(h => location.hash === h, `#${spec.slug}/step=${spec.step + 1}`, {timeout: 5000});

      await click(page, 'lesson:Back');
      const back = await lesson(page);
      assert(back.step === spec.step, `Back went to ${back.step}, expected ${spec.step}`);
      assert(content(back.values) === content(at.values), 'Back did not restore the values');

      await waitFrames(page, 2);
      await page.screenshot({path: path.join(artifacts, `lesson-${spec.slug}.png`)});
    });
  }

  await check('an unknown lesson link leaves the lesson alone and says so', async () => {
    const before = await lesson(page);
    await page.evaluate(() => { location.hash = '#nosuchlesson/step=3'; });
    await waitFrames(page, 3);
    const s = await status(page);
    assert(s.lesson.slug === before.slug && s.lesson.step === before.step, 'the lesson changed');
    assert(/no lesson/.test(s.notice), `notice: ${s.notice}`);
  });

  await check('no console errors', async () => {
    assert(errors.length === 0, `${errors.length} errors, first: ${errors[0]}`);
  });
});
