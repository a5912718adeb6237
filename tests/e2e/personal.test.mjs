// End-to-end test of "beyond the workshop" (issue 13) in headless Chromium, with the real mouse:
// teach it my handwriting (ten digits drawn and labelled, kept across a reload, twenty more, a
// fine-tuning run with its before/after figures, the set browsed in the Test tab, exported and
// imported as IDX files, a broken file refused), why it thinks so (the saliency overlay changes
// with the chosen class; the occlusion map and its agreement), Fashion-MNIST trained to 80%, and
// links a teacher hands out (one with settings, one malformed).
// Usage: node tests/e2e/personal.test.mjs   (env: DIGITLAB_SITE=<dir>)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {artifacts, assert, check, click as clickItem, configure, drawDigit, openPage, pickDigits, reveal, runTest,
        status, waitForStart, waitAnimationFrames as waitFrames, waitStatus} from './lib.mjs';

configure({timed: true});

const click = (page, label) => clickItem(page, label, {settle: 1, wait: waitFrames});
const figures = {};
let scratch = null;
const cleanup = () => scratch && fs.rmSync(scratch, {recursive: true, force: true});

const press = async (page, label, anchor) => {
  await reveal(page, label, anchor);
  await click(page, label);
};

// Slanted handwriting: each traced MNIST digit leans right (x moves with height), so the student's
// digits differ from MNIST's.
const slanted = d => ({...d, strokes: d.strokes.map(s => s.map(([x, y]) => [x - 0.45 * (y - 14), y]))});

// Opens the Draw panel's "Teach it my handwriting" section if it is closed.
async function openTeach(page) {
  if (await page.evaluate(() => window.digitlab.itemRect('teach:0'))) return;
  await press(page, 'Teach header');
  await waitFrames(page, 2);
}

// Draws each digit and labels it with "This is a N".
async function teach(page, digits) {
  await openTeach(page);
  for (const d of digits) {
    await reveal(page, 'Draw canvas', 'Draw canvas');
    await drawDigit(page, slanted(d));
    const before = (await status(page)).personal.count;
    await press(page, `teach:${d.digit}`);
    await waitStatus(page, (s, n) => s.personal.count === n + 1 && s.drawPanel.empty, before, 5000);
  }
}

runTest({options: {acceptDownloads: true}, cleanup, report: () => console.log('      measured:', JSON.stringify(figures))},
        async ({page, url, errors}) => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'digitlab-personal-'));
  await openPage(page, url);
  await waitStatus(page, s => s.dataReady, null, 60000);
  const digits = [0, 1, 2].map(nth => pickDigits([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], nth));

  await check('ten digits drawn and labelled with the mouse are kept across a reload', async () => {
    await click(page, 'tab:Draw');
    await teach(page, digits[0]);
    const s = await status(page);
    assert(s.personal.counts.every(n => n === 1), `counts ${s.personal.counts}`);
    await page.reload();
    await waitForStart(page, 1, 60000);
    await waitStatus(page, s => s.dataReady && s.personal.count === 10, null, 60000);
    const after = await status(page);
    assert(after.personal.counts.every(n => n === 1), `after the reload: ${after.personal.counts}`);
    assert(!after.noticeIsError, `notice: ${after.notice}`);
  });

  await check('a model trained with Train (to val_acc 0.9), then twenty more digits', async () => {
    await click(page, 'Train');
    const reached = await waitStatus(page, s => s.val_acc >= 0.9 || s.trainPhase === 'failed', null, 120000);
    assert(reached.val_acc >= 0.9, `${reached.trainPhase}: ${reached.trainMessage}`);
    await click(page, 'Pause');
    await waitStatus(page, s => s.trainPhase === 'paused', null, 20000);
    await click(page, 'Reset');
    await waitStatus(page, s => s.trainPhase === 'idle' && s.liveModel === 'mlp', null, 20000);
    await click(page, 'tab:Draw');
    await teach(page, [...digits[1], ...digits[2]]);
    const s = await status(page);
    assert(s.personal.counts.every(n => n === 3), `counts ${s.personal.counts}`);
    return `val_acc ${reached.val_acc.toFixed(3)}`;
  });

  await check('Fine-tune on my digits: their accuracy and MNIST test accuracy, before and after', async () => {
    await press(page, 'Fine-tune');
    const s = await waitStatus(page, s => s.personal.fineTuneMeasuredAfter || s.trainPhase === 'failed', null, 120000);
    assert(s.personal.fineTuneMeasuredAfter, `${s.trainPhase}: ${s.trainMessage}`);
    const p = s.personal;
    Object.assign(figures, {fineTuneSeconds: +p.fineTuneSeconds.toFixed(1), trainingSeconds: +p.fineTuneTrainSeconds.toFixed(1),
                            measuringSeconds: +p.fineTuneMeasureSeconds.toFixed(1), threads: s.trainThreads,
                            examplesPerSecond: Math.round(s.examplesPerSecond), personalBefore: p.personalBefore,
                            personalAfter: p.personalAfter, testBefore: p.testBefore, testAfter: p.testAfter});
    await reveal(page, 'Fine-tune');
    await page.screenshot({path: path.join(artifacts, 'personal-fine-tuned.png')});
    assert(p.personalAfter >= 0.9, `your digits after: ${p.personalAfter}`);
    assert(p.testAfter >= p.testBefore - 0.03, `MNIST test ${p.testBefore} -> ${p.testAfter}`);
    assert(s.liveModelSource === 'training', `live model from ${s.liveModelSource}`);
    return `${p.fineTuneSeconds.toFixed(1)} s; yours ${(100 * p.personalBefore).toFixed(1)}% -> ` +
           `${(100 * p.personalAfter).toFixed(1)}%; MNIST test ${(100 * p.testBefore).toFixed(2)}% -> ` +
           `${(100 * p.testAfter).toFixed(2)}%`;
  });

  await check('the Test tab shows my digits with the model\'s answers; a click opens one', async () => {
    await click(page, 'tab:Test');
    const s = await waitStatus(page, s => s.testPanel.personalPredictions.length === 30 &&
                                          s.testPanel.personalPredictions.every(p => p >= 0), null, 10000);
    await press(page, 'mine:4', 'Index');
    const t = await waitStatus(page, s => s.testPanel.set === 'personal' && s.testPanel.index === 4, null, 5000);
    await page.screenshot({path: path.join(artifacts, 'personal-test-tab.png')});
    // Added as 0-9 three times: digit i is labelled i % 10.
    const right = s.testPanel.personalPredictions.filter((p, i) => p === i % 10).length;
    assert(t.testPanel.label === 4, `my digit 4 is labelled ${t.testPanel.label}`);
    return `${right} of 30 read right after fine-tuning`;
  });

  let exported = [];
  await check('Export downloads two IDX files; Forget (pressed twice) empties the set; Import brings it back',
              async () => {
    await click(page, 'tab:Draw');
    const downloads = [];
    page.on('download', d => downloads.push(d));
    await press(page, 'Export digits');
    for (let k = 0; k < 50 && downloads.length < 2; k++) await waitFrames(page, 2);
    assert(downloads.length === 2, `${downloads.length} downloads`);
    for (const d of downloads) {
      const file = path.join(scratch, d.suggestedFilename());
      await d.saveAs(file);
      exported.push(file);
    }
    const images = fs.readFileSync(exported.find(f => /images-idx3-ubyte$/.test(f)));
    const labels = fs.readFileSync(exported.find(f => /labels-idx1-ubyte$/.test(f)));
    assert(images.readUInt32BE(0) === 0x803 && images.readUInt32BE(4) === 30 && images.readUInt32BE(8) === 28,
           'images header');
    assert(labels.readUInt32BE(0) === 0x801 && labels.readUInt32BE(4) === 30, 'labels header');
    await press(page, 'Forget digits');
    assert((await status(page)).personal.count === 30, 'one press forgot them');
    await press(page, 'Forget digits');
    await waitStatus(page, s => s.personal.count === 0, null, 5000);
    const chooser = page.waitForEvent('filechooser', {timeout: 10000});
    await press(page, 'Import digits');
    await (await chooser).setFiles(exported);
    const s = await waitStatus(page, s => s.personal.count === 30, null, 10000);
    assert(s.personal.counts.every(n => n === 3), `counts ${s.personal.counts}`);
  });

  await check('a broken IDX file is refused with a message and the digits stay', async () => {
    const bad = path.join(scratch, 'broken-images-idx3-ubyte');
    const images = fs.readFileSync(exported.find(f => /images-idx3-ubyte$/.test(f)));
    fs.writeFileSync(bad, images.subarray(0, 500));  // cut short
    const chooser = page.waitForEvent('filechooser', {timeout: 10000});
    await press(page, 'Import digits');
    await (await chooser).setFiles([bad, exported.find(f => /labels-idx1-ubyte$/.test(f))]);
    const s = await waitStatus(page, s => s.noticeIsError, null, 10000);
    assert(/broken-images-idx3-ubyte/.test(s.notice) && s.personal.count === 30, `${s.notice} (${s.personal.count})`);
    return s.notice;
  });

  await check('Why? The saliency overlay appears and changes with the chosen class; occlusion agrees', async () => {
    if (!(await status(page)).drawPanel.empty) await press(page, 'Clear');
    await reveal(page, 'Draw canvas', 'Draw canvas');
    await drawDigit(page, pickDigits([3])[0]);
    await press(page, 'Why');
    const first = await waitStatus(page, s => s.drawPanel.why.shown && s.drawPanel.why.saliencyMax > 0 &&
                                              s.drawPanel.why.target === s.drawPanel.prediction, null, 5000);
    // Occlusion for its answer first: the patches that matter where the gradient is strong.
    const answer = await waitStatus(page, s => s.drawPanel.why.occlusionDone === s.drawPanel.why.occlusionPlaces, null, 30000);
    figures.occlusionAgreement = +answer.drawPanel.why.agreement.toFixed(2);
    assert(answer.drawPanel.why.agreement > 0.3, `occlusion and the gradient disagree: r = ${answer.drawPanel.why.agreement}`);
    const other = first.drawPanel.prediction === 8 ? 5 : 8;
    await press(page, `why:${other}`);
    const second = await waitStatus(page, (s, c) => s.drawPanel.why.target === c, other, 5000);
    const a = first.drawPanel.why.saliencyBlocks, b = second.drawPanel.why.saliencyBlocks;
    const differs = a.some((v, i) => Math.abs(v - b[i]) > 1e-3 * Math.max(...a.map(Math.abs)));
    assert(differs, 'the map is the same for another class');
    await waitStatus(page, s => s.drawPanel.why.occlusionDone === s.drawPanel.why.occlusionPlaces, null, 30000);
    await page.screenshot({path: path.join(artifacts, 'personal-why.png')});
    return `answer ${first.drawPanel.prediction} (occlusion agrees: r = ${figures.occlusionAgreement}), ` +
           `the map for ${other} differs`;
  });

  await check('Fashion-MNIST: chosen in the Train panel, the MLP reaches val_acc 0.80', async () => {
    await click(page, 'dataset:fashion-mnist');
    await waitStatus(page, s => s.dataset === 'fashion-mnist' && s.dataReady, null, 60000);
    const start = Date.now();
    await click(page, 'Train');
    const s = await waitStatus(page, s => s.val_acc >= 0.8 || s.trainPhase === 'failed', null, 180000);
    assert(s.val_acc >= 0.8, `${s.trainPhase}: val_acc ${s.val_acc}`);
    figures.fashionSecondsTo80 = +((Date.now() - start) / 1000).toFixed(1);
    await click(page, 'Pause');
    await waitStatus(page, s => s.trainPhase === 'paused', null, 20000);
    await click(page, 'Reset');
    await waitStatus(page, s => s.trainPhase === 'idle', null, 20000);
    return `val_acc ${s.val_acc.toFixed(3)} in ${figures.fashionSecondsTo80} s`;
  });

  await check('a teacher\'s link opens with its settings; a malformed one gives a notice', async () => {
    await openPage(page, `${url}#train?model=cnn&optimizer=sgd&lr=0.01&batch=32&epochs=2`);
    const s = await waitStatus(page, s => s.trainPanel.model === 'cnn', null, 10000);
    const t = s.trainPanel;
    assert(t.optimizer === 'sgd' && Math.abs(t.learningRate - 0.01) < 1e-6 && t.batchSize === 32 && t.epochs === 2,
           JSON.stringify(t));
    await openPage(page, `${url}#train?model=mlp&lr=fast`);
    const bad = await waitStatus(page, s => s.trainPanel.model === 'mlp' && /lr/.test(s.notice), null, 60000);
    return bad.notice;
  });

  await check('no console errors', async () => {
    assert(errors.length === 0, errors.join('\n'));
  });
});
