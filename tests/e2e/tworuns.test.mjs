// End-to-end test of two runs side by side (issue 14) in headless Chromium, with the real mouse:
// the Train panel's Two runs view, run B set by clicks, Train both; identical setups train
// identically (their curves agree point for point), different optimizers are overlaid in one plot
// with the difference in accuracy called out after the first epoch.
// Usage: node tests/e2e/tworuns.test.mjs   (env: DIGITLAB_SITE=<dir>)
import path from 'node:path';
import {artifacts, assert, check, click as clickItem, configure, openPage, reveal, runTest, status,
        waitAnimationFrames as waitFrames, waitStatus} from './lib.mjs';

configure({timed: true});
const click = (page, label) => clickItem(page, label, {settle: 1, wait: waitFrames});
// A click on an item of the Two runs view, scrolled into sight with the wheel first.
const press = async (page, label) => {
  await reveal(page, label, 'view:Two runs', 60);
  await click(page, label);
};
const figures = {};

runTest({report: () => console.log('      measured:', JSON.stringify(figures))}, async ({page, url, errors}) => {
  await openPage(page, url);
  await waitStatus(page, s => s.dataReady, null, 60000);

  await check('two runs with the same setup train identically, point for point', async () => {
    await click(page, 'view:Two runs');
    await press(page, 'compare:adam');  // B: Adam at 0.001, as A (the workshop's)
    await press(page, 'Train both');
    let s = await waitStatus(page, s => s.compare.comparing && s.compare.bPhase === 'training' && s.compare.bSteps > 0,
                             null, 20000);
    assert(s.compare.difference === 'nothing', `B differs in: ${s.compare.difference}`);
    s = await waitStatus(page, s => (s.steps >= 300 && s.compare.bSteps >= 300) || s.trainPhase === 'failed', null,
                         120000);
    await click(page, 'Pause');
    s = await waitStatus(page, s => s.trainPhase === 'paused' && s.compare.bPhase === 'paused', null, 20000);
    const c = s.compare;
    figures.identicalSteps = [s.steps, c.bSteps];
    figures.identicalPoints = [c.sameCurvePoints, c.commonCurvePoints];
    assert(c.commonCurvePoints >= 3, `only ${c.commonCurvePoints} curve points in common`);
    assert(c.sameCurvePoints === c.commonCurvePoints,
           `the curves part at point ${c.sameCurvePoints} of ${c.commonCurvePoints}`);
    // Alternating batch by batch, neither run got far ahead of the other.
    assert(Math.abs(s.steps - c.bSteps) <= 2, `A at step ${s.steps}, B at ${c.bSteps}`);
    await click(page, 'Reset');
    await waitStatus(page, s => s.trainPhase === 'idle' && !s.compare.comparing, null, 20000);
    return `${c.sameCurvePoints} of ${c.commonCurvePoints} curve points equal (A step ${s.steps}, B step ${c.bSteps})`;
  });

  await check('SGD against Adam: both curves in one plot and the accuracy difference after epoch 1', async () => {
    await press(page, 'compare:sgd');
    await press(page, 'Train both');
    const started = Date.now();
    let s = await waitStatus(page, s => s.compare.comparing && s.compare.bPhase === 'training' && s.compare.bSteps > 0,
                             null, 20000);
    assert(s.compare.difference === 'sgd, lr 0.01', `B differs in: ${s.compare.difference}`);
    s = await waitStatus(page, s => (s.compare.aEpochs >= 1 && s.compare.bEpochs >= 1) || s.trainPhase === 'failed' ||
                                    s.compare.bPhase === 'failed', null, 400000);
    figures.bothFirstEpochSeconds = +((Date.now() - started) / 1000).toFixed(1);
    const c = s.compare;
    assert(c.aEpochs >= 1 && c.bEpochs >= 1, `phases ${s.trainPhase} / ${c.bPhase}`);
    figures.adamValAcc = +c.aValAcc.toFixed(4);
    figures.sgdValAcc = +c.bValAcc.toFixed(4);
    assert(c.aValAcc > 0.85, `Adam's val_acc ${c.aValAcc}`);
    assert(c.bValAcc > 0.1 && c.bValAcc !== c.aValAcc, `SGD's val_acc ${c.bValAcc}`);
    assert(c.bCurvePoints >= 1, 'no validation point for B');
    await reveal(page, 'compare:accuracy plot', 'view:Two runs', 60);
    const plot = await page.evaluate(() => window.digitlab.itemRect('compare:accuracy plot'));
    assert(plot && plot.visible && plot.h > 100, `accuracy plot ${JSON.stringify(plot)}`);
    await page.screenshot({path: path.join(artifacts, 'tworuns-sgd-vs-adam.png')});
    // The difference is called out in words, for a screen reader too.
    const said = await page.evaluate(() => document.getElementById('access')?.textContent || '');
    const points = (100 * (c.bValAcc - c.aValAcc)).toFixed(2);
    assert(/After epoch 1: B is [\d.]+ points (better|worse) than A/.test(said),
           `no difference called out in the accessible layer: ${said.slice(0, 300)}`);
    await click(page, 'Pause');
    await waitStatus(page, s => s.trainPhase === 'paused' && s.compare.bPhase === 'paused', null, 20000);
    await click(page, 'Reset');
    await waitStatus(page, s => s.trainPhase === 'idle', null, 20000);
    return `after epoch 1: Adam ${c.aValAcc.toFixed(4)}, SGD ${c.bValAcc.toFixed(4)} (${points} points), ` +
           `${figures.bothFirstEpochSeconds} s`;
  });

  await check('no console errors', async () => {
    assert(errors.length === 0, errors.join('\n'));
  });
});
