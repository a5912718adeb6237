// End-to-end test of "Predict first" in headless Chromium: the lessons ask before the steps that
// teach. Each lesson's question answered through the real UI — with the mouse (matrix multiply,
// perceptron, pooling, convolution, ReLU, gradient descent, images, inside the CNN), with the keyboard only (cross-
// entropy, dense), by the accessible layer only (dropout) — wrong first: the correction carries the
// filled-in formula; right: the step reveals the engine's value. Step and Play wait for the answer;
// the score survives a reload. Screenshots in test-artifacts/exercise-*.png.
// Usage: node tests/e2e/exercise.test.mjs
import path from 'node:path';
import {artifacts, assert, check, click, configure, openPage, runTest, status, waitForStart, waitFrames, waitStatus} from './lib.mjs';

configure({timed: true});

const exercise = async page => (await status(page)).lesson.exercise;

// A lesson taller than the tab scrolls: wheel over it until the item shows (as a person would).
async function reveal(page, label) {
  for (let i = 0; i < 20; i++) {
    const rect = await page.evaluate(l => window.digitlab.itemRect(l), label);
    if (rect && rect.visible) return;
    const area = await page.evaluate(() => window.digitlab.itemRect('lesson:view'));
    await page.mouse.move(area.x + area.w / 2, area.y + area.h / 2);
    await page.mouse.wheel(0, !rect || rect.y < area.y ? -120 : 120);
    await waitFrames(page, 2);
  }
}
async function clickItem(page, label) {
  await reveal(page, label);
  await click(page, label);
  await page.mouse.move(2, 2);
}

// Opens a lesson at a step by the page's own link, and waits for its question.
async function openAt(page, slug, step) {
  await page.evaluate(h => { location.hash = h; }, `#${slug}/step=${step}`);
  const s = await waitStatus(page, (s, a) => s.lesson.slug === a[0] && s.lesson.step === a[1] &&
                                             s.lesson.pendingStep === -1 && s.lesson.exercise.waiting, [slug, step], 30000);
  return s.lesson.exercise;
}

// A number near the answer but clearly wrong (outside its tolerance).
const wrongNumber = q => String(Number((q.answer + 5 * q.tolerance + 1).toPrecision(6)));

// The mouse: the field clicked, the number typed, Check clicked.
async function answerByMouse(page, text) {
  await clickItem(page, 'exercise:answer');
  await page.keyboard.type(text, {delay: 60});  // a person's keys, frames apart (ImGui trickles input)
  await waitFrames(page, 3);
  await clickItem(page, 'exercise:Check');
  await waitFrames(page, 2);
}

async function rightThenScore(page, slug, revealStep) {
  const s = await waitStatus(page, (s, a) => s.lesson.step === a && s.lesson.exercise.feedback.startsWith('Right: '),
                             revealStep);
  assert(s.lesson.exercise.feedback.startsWith('Right: '), `${slug}: feedback "${s.lesson.exercise.feedback}"`);
  return s;
}

runTest({options: {viewport: {width: 1280, height: 800}}}, async ({page, url, errors}) => {
  await openPage(page, `${url}#matmul/step=1`);
  await waitStatus(page, s => s.dataReady && s.lesson.slug === 'matmul', null, 90000);

  await check('matmul (mouse): Predict first on, Step waits, a wrong answer gets the formula, a right one steps', async () => {
    await clickItem(page, 'exercise:on');
    let q = (await waitStatus(page, s => s.lesson.exercise.on && s.lesson.exercise.waiting)).lesson.exercise;
    assert(q.answer === 58 && q.revealStep === 2, `question ${JSON.stringify(q)}`);
    await clickItem(page, 'lesson:Step');
    let s = await status(page);
    assert(s.lesson.step === 1, `Step went on to ${s.lesson.step} with a question open`);
    await answerByMouse(page, '60');
    q = await exercise(page);
    assert(q.wrongTries === 1 && q.waiting, `after a wrong answer: ${JSON.stringify(q)}`);
    assert(q.feedback.includes('C[0][0] = 1×7 + 2×9 + 3×11') && q.feedback.includes('Try again'), `hint: ${q.feedback}`);
    await page.screenshot({path: path.join(artifacts, 'exercise-matmul-wrong.png')});
    await answerByMouse(page, '58');
    s = await rightThenScore(page, 'matmul', 2);
    assert(s.lesson.values.sum === 58 && s.lesson.values.cell_complete, `step 2 shows ${JSON.stringify(s.lesson.values)}`);
    assert(s.lesson.exercise.feedback === 'Right: C[0][0] = 1×7 + 2×9 + 3×11 = 58.', s.lesson.exercise.feedback);
    await page.screenshot({path: path.join(artifacts, 'exercise-matmul-right.png')});
  });

  await check('matmul: Play stops at the next question', async () => {
    await clickItem(page, 'lesson:Play');
    const s = await waitStatus(page, s => !s.lesson.playing && s.lesson.exercise.waiting, null, 20000);
    assert(s.lesson.step === 4 && s.lesson.exercise.answer === 64, `stopped at ${s.lesson.step}: ${s.lesson.exercise.prompt}`);
    await answerByMouse(page, '64');
    await rightThenScore(page, 'matmul', 5);
  });

  // The other lessons with the mouse: wrong first, then right; a choice question by its button.
  const mouseLessons = [['perceptron', 0], ['pool', 0], ['conv', 269], ['relu', 269], ['descent', 0], ['images', 0]];
  for (const [slug, step] of mouseLessons) {
    await check(`${slug} (mouse): wrong, the formula with its numbers; right, the engine's value revealed`, async () => {
      const q = await openAt(page, slug, step);
      if (q.number) {
        await answerByMouse(page, wrongNumber(q));
      } else {
        const wrong = q.answer === 0 ? 1 : 0;
        await clickItem(page, `exercise:choice:${wrong}`);
      }
      const after = await exercise(page);
      assert(after.wrongTries === 1 && after.feedback.includes(q.hint), `${slug} hint: ${after.feedback} (hint ${q.hint})`);
      if (slug === 'perceptron' || slug === 'conv') await page.screenshot({path: path.join(artifacts, `exercise-${slug}-wrong.png`)});
      if (q.number) await answerByMouse(page, q.answerText);
      else await clickItem(page, `exercise:choice:${q.answer}`);
      const s = await rightThenScore(page, slug, q.revealStep);
      assert(s.lesson.exercise.feedback.includes(q.answerText) || !q.number,
             `${slug}: the value ${q.answerText} is not in "${s.lesson.exercise.feedback}"`);
    });
  }

  await check('crossentropy and dense (keyboard only): Shift+Tab to the field, type, Enter', async () => {
    for (const [slug, step] of [['crossentropy', 49], ['dense', 0]]) {
      const q = await openAt(page, slug, step);
      await page.mouse.move(2, 2);
      const seen = [];
      while ((await status(page)).focus !== 'exercise:answer' && seen.length < 60) {
        await page.keyboard.press('Shift+Tab');  // the card is above the lesson: back up to its field
        await waitFrames(page, 2);
        seen.push(`${(await status(page)).focus}@${await page.evaluate(() => document.activeElement && (document.activeElement.id || document.activeElement.tagName))}`);
      }
      assert((await status(page)).focus === 'exercise:answer', `${slug}: Tab never reached the answer field: ${seen.join(' ')}`);
      await page.keyboard.type(wrongNumber(q), {delay: 60});  // a person's keys, frames apart (ImGui trickles input)
      await waitFrames(page, 3);
      await page.keyboard.press('Enter');
      await waitStatus(page, s => s.lesson.exercise.wrongTries === 1);
      assert((await exercise(page)).feedback.includes(q.hint), `${slug}: no hint`);
      await page.keyboard.type(q.answerText, {delay: 60});
      await waitFrames(page, 3);
      await page.keyboard.press('Enter');
      await rightThenScore(page, slug, q.revealStep);
    }
    const q = (await status(page)).lesson.values;
    assert(q.lesson === 'dense', 'dense not shown');
  });

  await check('dropout (accessible layer only): the question heard, the field answered, the feedback heard', async () => {
    const q = await openAt(page, 'dropout', 0);
    const region = page.getByRole('region', {name: 'Lessons'});
    const prompt = await region.getByText(/^Predict: /).textContent();
    assert(prompt.includes(q.prompt), `accessible prompt: ${prompt}`);
    const field = region.getByRole('textbox', {name: /Your answer/});
    await field.fill('-5');
    await field.press('Enter');
    await waitStatus(page, s => s.lesson.exercise.wrongTries === 1);
    const feedback = await region.getByText(/^Feedback: /).textContent();
    assert(feedback.includes(q.hint), `accessible feedback: ${feedback}`);
    await waitStatus(page, (s, hint) => s.lastAnnouncement.includes(hint), q.hint);
    await region.getByRole('textbox', {name: /Your answer/}).fill(q.answerText);
    await region.getByRole('textbox', {name: /Your answer/}).press('Enter');
    await rightThenScore(page, 'dropout', q.revealStep);
    const score = await region.getByText(/^Score: /).textContent();
    assert(/0 of 1 right first time/.test(score), `score: ${score}`);
  });

  await check('inside (mouse): a CNN trained a moment, the rows after its next layer, wrong then right', async () => {
    await clickItem(page, 'model:CNN');
    await clickItem(page, 'Train');
    await waitStatus(page, s => s.liveModel === 'cnn', null, 90000);
    await clickItem(page, 'Pause');
    const q = await openAt(page, 'inside', 0);
    assert(q.answer === 24 && /conv2d_2/.test(q.prompt), `inside asks ${JSON.stringify(q)}`);
    await answerByMouse(page, '26');
    const after = await exercise(page);
    assert(after.wrongTries === 1 && after.feedback.includes('26 - 3 + 1'), `inside hint: ${after.feedback}`);
    await answerByMouse(page, '24');
    await rightThenScore(page, 'inside', 1);
    await page.screenshot({path: path.join(artifacts, 'exercise-inside-right.png')});
  });

  await check('Show me reveals the answer, and the scores survive a reload', async () => {
    const q = await openAt(page, 'matmul', 7);
    await clickItem(page, 'exercise:Show');
    const s = await waitStatus(page, s => s.lesson.step === 8);
    assert(s.lesson.exercise.feedback.startsWith('The answer: ') && s.lesson.exercise.feedback.includes(q.answerText),
           s.lesson.exercise.feedback);
    const before = s.lesson.exercise.scores;
    assert(before.matmul.asked === 3 && before.matmul.right === 1, `matmul score ${JSON.stringify(before.matmul)}`);
    await page.reload();
    await waitForStart(page, 3, 60000);
    const after = await waitStatus(page, s => s.frames > 3 && s.lesson.exercise.on, null, 60000);
    assert(JSON.stringify(after.lesson.exercise.scores) === JSON.stringify(before),
           `scores ${JSON.stringify(after.lesson.exercise.scores)} after a reload, ${JSON.stringify(before)} before`);
  });

  await check('no console errors', async () => {
    assert(errors.length === 0, errors.join('\n'));
  });
});
