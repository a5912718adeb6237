// End-to-end test of keyboard and screen-reader access in headless Chromium: axe-core over every
// view (no serious or critical violation); a keyboard-only run with no mouse event at all (Tab to
// Train, Enter, the live region reports val_acc; a test digit into the Draw panel and its
// prediction heard; a lesson stepped by keys, its sentence carrying the step's numbers); the
// accessible controls found by role and name, with their states, and working; the layer idle
// when nothing changes; the shortcuts' overlay; reduced motion.
// Usage: node tests/e2e/access.test.mjs
import path from 'node:path';
import {artifacts, assert, check, configure, countMouseEvents, openPage, runTest, sleep, status, waitFrames, waitStatus} from './lib.mjs';

configure({timed: true});

const announcement = page => page.evaluate(() => document.getElementById('announce').textContent);
// Waits until the live region (or the app's last announcement, when the region was re-emptied to
// repeat it) says something matching `pattern`.
async function hear(page, pattern, timeout = 60000) {
  await page.waitForFunction(source => {
    const re = new RegExp(source);
    return re.test(document.getElementById('announce').textContent) || re.test(window.digitlab.status().lastAnnouncement);
  }, pattern.source, {timeout, polling: 100});
  return (await status(page)).lastAnnouncement;
}

// Presses Tab until the ImGui item recorded under `label` has the keyboard focus.
async function tabTo(page, label, limit = 40) {
  for (let i = 0; i < limit; i++) {
    if ((await status(page)).focus === label) return i;
    await page.keyboard.press('Tab');
    await waitFrames(page, 2);
  }
  throw new Error(`Tab never reached "${label}" (focus: "${(await status(page)).focus}")`);
}

runTest({options: {reducedMotion: 'reduce'}}, async ({page, url, errors}) => {
  // Keyboard only: any mouse event the page sees fails the keyboard checks.
  await countMouseEvents(page);
  await openPage(page, url);
  await check('MNIST arrives, and the canvas has the keyboard focus', async () => {
    await waitStatus(page, s => s.dataReady, null, 90000);
    const active = await page.evaluate(() => document.activeElement && document.activeElement.id);
    assert(active === 'canvas', `focused: ${active}`);
  });

  await check('the accessible layer costs nothing while nothing changes', async () => {
    await sleep(1000);
    const before = await status(page);
    await sleep(2000);
    const after = await status(page);
    const frames = after.frames - before.frames;
    assert(after.accessUpdates === before.accessUpdates, `${after.accessUpdates - before.accessUpdates} DOM updates while idle`);
    assert(after.framesDrawn - before.framesDrawn <= 2, `${after.framesDrawn - before.framesDrawn} repaints while idle`);
    return `${frames} frames, ${after.framesSkipped - before.framesSkipped} skipped, 0 DOM updates`;
  });

  await check('reduced motion: the loading bar does not animate', async () => {
    const animation = await page.evaluate(() => getComputedStyle(document.querySelector('.bar.indeterminate > div') ||
                                                                   document.createElement('div')).animationName);
    assert(animation === 'none' || animation === '', `animation ${animation}`);
  });

  await check('keyboard: Tab reaches Train, Enter starts the run', async () => {
    const tabs = await tabTo(page, 'Train');
    await page.keyboard.press('Enter');
    const s = await waitStatus(page, s => s.trainPhase === 'training' || s.trainPhase === 'validating', null, 10000);
    return `${tabs} Tabs; ${s.trainPhase}`;
  });

  await check('the live region reports val_acc while it trains', async () => {
    const said = await hear(page, /val_acc \d/, 90000);
    return said;
  });

  await check('keyboard: a test digit goes into the Draw panel and its prediction is heard', async () => {
    await page.keyboard.press('2');  // the Draw view (its workbench tab, which takes the keys)
    await waitStatus(page, s => s.tab === 'draw', null, 5000);
    await waitFrames(page, 3);
    await tabTo(page, 'Test image index');
    // Tabbing into a number field starts editing it (else Enter does).
    if (!(await status(page)).typing) await page.keyboard.press('Enter');
    await waitStatus(page, s => s.typing, null, 5000);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('11');
    await waitFrames(page, 3);
    await page.keyboard.press('Enter');
    await waitFrames(page, 3);
    await tabTo(page, 'Use test image');
    await page.keyboard.press('Space');
    const s = await waitStatus(page, s => s.drawPanel.testImage === 11 && s.drawPanel.prediction >= 0, null, 20000);
    // The class may change while the run trains: the words say the reading of the moment they were said.
    const said = await hear(page, /Looks like a \d/, 20000);
    await page.screenshot({path: path.join(artifacts, 'access-test-digit.png')});
    return `X_test[11] read as ${s.drawPanel.prediction}: "${said}"`;
  });

  await check('keyboard: a lesson opened and stepped by keys; the sentence carries its numbers', async () => {
    await page.keyboard.press('4');  // Lessons
    await waitStatus(page, s => s.tab === 'lessons', null, 20000);
    await tabTo(page, 'lesson:matmul');
    await page.keyboard.press('Enter');
    await waitStatus(page, s => s.lesson.slug === 'matmul', null, 20000);
    const heard = [];
    for (const [step, sum] of [[2, 58], [5, 64], [8, 139], [11, 154]]) {
      while ((await status(page)).lesson.step < step) {
        await page.keyboard.press(']');
        await waitFrames(page, 2);
      }
      const said = await hear(page, new RegExp(`= ${sum}:`), 20000);
      heard.push(said.split(':')[0]);
    }
    return heard.join('; ');
  });

  await check('no mouse event reached the page in the keyboard run', async () => {
    const n = await page.evaluate(() => window.__mouseEvents);
    assert(n === 0, `${n} mouse events`);
  });

  await check('the shortcuts overlay opens with ? and closes with Escape', async () => {
    await page.keyboard.press('Shift+Slash');
    await waitFrames(page, 3);
    assert(await page.evaluate(() => !!window.digitlab.itemRect('Close help')), 'no overlay');
    await page.screenshot({path: path.join(artifacts, 'access-shortcuts.png')});
    await page.keyboard.press('Escape');
    await waitFrames(page, 3);
    assert(!(await page.evaluate(() => window.digitlab.itemRect('Close help'))), 'the overlay stayed');
  });

  await check('the accessible controls exist by role and name, with their states', async () => {
    const region = name => page.getByRole('region', {name});
    const train = region('Train');
    for (const name of ['Train', 'Pause', 'Resume', 'Reset', 'Save model', 'Load model...'])
      assert(await train.getByRole('button', {name, exact: true}).count() === 1, `no button ${name}`);
    assert(await train.getByRole('button', {name: 'Train', exact: true}).isDisabled(), 'Train enabled during a run');
    assert(!(await train.getByRole('button', {name: 'Pause', exact: true}).isDisabled()), 'Pause disabled during a run');
    assert(await train.getByRole('radio', {name: 'MLP'}).isChecked(), 'MLP not checked');
    assert(await train.getByRole('radio', {name: 'CNN'}).isDisabled(), 'the model is not fixed during a run');
    assert(await train.getByRole('slider', {name: 'Learning rate', exact: true}).getAttribute('aria-valuetext') === '0.001',
           'learning rate value');
    const tabs = page.getByRole('tablist', {name: 'Views'});
    assert(await tabs.getByRole('tab', {name: 'Lessons'}).getAttribute('aria-selected') === 'true', 'Lessons tab not selected');
    const lessons = region('Lessons');
    for (const name of ['Back', 'Step', 'Play'])
      assert(await lessons.getByRole('button', {name, exact: true}).count() === 1, `no lesson button ${name}`);
    assert(await lessons.getByRole('slider', {name: 'Lesson step'}).count() === 1, 'no lesson scrubber');
    const text = await lessons.innerText();
    assert(/C\[1\]\[1\] = 4×8 \+ 5×10 \+ 6×12 = 154/.test(text), `the step's sentence: ${text.slice(-200)}`);
    assert(await region('Draw').getByRole('button', {name: 'Clear', exact: true}).count() === 1, 'no Clear');
  });

  // A screen reader's user activates a control by its own keys: the element has the focus and
  // takes them (the app's canvas does not see them), then runs the app's command.
  await check('activating accessible controls runs the app commands: Pause, Resume, a tab, a lesson step', async () => {
    const train = page.getByRole('region', {name: 'Train'});
    await train.getByRole('button', {name: 'Pause', exact: true}).press('Enter');
    await waitStatus(page, s => s.trainPhase === 'paused', null, 10000);
    await train.getByRole('button', {name: 'Resume', exact: true}).press('Enter');
    await waitStatus(page, s => s.trainPhase === 'training' || s.trainPhase === 'validating', null, 10000);
    await page.getByRole('tablist', {name: 'Views'}).getByRole('tab', {name: 'Test'}).press('Enter');
    await waitStatus(page, s => s.tab === 'test', null, 5000);
    const lessons = page.getByRole('region', {name: 'Lessons'});
    await lessons.getByRole('button', {name: 'Back', exact: true}).press('Enter');
    const s = await waitStatus(page, s => s.lesson.step === 10, null, 5000);
    await page.getByRole('region', {name: 'Lessons'}).getByLabel('Lesson', {exact: true}).selectOption('conv');
    const conv = await waitStatus(page, s => s.lesson.slug === 'conv', null, 5000);
    await page.focus('#canvas');  // back to the app for the keys that follow
    return `paused and resumed; tab ${s.tab}; matmul step ${s.lesson.step}; then ${conv.lesson.slug}`;
  });

  for (const view of ['Draw', 'Test', 'Lessons']) {
    await check(`axe-core: no serious or critical violation on ${view}`, async () => {
      await page.keyboard.press(String(['Train', 'Draw', 'Test', 'Lessons'].indexOf(view) + 1));
      await waitStatus(page, (s, v) => s.tab === v, view.toLowerCase(), 5000);
      await waitFrames(page, 3);
      const {default: AxeBuilder} = await import('@axe-core/playwright');
      const result = await new AxeBuilder({page}).analyze();
      const bad = result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical');
      assert(bad.length === 0, bad.map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 2).map(n => n.target.join(' ')).join(', ')}`).join('; '));
      return `${result.passes.length} rules pass, ${result.violations.length} minor/moderate`;
    });
  }

  await check('no console errors', async () => {
    assert(errors.length === 0, errors.slice(0, 3).join(' | '));
  });
});
