// End-to-end test of "every number explained" in headless Chromium: a sample per panel, each number
// asked about as a student would — clicked or hovered with the mouse, reached with the arrow keys,
// tapped with a finger — and its explanation carries the number shown and its formula filled in with
// the current values: the Train panel's val_acc and examples/s, model.summary()'s Param #, the Draw
// panel's probability bar, a confusion-matrix cell, a lesson's matrix cell.
// Usage: node tests/e2e/explain.test.mjs
import path from 'node:path';
import {artifacts, assert, check, click, configure, drawDigit, launchChromium, openPage, pickDigits, reveal, runTest,
        status, tap, waitFrames, waitStatus} from './lib.mjs';

configure({timed: true});

const explanation = async page => (await status(page)).explanation;
// A tooltip shows once the pointer has rested on the number a moment (ImGui's hover delay).
const hovered = page => waitStatus(page, s => s.explanation !== '', null, 5000).then(s => s.explanation, () => '');
// Clicks the number, reads the popup's words, and closes it (Escape) for the next one.
async function ask(page, label) {
  await click(page, label);
  await waitFrames(page, 2);
  const text = await explanation(page);
  await page.keyboard.press('Escape');
  await waitFrames(page, 2);
  return text;
}

runTest({browser: 'none'}, async ({url}) => {
  const {page, close} = await launchChromium({viewport: {width: 1280, height: 800}});
  const errors = [];
  page.on('pageerror', e => errors.push(e.message));
  page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
  try {
    await openPage(page, url);
    await waitStatus(page, s => s.dataReady, null, 90000);

    await check('Train: model.summary()\'s Param # 615,440 = 784 inputs x 784 units + 784 biases (a click)', async () => {
      await click(page, 'view:Summary');
      const text = await ask(page, 'params:dense_1');
      assert(text.startsWith('Param # 615,440 = 784 inputs x 784 units + 784 biases'), `explanation: "${text}"`);
    });

    await check('Train: val_acc and examples/s explained with the run\'s own numbers', async () => {
      await click(page, 'Train');
      await waitStatus(page, s => s.val_acc > 0.5, null, 90000);
      await click(page, 'Pause');
      await waitStatus(page, s => s.trainPhase === 'paused', null, 20000);
      const text = await ask(page, 'metric:val_acc');
      const m = /^val_acc (\d\.\d{4}) = ([\d,]+) right \/ ([\d,]+) test images/.exec(text);
      assert(m, `val_acc explanation: "${text}"`);
      const right = Number(m[2].replace(/,/g, '')), total = Number(m[3].replace(/,/g, ''));
      assert(Math.abs(right / total - Number(m[1])) < 6e-4, `${right} / ${total} is not ${m[1]}`);
      const speed = await ask(page, 'metric:speed');
      assert(/examples\/s: .* At batch size 64 that is [\d,]+ \/ 64 = [\d.]+ weight updates a second\./.test(speed), `speed: "${speed}"`);
    });

    await check('Draw: a probability bar hovered with the mouse: its softmax share, the ten adding up to 100%', async () => {
      await click(page, 'tab:Draw');
      await reveal(page, 'Draw canvas', 'Draw canvas');
      await drawDigit(page, pickDigits([3])[0]);
      const s = await waitStatus(page, s => s.drawPanel.prediction >= 0);
      const d = s.drawPanel.prediction, p = s.drawPanel.probabilities[d];
      const r = await page.evaluate(l => window.digitlab.itemRect(l), `draw:bar:${d}`);
      await page.mouse.move(r.x + r.w / 2, r.y + r.h / 2);
      const text = await hovered(page);
      const shown = `P(${d}) = ${(100 * p).toFixed(1)}%`;
      assert(text.startsWith(shown) && text.includes('this is the largest'), `"${text}" (expected ${shown})`);
      await page.screenshot({path: path.join(artifacts, 'explain-draw-bar.png')});
      await page.mouse.move(2, 2);
    });

    await check('Test: a confusion cell: its count over its row, as a share', async () => {
      await click(page, 'tab:Test');
      const s = await waitStatus(page, s => s.testPanel.confusionReady, null, 60000);
      const c = s.testPanel.confusion;
      const row = c.slice(90, 100), n = row[4], total = row.reduce((a, b) => a + b, 0);
      await reveal(page, 'confusion:9:4', 'Filter all');
      const r = await page.evaluate(() => window.digitlab.itemRect('confusion:9:4'));
      await page.mouse.move(r.x + r.w / 2, r.y + r.h / 2);
      const text = await hovered(page);
      assert(text.startsWith(`${n.toLocaleString('en-US')} test images of a 9 were read as a 4: ${n.toLocaleString('en-US')} / ${total.toLocaleString('en-US')}`),
             `"${text}" (row ${JSON.stringify(row)})`);
      await page.mouse.move(2, 2);
    });

    await check('Lessons: the arrow keys reach a matrix cell and explain its dot product', async () => {
      await page.evaluate(() => { location.hash = '#matmul/step=5'; });
      await waitStatus(page, s => s.lesson.slug === 'matmul' && s.lesson.step === 5);
      const text = await ask(page, 'matmul:C[0][1]');
      assert(text === 'C[0][1] = row 0 of A . column 1 of B = 1×8 + 2×10 + 3×12 = 64.', `"${text}"`);
      // The keyboard: the cell clicked has the focus; Right moves it to C[1][1]... whichever is next, each explained.
      await page.keyboard.press('ArrowDown');
      await waitFrames(page, 3);
      const focused = await explanation(page);
      assert(/^C\[1\]\[1\]: not computed yet|^C\[1\]\[\d\]/.test(focused), `after ArrowDown: "${focused}"`);
    });

    await check('no console errors', async () => {
      assert(errors.length === 0, errors.join('\n'));
    });
  } finally {
    await close();
  }

  // A finger: the phone taps a probability bar and reads the popup.
  const phone = await launchChromium({viewport: {width: 390, height: 844}, deviceScaleFactor: 3, hasTouch: true, isMobile: true});
  try {
    const p = phone.page;
    await openPage(p, `${url}#matmul/step=5`);
    await waitStatus(p, s => s.dataReady && s.lesson.slug === 'matmul', null, 90000);
    await check('phone: a tap on a matrix cell opens its explanation', async () => {
      await reveal(p, 'matmul:C[0][1]', 'lesson:view');
      await tap(p, 'matmul:C[0][1]');
      await waitFrames(p, 3);
      const text = await explanation(p);
      assert(text.startsWith('C[0][1] = row 0 of A . column 1 of B'), `"${text}"`);
      await p.screenshot({path: path.join(artifacts, 'explain-phone-cell.png')});
    });
  } finally {
    await phone.close();
  }
});
