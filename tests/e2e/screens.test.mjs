// End-to-end test of every student's screen in headless Chromium: a phone (390 x 844, DPR 3) and a
// tablet (820 x 1180, DPR 2) with touch, and a projector (1024 x 768) with a mouse (and a desktop,
// 1280 x 800, for the fit alone). On each, through
// the real UI: every view reached by a tap (or click), no labelled item outside the viewport's
// width in any view or lesson and none moving while nothing happens, finger-sized targets, the
// smallest text, Train to 90%, two digits drawn with a finger and read right, the page never scrolling, a lesson stepped and scrolled by a
// finger, a pinch that leaves the canvas alone, and a rotation that keeps the run and the drawing.
// Screenshots of every view in test-artifacts/screens-<device>-<view>.png.
// Usage: node tests/e2e/screens.test.mjs [phone|tablet|projector|desktop ...]
import path from 'node:path';
import {artifacts, assert, check, clickRect, configure, drawDigit, fingerPointer, itemRect, itemsOutsideWidth, itemsThatMove,
        launchChromium, mousePointer, openPage, pickDigits, runTest, status, tap, waitFrames, waitStatus} from './lib.mjs';

configure({timed: true});

const DEVICES = {
  phone: {options: {viewport: {width: 390, height: 844}, deviceScaleFactor: 3, hasTouch: true, isMobile: true},
          layout: 'narrow', touch: true, minText: 14},
  tablet: {options: {viewport: {width: 820, height: 1180}, deviceScaleFactor: 2, hasTouch: true, isMobile: true},
           layout: 'medium', touch: true, minText: 14},
  projector: {options: {viewport: {width: 1024, height: 768}, deviceScaleFactor: 1}, layout: 'medium', touch: false,
              minText: 14},
  // The desktop's flows are the other tests'; here only that everything fits.
  desktop: {options: {viewport: {width: 1280, height: 800}, deviceScaleFactor: 1}, layout: 'wide', touch: false,
            minText: 13, fitOnly: true},
};
const VIEWS = ['Train', 'Draw', 'Test', 'Lessons'];
const LESSONS = ['matmul', 'images', 'perceptron', 'dense', 'crossentropy', 'descent', 'conv', 'relu', 'pool',
                 'dropout', 'inside'];
// Controls a finger must be able to hit: about 40 CSS px tall.
const TARGETS = ['tab:Train', 'tab:Draw', 'tab:Test', 'tab:Lessons', 'Train', 'Pause', 'Resume', 'Reset',
                 'Save model', 'Load model', 'Clear', 'Undo', 'lesson:Back', 'lesson:Step', 'lesson:Play'];

const wanted = (process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(DEVICES));
const digits = pickDigits([7, 3]);
const shot = (page, device, name) => page.screenshot({path: path.join(artifacts, `screens-${device}-${name}.png`)});
const noScroll = page => page.evaluate(() => ({y: window.scrollY, x: window.scrollX, top: document.scrollingElement.scrollTop,
                                               scale: window.visualViewport ? window.visualViewport.scale : 1}));

runTest({browser: 'none'}, async ({url}) => {
  const figures = [];
  for (const name of wanted) {
    const device = DEVICES[name];
    assert(device, `no device ${name}`);
    const {context, page, close} = await launchChromium(device.options);
    const errors = [];
    page.on('pageerror', e => errors.push(e.message));
    page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
    try {
      await runDevice(name, device, context, page, url, errors, figures);
    } finally {
      await close();
    }
  }
  for (const f of figures) console.log(`      ${f}`);
});

async function runDevice(name, device, context, page, url, errors, figures) {
  const finger = device.touch ? await fingerPointer(context, page) : null;
  const pointer = finger || mousePointer(page);
  // A tap with a finger, or a person's click with the mouse.
  const press = async label => (device.touch ? tap(page, label) : clickRect(page, await itemRect(page, label)));

  await openPage(page, url);
  await check(`${name}: the data arrives and the page picks its layout, text size and pointer`, async () => {
    const s = await waitStatus(page, s => s.dataReady, null, 90000);
    assert(s.layout === device.layout, `layout ${s.layout}, expected ${device.layout}`);
    assert(s.touch === device.touch, `touch look ${s.touch}`);
    assert(s.fontPixels >= device.minText, `smallest text ${s.fontPixels} px`);
    figures.push(`${name}: layout ${s.layout}, text ${s.fontPixels} px, touch ${s.touch}, ` +
                 `WebAssembly memory ${(s.wasmMemoryBytes / 1048576).toFixed(0)} MB`);
    return `${s.layout}, ${s.fontPixels} px text`;
  });

  // The wide layout shows the Train panel beside the others, without a tab.
  const wide = device.layout === 'wide';
  for (const view of wide ? VIEWS.filter(v => v !== 'Train') : VIEWS) {
    await check(`${name}: ${view} is reached by a ${device.touch ? 'tap' : 'click'}, fits the width and holds still`, async () => {
      await press(`tab:${view}`);
      const s = await waitStatus(page, (s, v) => s.tab === v, view.toLowerCase(), 5000);
      await waitFrames(page, 3);
      const outside = await itemsOutsideWidth(page);
      await shot(page, name, view.toLowerCase());
      assert(outside.length === 0, `outside the viewport: ${outside.join(', ')}`);
      const moving = await itemsThatMove(page);
      assert(moving.length === 0, `move while nothing happens: ${moving.slice(0, 5).join(', ')}`);
      return `${Object.keys(await page.evaluate(() => window.digitlab.items())).length} items, tab ${s.tab}`;
    });
  }

  await check(`${name}: every view of the Train panel fits the width and holds still`, async () => {
    if (!wide) {
      await press('tab:Train');
      await waitStatus(page, s => s.tab === 'train', null, 5000);
    }
    const bad = [];
    for (const view of ['Epochs', 'Summary', 'Time machine', 'Two runs', 'Curves']) {
      await press(`view:${view}`);
      await waitFrames(page, 3);
      const outside = await itemsOutsideWidth(page);
      if (outside.length) bad.push(`${view}: ${outside.join(', ')}`);
      const moving = await itemsThatMove(page);
      if (moving.length) bad.push(`${view}: ${moving.slice(0, 5).join(', ')} move while nothing happens`);
      await shot(page, name, `train-${view.toLowerCase().replace(' ', '-')}`);
    }
    assert(bad.length === 0, bad.join('; '));
  });

  await check(`${name}: every lesson fits the width and holds still, at its third step and its last`, async () => {
    const bad = [];
    for (const slug of LESSONS) {
      await page.evaluate(s => window.digitlab.openLesson(s, 2), slug);
      await waitStatus(page, (s, slug) => s.lesson.slug === slug, slug, 10000);
      await waitFrames(page, 3);
      const outside = await itemsOutsideWidth(page);
      if (outside.length) bad.push(`${slug}: ${outside.join(', ')}`);
      if (name === 'phone') await shot(page, name, `lesson-${slug}`);
      const steps = (await status(page)).lesson.steps;
      // The last step, then back to the third (where the later checks expect each lesson).
      for (const step of steps > 3 ? [2, steps - 1, 2] : [null]) {
        if (step !== null && step !== (await status(page)).lesson.step) {
          await page.evaluate(([s, n]) => window.digitlab.openLesson(s, n), [slug, step]);
          await waitStatus(page, (s, n) => s.lesson.step === n, step, 10000).catch(async () => {
            const l = (await status(page)).lesson;
            assert(false, `${slug}: opened at step ${step} of ${steps}, shows ${l.slug} step ${l.step} of ${l.steps}`);
          });
          await waitFrames(page, 3);
        }
        const moving = await itemsThatMove(page);
        if (moving.length) bad.push(`${slug} step ${(await status(page)).lesson.step}: ${moving.slice(0, 5).join(', ')} move while nothing happens`);
      }
    }
    assert(bad.length === 0, bad.join('; '));
  });

  if (device.fitOnly) {
    await check(`${name}: no console errors`, async () => {
      assert(errors.length === 0, errors.slice(0, 3).join(' | '));
    });
    return;
  }

  if (device.touch) {
    await check(`${name}: the main controls are finger-sized (>= 40 CSS px tall)`, async () => {
      const small = [];
      for (const view of ['Train', 'Draw', 'Lessons']) {
        await tap(page, `tab:${view}`);
        await waitFrames(page, 3);
        const items = await page.evaluate(() => window.digitlab.items());
        for (const label of TARGETS)
          if (items[label] && items[label].visible && items[label].h < 39.5) small.push(`${label} ${items[label].h.toFixed(0)} px`);
      }
      assert(small.length === 0, `too small: ${small.join(', ')}`);
    });
  }

  let trainedAfter = null;
  await check(`${name}: a ${device.touch ? 'tap' : 'click'} on Train trains the MLP to 90% validation accuracy`, async () => {
    await press('tab:Train');
    await waitStatus(page, s => s.tab === 'train', null, 5000);
    const started = Date.now();
    await press('Train');
    const s = await waitStatus(page, s => s.val_acc >= 0.9, null, 120000);
    trainedAfter = (Date.now() - started) / 1000;
    figures.push(`${name}: Train -> val_acc ${s.val_acc.toFixed(3)} in ${trainedAfter.toFixed(1)} s ` +
                 `(${Math.round(s.examplesPerSecond)} examples/s, ${s.trainThreads} thread${s.trainThreads > 1 ? 's' : ''})`);
    await shot(page, name, 'training');
    return `${trainedAfter.toFixed(1)} s`;
  });

  await check(`${name}: two digits drawn with a ${device.touch ? 'finger' : 'mouse'} are read right, the page never scrolls`, async () => {
    await press('tab:Draw');
    await waitStatus(page, s => s.tab === 'draw', null, 5000);
    const read = [];
    for (const d of digits) {
      await press('Clear');
      await drawDigit(page, d, pointer);
      const s = await waitStatus(page, s => s.drawPanel.prediction >= 0, null, 5000);
      const scroll = await noScroll(page);
      assert(scroll.y === 0 && scroll.x === 0 && scroll.top === 0 && scroll.scale === 1,
             `the page moved while drawing: ${JSON.stringify(scroll)}`);
      read.push(`${d.digit} -> ${s.drawPanel.prediction} (${(100 * s.drawPanel.confidence).toFixed(0)}%)`);
      assert(s.drawPanel.prediction === d.digit, `drew a ${d.digit} (test image ${d.index}), read ${s.drawPanel.prediction}`);
    }
    await shot(page, name, 'drawn');
    return read.join(', ');
  });

  if (finger) {
    await check(`${name}: a pinch on the canvas neither zooms the page nor breaks the canvas`, async () => {
      const before = await status(page);
      const canvas = await itemRect(page, 'Draw canvas');
      await finger.pinch({x: canvas.x + canvas.w / 2, y: canvas.y + canvas.h / 2}, 30, 120);
      await waitFrames(page, 3);
      const after = await status(page);
      const scroll = await noScroll(page);
      assert(scroll.scale === 1 && scroll.y === 0, `the page zoomed or scrolled: ${JSON.stringify(scroll)}`);
      assert(after.display.w === before.display.w && after.display.h === before.display.h,
             `display ${JSON.stringify(before.display)} -> ${JSON.stringify(after.display)}`);
      const moved = await itemRect(page, 'Draw canvas');
      assert(Math.abs(moved.x - canvas.x) < 1 && Math.abs(moved.w - canvas.w) < 1, 'the canvas moved');
    });
  }

  await check(`${name}: a lesson is stepped by ${device.touch ? 'taps' : 'clicks'}` +
              (finger ? ' and its view scrolled by a finger drag' : ''), async () => {
    await press('tab:Lessons');
    await waitStatus(page, s => s.tab === 'lessons', null, 5000);
    const items = await page.evaluate(() => window.digitlab.items());
    if (items['lesson:picker']) {  // a narrow screen: the list is a picker
      await press('lesson:picker');
      await waitFrames(page, 3);
    }
    await press('lesson:matmul');
    await waitStatus(page, s => s.lesson.slug === 'matmul', null, 5000);
    const step0 = (await status(page)).lesson.step;
    await press('lesson:Step');
    await press('lesson:Step');
    const s = await waitStatus(page, (s, n) => s.lesson.step === n + 2, step0, 5000);
    let note = `step ${step0} -> ${s.lesson.step} (C[${s.lesson.values.row}][${s.lesson.values.col}] sum ${s.lesson.values.sum})`;
    if (finger) {
      // A lesson taller than the screen (the longest one here), dragged up from the middle of its
      // picture: the content moves with the finger.
      // A tall screen shows it all: larger text (the text-size menu, by taps) makes it scroll.
      const textBefore = (await status(page)).textSize;
      let larger = 0;
      await page.evaluate(() => window.digitlab.openLesson('perceptron', 1));
      await waitStatus(page, s => s.lesson.slug === 'perceptron', null, 5000);
      // The menu opens under "Aa" and closes at a tap beside the bar of views.
      const closeMenu = async () => {
        const bar = await itemRect(page, 'tab:Lessons');
        await page.touchscreen.tap(await page.evaluate(() => innerWidth - 12), bar.y + bar.h / 2);
        await waitFrames(page, 3);
      };
      for (; larger < 6; larger++) {
        await waitFrames(page, 3);
        if ((await status(page)).lesson.scrollMaxY > 60) break;
        if (!larger) await press('Text size');
        await press('Text larger');
      }
      if (larger) await closeMenu();
      if (larger) note += `; text ${textBefore} -> ${(await status(page)).textSize} px to make it scroll`;
      const step = await itemRect(page, 'lesson:Step');
      const x = step.x + 4, y0 = Math.min(step.y + 240, (await page.evaluate(() => innerHeight)) - 40);
      await finger.move(x, y0);
      await finger.down();
      for (let k = 1; k <= 12; k++) {
        await finger.move(x, y0 - k * 18);
        await waitFrames(page, 1);
      }
      await finger.up();
      await waitFrames(page, 3);
      const after = await page.evaluate(() => window.digitlab.itemRect('lesson:Step'));
      assert(after && after.y < step.y - 10, `the lesson did not scroll: Step at y ${step.y} -> ${after && after.y}`);
      const l = (await status(page)).lesson;
      assert(l.step === 1, `the drag changed the step to ${l.step}`);
      note += `; ${l.slug} dragged: Step y ${step.y.toFixed(0)} -> ${after.y.toFixed(0)}, scroll ${l.scrollY.toFixed(0)} of ${l.scrollMaxY.toFixed(0)}`;
      if (larger) {
        await press('Text size');
        for (let k = 0; k < larger; k++) await press('Text smaller');
        await closeMenu();
      }
      const back = (await status(page)).textSize;
      assert(back === textBefore, `text size ${textBefore} -> ${back} after as many steps back`);
    }
    await shot(page, name, 'lesson-stepped');
    return note;
  });

  await check(`${name}: turning the screen keeps the training run and the drawing`, async () => {
    await press('tab:Draw');
    await drawDigit(page, digits[0], pointer);
    const before = await status(page);
    const {width, height} = device.options.viewport;
    await page.setViewportSize({width: height, height: width});
    await waitStatus(page, (s, w) => Math.abs(s.display.w - w) < 1, height, 10000);
    await waitFrames(page, 5);
    const turned = await status(page);
    const outside = await itemsOutsideWidth(page);
    await shot(page, name, 'turned');
    await page.setViewportSize({width, height});
    const back = await waitStatus(page, (s, w) => Math.abs(s.display.w - w) < 1, width, 10000);
    assert(outside.length === 0, `turned: outside the viewport: ${outside.join(', ')}`);
    assert(turned.drawPanel.strokes === before.drawPanel.strokes && back.drawPanel.strokes === before.drawPanel.strokes,
           `strokes ${before.drawPanel.strokes} -> ${turned.drawPanel.strokes} -> ${back.drawPanel.strokes}`);
    assert(back.steps >= before.steps && back.trainPhase !== 'idle' && back.epoch >= before.epoch,
           `the run was lost: ${before.trainPhase} step ${before.steps} -> ${back.trainPhase} step ${back.steps}`);
    assert(back.tab === before.tab, `the view changed: ${before.tab} -> ${back.tab}`);
    return `${turned.layout} when turned, ${back.layout} back; step ${before.steps} -> ${back.steps}`;
  });

  await check(`${name}: no console errors`, async () => {
    assert(errors.length === 0, errors.slice(0, 3).join(' | '));
  });
  if (finger) await finger.detach();
}
