// digitlab inside a course page (issue 19): a parent page on another origin (another host name and
// port) puts the page in an <iframe> with no `allow` attribute, both served by a plain static
// server with no COOP/COEP/CORP headers, so the frame is not cross-origin isolated and has no
// threads. Through the real mouse, crossing the frame's border: the MLP trains to val_acc 0.9 with
// the frames kept smooth (the trainer runs as a fiber between frames), a drawn digit is read, a
// lesson steps, the time machine shows a snapshot. In Chromium, then the start and training in
// Firefox ESR.
// Usage: node tests/e2e/embedded.test.mjs   (env: DIGITLAB_SITE=<dir>)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {artifacts, assert, check, click as clickItem, collectErrors, configure, drawDigit, fail, finish, framePage,
        launchChromium, launchFirefox, pickDigits, requireSite, startServer, status, waitAnimationFrames, waitFor,
        waitStatus} from './lib.mjs';

configure({timed: true});
// Issue 19's targets, reported: Train -> val_acc 0.9 within 30 s without threads, frames at most 50 ms
// apart over any 5 s of training. The checks assert what must hold on any machine, however loaded
// (CI runs the sanitizers beside these tests): it learns, and the page never freezes.
const TARGET_SECONDS = 30, TARGET_GAP_MS = 50;
const LEARNS_WITHIN_S = 120, FROZEN_MS = 250;
const click = (page, label) => clickItem(page, label, {settle: 1, wait: waitAnimationFrames});
const figures = {};

// The course page: another origin than the app's (localhost vs 127.0.0.1, another port).
function writeCoursePage(dir, appUrl) {
  fs.writeFileSync(path.join(dir, 'index.html'), `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Week 3: convolutions</title>
<link rel="icon" href="data:,">
<style>body { font: 16px system-ui; margin: 16px; } iframe { border: 1px solid #888; }</style></head>
<body><h1>Week 3</h1><p>Train the workshop's network right here:</p>
<iframe id="app" src="${appUrl}" width="1200" height="760" title="digitlab"></iframe></body></html>`);
}

// Starts measuring the gaps between animation frames in the frame (its rAF runs beside the app's).
const watchFrames = page => page.evaluate(() => {
  window.__gaps = [];
  let last = performance.now();
  const tick = t => {
    window.__gaps.push([t, t - last]);
    last = t;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
});

// The longest gap in each 5 s window of [from, to] (performance.now() in the frame), and the worst.
async function gapsByWindow(page, from, to) {
  const gaps = (await page.evaluate(() => window.__gaps)).filter(([t]) => t >= from && t <= to);
  const windows = [];
  for (let start = from; start < to; start += 5000)
    windows.push(Math.max(0, ...gaps.filter(([t]) => t >= start && t < start + 5000).map(([, g]) => g)));
  return {windows: windows.map(g => Math.round(g)), worst: Math.max(...windows), frames: gaps.length};
}

async function openCourse(browserPage, courseUrl) {
  await browserPage.goto(courseUrl);
  const page = await framePage(browserPage, '#app');
  await waitFor(page, () => window.digitlab && window.digitlab.status().frames > 2, undefined, {timeout: 90000});
  return page;
}

async function chromium(courseUrl) {
  const {page: top, close} = await launchChromium({viewport: {width: 1280, height: 900}});
  const errors = collectErrors(top);
  try {
    const page = await openCourse(top, courseUrl);

    await check('the framed page starts without cross-origin isolation or threads, and says why it is slower', async () => {
      const frame = await page.evaluate(() => ({isolated: window.crossOriginIsolated, sab: typeof SharedArrayBuffer,
                                                shell: window.digitlabShell.status()}));
      assert(frame.isolated === false && frame.sab === 'undefined', JSON.stringify(frame));
      assert(frame.shell.phase === 'running' && !frame.shell.threads && frame.shell.inFrame, JSON.stringify(frame.shell));
      const s = await waitStatus(page, s => s.dataReady, null, 90000);
      assert(s.threadsAvailable === false && s.pthreadRan === false, `threads: ${s.threadsAvailable}`);
      assert(s.trainPanel.maxThreads === 1, `the Threads box offers ${s.trainPanel.maxThreads}`);
      const own = await page.evaluate(() => window.digitlab.itemRect('Open in its own tab'));
      assert(own && own.visible, 'no "Open in its own tab" button');
      await top.screenshot({path: path.join(artifacts, 'embedded-start.png')});
      assert(frame.shell.engine.startsWith('digitlab-nothreads'), `engine ${frame.shell.engine}`);
      return `engine ${frame.shell.engine}, no SharedArrayBuffer`;
    });

    await check(`the real mouse trains the MLP in the frame to val_acc 0.9, and frames keep coming ` +
                `(never ${FROZEN_MS} ms apart)`, async () => {
      await watchFrames(page);
      const clicked = Date.now();
      await click(page, 'Train');
      await waitStatus(page, s => s.steps > 0 || s.trainPhase === 'failed', null, 20000);
      const from = await page.evaluate(() => performance.now());
      const s = await waitStatus(page, s => s.val_acc >= 0.9 || s.trainPhase === 'failed', null, 120000);
      figures.secondsTo90 = (Date.now() - clicked) / 1000;
      const to = await page.evaluate(() => performance.now());
      await click(page, 'Pause');
      await waitStatus(page, s => s.trainPhase === 'paused', null, 20000);
      const gaps = await gapsByWindow(page, from, to);
      Object.assign(figures, {gapsMs: gaps.windows, worstGapMs: gaps.worst,
                              examplesPerSecond: Math.round(s.examplesPerSecond ?? 0),
                              fiberShare: +(s.backgroundSeconds / ((to - from) / 1000)).toFixed(2)});
      assert(s.trainPhase !== 'failed', s.trainMessage);
      assert(figures.secondsTo90 <= LEARNS_WITHIN_S, `val_acc 0.9 after ${figures.secondsTo90.toFixed(1)} s`);
      assert(gaps.worst <= FROZEN_MS, `frame gaps per 5 s: ${gaps.windows.join(', ')} ms`);
      return `${figures.secondsTo90.toFixed(1)} s to val_acc ${s.val_acc} (target ${TARGET_SECONDS} s); longest ` +
             `gap per 5 s: ${gaps.windows.join(', ')} ms over ${gaps.frames} frames (target ${TARGET_GAP_MS} ms)`;
    });

    await check('a digit drawn with the mouse in the frame is read by the model just trained', async () => {
      await click(page, 'tab:Draw');
      const d = pickDigits([3])[0];
      await drawDigit(page, d);
      const p = (await status(page)).drawPanel;
      assert(!p.empty && p.probabilities.length === 10, JSON.stringify(p));
      assert(p.prediction === 3, `drew a 3, read as ${p.prediction}`);
      return `read as ${p.prediction} at ${(100 * p.confidence).toFixed(0)}%`;
    });

    await check('a lesson steps in the frame', async () => {
      await click(page, 'tab:Lessons');
      await click(page, 'lesson:conv');
      await waitStatus(page, s => s.lesson.slug === 'conv', null, 10000);
      const before = (await status(page)).lesson.step;
      await click(page, 'lesson:Step');
      const s = await waitStatus(page, (s, b) => s.lesson.step === b + 1, before, 10000);
      return `conv: step ${before} -> ${s.lesson.step}`;
    });

    await check('the time machine shows a snapshot of the run', async () => {
      await click(page, 'view:Time machine');
      const s = await waitStatus(page, s => s.timeMachine.snapshots > 0 && s.timeMachine.accuracy >= 0, null, 30000);
      await top.screenshot({path: path.join(artifacts, 'embedded-timemachine.png')});
      return `${s.timeMachine.snapshots} snapshots; step ${s.timeMachine.step}: ` +
             `${(100 * s.timeMachine.accuracy).toFixed(1)}% on the quick set`;
    });

    await check('no console errors in the course page or its frame', async () => {
      const real = errors.filter(e => !/favicon/.test(e));
      assert(real.length === 0, real.join(' | '));
    });
  } finally {
    await close();
  }
}

async function firefox(courseUrl) {
  const {page: top, close} = await launchFirefox();
  try {
    const page = await openCourse(top, courseUrl);
    await check('Firefox ESR: the framed page starts without isolation; the mouse trains the MLP to val_acc 0.9', async () => {
      await waitStatus(page, s => s.dataReady, null, 90000);
      const s0 = await status(page);
      assert(s0.threadsAvailable === false, 'threads in a cross-origin frame');
      const clicked = Date.now();
      await click(page, 'Train');
      const s = await waitStatus(page, s => s.val_acc >= 0.9 || s.trainPhase === 'failed', null, 120000);
      figures.firefoxSecondsTo90 = (Date.now() - clicked) / 1000;
      assert(s.trainPhase !== 'failed', s.trainMessage);
      await click(page, 'Pause');
      return `${figures.firefoxSecondsTo90.toFixed(1)} s`;
    });
  } finally {
    await close();
  }
}

(async () => {
  requireSite();
  const course = fs.mkdtempSync(path.join(os.tmpdir(), 'digitlab-course-'));
  const app = await startServer(['--plain']);
  writeCoursePage(course, 'about:blank');  // the server wants an index.html; the app's address comes next
  const parent = await startServer(['--plain'], course);
  try {
    // The app on 127.0.0.1, the course page on localhost: two origins, neither isolated.
    writeCoursePage(course, `${app.url}index.html`);
    const courseUrl = parent.url.replace('127.0.0.1', 'localhost') + 'index.html';
    await chromium(courseUrl);
    await firefox(courseUrl);
  } finally {
    app.server.kill();
    parent.server.kill();
    fs.rmSync(course, {recursive: true, force: true});
  }
  console.log('      measured:', JSON.stringify(figures));
  finish();
})().catch(e => fail(e.stack || e));
