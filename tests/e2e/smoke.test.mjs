// End-to-end smoke test of the built page (build/web/site) in headless Chromium: serves it with
// web/serve.py, checks isolation, WebGL2, threads and the dataset, and clicks a real ImGui button.
// Usage: node tests/e2e/smoke.test.mjs   (env: DIGITLAB_SITE=<dir>, DIGITLAB_DPR=<devicePixelRatio>)
import path from 'node:path';
import {artifacts, assert, check, clickRect, dpr, itemRect, openPage, runTest, status, waitFrames} from './lib.mjs';

runTest({options: {deviceScaleFactor: dpr}}, async ({page, url, errors}) => {
  page.on('response', r => {
    if (r.status() >= 400) console.log(`      HTTP ${r.status()} ${r.url()}`);
  });

  await openPage(page, url, {frames: 3});

  await check('cross-origin isolated', async () => {
    const s = await status(page);
    assert(s.crossOriginIsolated === true, 'crossOriginIsolated is false');
  });

  await check('WebGL2 in use', async () => {
    const s = await status(page);
    assert(/WebGL 2/.test(s.webgl), `GL version is "${s.webgl}"`);
  });

  await check('pthread pool exists and a thread ran', async () => {
    await page.waitForFunction(() => window.digitlab.status().pthreadRan, null, {timeout: 10000});
    const s = await status(page);
    const pool = s.pthreadPool.idle + s.pthreadPool.busy;
    const expected = Math.min(s.threads, 16) + 2;
    assert(pool >= expected - 1, `pool has ${pool} workers, expected about ${expected} for ${s.threads} cores`);
  });

  await check('MNIST downloads, inflates and reaches the app', async () => {
    await page.waitForFunction(() => window.digitlab.status().dataReady ||
                                     window.digitlab.status().dataError ||
                                     window.digitlab.status().shell.phase === 'error', null, {timeout: 60000});
    const s = await status(page);
    assert(!s.shell.error, s.shell.error);
    assert(!s.dataError, s.dataError);
    assert(s.dataReady, 'the app did not parse the four IDX files');
    assert(s.shell.data.done, 'shell did not mark the download done');
  });

  await check('an unchanged page is not repainted; hovering a button repaints it', async () => {
    await page.mouse.move(5, 5);
    await waitFrames(page, 10);
    const idle = await status(page);
    await waitFrames(page, 30);
    const later = await status(page);
    assert(later.framesDrawn === idle.framesDrawn,
           `${later.framesDrawn - idle.framesDrawn} of ${later.frames - idle.frames} idle frames repainted`);
    assert(later.framesSkipped - idle.framesSkipped >= 30, 'idle frames were not counted as skipped');
    const train = await itemRect(page, 'Train');
    await page.mouse.move(train.x + train.w / 2, train.y + train.h / 2);  // the button lights up
    await waitFrames(page, 3);
    const hovered = await status(page);
    assert(hovered.framesDrawn > later.framesDrawn, 'hovering the Train button did not repaint');
  });

  await check('clicking the ImGui "Train" button starts training', async () => {
    await clickRect(page, await itemRect(page, 'Train'), {after: 0});  // hover first, as a person would
    await page.waitForFunction(() => window.digitlab.status().steps > 0, null, {timeout: 20000});
  });

  await check('screenshot saved', async () => {
    await waitFrames(page, 2);
    await page.screenshot({path: path.join(artifacts, dpr === 1 ? 'smoke.png' : `smoke-dpr${dpr}.png`)});
  });

  await check('no console errors', async () => {
    assert(errors.length === 0, `${errors.length} error(s): ${errors.join(' | ')}`);
  });
});
