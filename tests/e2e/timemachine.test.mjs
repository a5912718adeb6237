// End-to-end test of the training time machine (issue 14) in headless Chromium, with the real
// mouse: train, pause, open the Time machine view, scrub back to the first snapshot and forward
// again (the model then: its answer for a drawn digit, its first layer, its quick-set accuracy),
// one paused step's update anatomy, and "continue from here".
// Usage: node tests/e2e/timemachine.test.mjs   (env: DIGITLAB_SITE=<dir>)
import path from 'node:path';
import {artifacts, assert, check, click as clickItem, configure, drawDigit, openPage, pickDigits, reveal, runTest,
        status,
        waitAnimationFrames as waitFrames, waitStatus} from './lib.mjs';

configure({timed: true});
const click = (page, label) => clickItem(page, label, {settle: 1, wait: waitFrames});
// A click on an item of the Time machine view, scrolled into sight with the wheel first.
const press = async (page, label) => {
  await reveal(page, label, 'view:Time machine', 60);
  await click(page, label);
};
const figures = {};

runTest({report: () => console.log('      measured:', JSON.stringify(figures))}, async ({page, url, errors}) => {
  await openPage(page, url);
  await waitStatus(page, s => s.dataReady, null, 60000);

  await check('while training, the run keeps weight snapshots inside the budget', async () => {
    await click(page, 'Train');
    await waitStatus(page, s => s.steps >= 600 || s.trainPhase === 'failed', null, 120000);
    await click(page, 'Pause');
    const s = await waitStatus(page, s => s.trainPhase === 'paused', null, 20000);
    const t = s.timeMachine;
    Object.assign(figures, {snapshots: t.snapshots, historyMB: +(t.historyBytes / 1048576).toFixed(1),
                            budgetMB: t.historyBudget / 1048576, steps: s.steps});
    assert(t.snapshots >= 5 && t.historyBytes <= t.historyBudget, JSON.stringify(t));
    return `${t.snapshots} snapshots (${figures.historyMB} of ${figures.budgetMB} MB) after ${s.steps} steps`;
  });

  await check('scrubbed to the first snapshot: an untrained model; back to the latest: a trained one', async () => {
    await click(page, 'tab:Draw');
    await drawDigit(page, pickDigits([7])[0]);
    await click(page, 'view:Time machine');
    await waitFrames(page, 2);
    let s = await status(page);
    for (let k = 0; k < 40 && s.timeMachine.selected > 0; k++) {
      await click(page, 'time:earlier');
      s = await status(page);
    }
    const first = await waitStatus(page, s => s.timeMachine.step === 0 && s.timeMachine.accuracy >= 0, null, 20000);
    figures.firstShownMs = +first.timeMachine.shownMs.toFixed(1);
    figures.firstAccuracy = first.timeMachine.accuracy;
    figures.accuracySeconds = +first.timeMachine.accuracySeconds.toFixed(2);
    assert(first.timeMachine.accuracy < 0.3, `step 0 accuracy ${first.timeMachine.accuracy}`);
    assert(first.timeMachine.prediction >= 0 && first.timeMachine.filterTiles === 16, JSON.stringify(first.timeMachine));
    await page.screenshot({path: path.join(artifacts, 'timemachine-step0.png')});
    await click(page, 'time:latest');
    const last = await waitStatus(page, s => s.timeMachine.selected === s.timeMachine.snapshots - 1 &&
                                             s.timeMachine.accuracy >= 0, null, 20000);
    figures.latestAccuracy = last.timeMachine.accuracy;
    figures.latestShownMs = +last.timeMachine.shownMs.toFixed(1);
    assert(last.timeMachine.accuracy > 0.8, `latest accuracy ${last.timeMachine.accuracy}`);
    assert(last.timeMachine.prediction === 7, `the latest model reads the 7 as ${last.timeMachine.prediction}`);
    return `step 0: ${(100 * first.timeMachine.accuracy).toFixed(1)}% (shown in ${figures.firstShownMs} ms, accuracy in ` +
           `${figures.accuracySeconds} s); step ${last.timeMachine.step}: ${(100 * last.timeMachine.accuracy).toFixed(1)}%`;
  });

  await check('Step once while paused: the watched weight\'s update, checked bit for bit', async () => {
    const before = (await status(page)).steps;
    await press(page, 'Step once');
    const s = await waitStatus(page, s => s.timeMachine.hasUpdate && s.trainPhase === 'paused', null, 20000);
    assert(s.timeMachine.updateExact, JSON.stringify(s.timeMachine));
    assert(s.timeMachine.updateIndex === s.timeMachine.watched, 'another weight');
    await page.screenshot({path: path.join(artifacts, 'timemachine-anatomy.png')});
    return `step ${s.timeMachine.updateStep} (was ${before}): w ${s.timeMachine.updateWBefore} -> ${s.timeMachine.updateWAfter}`;
  });

  await check('Continue from here starts a new run from that snapshot', async () => {
    await press(page, 'time:earlier');
    await press(page, 'time:earlier');
    const chosen = (await status(page)).timeMachine.step;
    await press(page, 'Continue from here');
    const s = await waitStatus(page, s => s.trainPhase === 'training' && s.steps > 0, null, 20000);
    assert(/step/.test(s.notice), s.notice);
    await click(page, 'Pause');
    return `from step ${chosen}: ${s.notice}`;
  });

  await check('no console errors', async () => {
    assert(errors.length === 0, errors.join('\n'));
  });
});
