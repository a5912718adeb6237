// End-to-end test of the light theme in headless Chromium: the page follows the system's
// prefers-color-scheme; the Aa menu's Colours choice, made with the real mouse, wins over it and is
// remembered across a reload; the accessible layer offers the same choice. Every view (and each
// lesson) at desktop and phone sizes in the light theme: screenshots in
// test-artifacts/theme-<device>-<view>.png (looked at), the canvas' colours measured (a light page,
// dark text on it: the darkest and lightest pixels of each view far apart), nothing cut off.
// Usage: node tests/e2e/theme.test.mjs
import path from 'node:path';
import {artifacts, assert, check, click, configure, itemsOutsideWidth, launchChromium, openPage, runTest, status, tap,
        waitForStart, waitFrames, waitStatus} from './lib.mjs';

configure({timed: true});

const LESSONS = ['matmul', 'images', 'perceptron', 'dense', 'crossentropy', 'descent', 'conv', 'relu', 'pool',
                 'dropout', 'inside'];

// The canvas' pixels: the share of light ones (the page's background), and the luminance of the
// darkest and the lightest, from a 2D copy of the WebGL canvas (it keeps its drawing buffer).
const measure = page => page.evaluate(() => {
  const source = document.getElementById('canvas');
  const copy = document.createElement('canvas');
  copy.width = 240;
  copy.height = Math.round(240 * source.height / source.width);
  const ctx = copy.getContext('2d');
  ctx.drawImage(source, 0, 0, copy.width, copy.height);
  const data = ctx.getImageData(0, 0, copy.width, copy.height).data;
  let light = 0, darkest = 255, lightest = 0;
  for (let i = 0; i < data.length; i += 4) {
    const y = 0.2126 * data[i] + 0.7152 * data[i + 1] + 0.0722 * data[i + 2];
    if (y > 200) light++;
    darkest = Math.min(darkest, y);
    lightest = Math.max(lightest, y);
  }
  return {lightShare: light / (data.length / 4), darkest, lightest};
});
const shot = (page, device, name) => page.screenshot({path: path.join(artifacts, `theme-${device}-${name}.png`)});

async function assertLight(page, where) {
  await waitFrames(page, 3);
  const m = await measure(page);
  // The drawing canvas and the digits stay white on black (MNIST's way): on a phone they fill half the view.
  assert(m.lightShare > 0.35, `${where}: only ${(100 * m.lightShare).toFixed(0)}% of the canvas is light`);
  assert(m.lightest - m.darkest > 150, `${where}: too little contrast (${m.darkest.toFixed(0)}..${m.lightest.toFixed(0)})`);
  return m;
}

runTest({browser: 'none'}, async ({url}) => {
  const figures = [];
  // ---- Desktop, the system asks for light ----
  {
    const {page, close} = await launchChromium({viewport: {width: 1280, height: 800}, colorScheme: 'light'});
    const errors = [];
    page.on('pageerror', e => errors.push(e.message));
    page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
    try {
      await openPage(page, url);
      await check('the system\'s light colours are followed', async () => {
        const s = await waitStatus(page, s => s.theme === 'light' && s.dataReady, null, 60000);
        assert(s.themeChoice === 'system', `choice ${s.themeChoice}`);
        const m = await assertLight(page, 'Draw');
        figures.push(`desktop, light: ${(100 * m.lightShare).toFixed(0)}% of the canvas light, luminance ` +
                     `${m.darkest.toFixed(0)}..${m.lightest.toFixed(0)}`);
      });
      await check('every view and lesson in the light theme, with nothing cut off', async () => {
        await shot(page, 'desktop', 'train-draw');
        for (const view of ['Test', 'Lessons']) {
          await click(page, `tab:${view}`);
          await assertLight(page, view);
          await shot(page, 'desktop', view.toLowerCase());
        }
        for (const lesson of LESSONS) {
          await click(page, `lesson:${lesson}`);
          await waitStatus(page, (s, l) => s.lesson.slug === l, lesson);
          await assertLight(page, `lesson ${lesson}`);
          await shot(page, 'desktop', `lesson-${lesson}`);
        }
        const outside = await itemsOutsideWidth(page);
        assert(outside.length === 0, `outside the width: ${outside.join(', ')}`);
      });
      await check('the Aa menu\'s Colours: Dark with the real mouse wins over the system, and is remembered', async () => {
        await click(page, 'Text size');
        await click(page, 'Theme dark');
        const s = await waitStatus(page, s => s.theme === 'dark' && s.themeChoice === 'dark');
        await waitFrames(page, 3);
        const m = await measure(page);
        assert(m.lightShare < 0.2, `dark theme, yet ${(100 * m.lightShare).toFixed(0)}% of the canvas is light`);
        await shot(page, 'desktop', 'dark-chosen');
        await page.reload();
        await waitForStart(page, 3, 60000);
        const again = await status(page);
        assert(again.theme === 'dark' && again.themeChoice === 'dark', `after a reload: ${again.theme} (${again.themeChoice})`);
        assert(s.notice === '' || !s.noticeIsError, `notice: ${s.notice}`);
      });
      await check('the accessible layer\'s Colours group runs the same command (back to the system\'s)', async () => {
        const radio = page.locator('input[name="access-theme"][value="system"]');
        assert(await radio.count() === 1, 'no accessible Colours radio for the system\'s');
        await radio.focus();  // as a screen reader's user reaches it, then Space picks it
        await page.keyboard.press('Space');
        await waitStatus(page, s => s.themeChoice === 'system' && s.theme === 'light');
        await assertLight(page, 'back to the system\'s');
      });
      await check('no console errors', async () => assert(errors.length === 0, errors.join('\n')));
    } finally {
      await close();
    }
  }
  // ---- A phone, light, with touch ----
  {
    const {page, close} = await launchChromium({viewport: {width: 390, height: 844}, deviceScaleFactor: 3,
                                               hasTouch: true, isMobile: true, colorScheme: 'light'});
    try {
      await openPage(page, url);
      await check('a phone in the light theme: every view tapped, readable, nothing cut off', async () => {
        await waitStatus(page, s => s.theme === 'light' && s.dataReady, null, 60000);
        for (const view of ['Train', 'Draw', 'Test', 'Lessons']) {
          await tap(page, `tab:${view}`);
          const m = await assertLight(page, `phone ${view}`);
          await shot(page, 'phone', view.toLowerCase());
          const outside = await itemsOutsideWidth(page);
          assert(outside.length === 0, `${view}: outside the width: ${outside.join(', ')}`);
          if (view === 'Lessons') figures.push(`phone, light, Lessons: luminance ${m.darkest.toFixed(0)}..${m.lightest.toFixed(0)}`);
        }
      });
    } finally {
      await close();
    }
  }
  // ---- The system asks for dark: the dark theme, as before ----
  {
    const {page, close} = await launchChromium({viewport: {width: 1280, height: 800}, colorScheme: 'dark'});
    try {
      await openPage(page, url);
      await check('the system\'s dark colours are followed', async () => {
        await waitStatus(page, s => s.theme === 'dark' && s.themeChoice === 'system', null, 60000);
        await waitFrames(page, 3);
        const m = await measure(page);
        assert(m.lightShare < 0.2, `${(100 * m.lightShare).toFixed(0)}% of the canvas is light`);
      });
    } finally {
      await close();
    }
  }
  for (const f of figures) console.log(`      ${f}`);
});
