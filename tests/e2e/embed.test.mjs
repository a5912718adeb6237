// Embed mode (issue 19): "#embed/lesson/conv?step=40", "#embed/draw" and "#embed/train" show their view
// alone, in frames of 400 x 600, 800 x 500 and 1200 x 800 of a course page on another origin, with no
// labelled item outside the frame's width, and step / draw / train there with the real mouse. The
// full page's "Copy embed code" writes the frame for the view it shows, and "Open digitlab" in a
// frame opens the whole page at that view in a tab of its own. In a frame the keyboard (shortcuts, Tab
// and Enter), a finger and the accessible layer work as in the full page, and a browser that cannot
// run digitlab (no WebGL 2) gets the card saying what to do, sized for the frame.
// Usage: node tests/e2e/embed.test.mjs   (env: DIGITLAB_SITE=<dir>)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {artifacts, assert, check, click as clickItem, collectErrors, configure, drawDigit, fail, finish, framePage,
        launchChromium, pickDigits, requireSite, startServer, status, waitAnimationFrames, waitFor,
        waitStatus} from './lib.mjs';

configure({timed: true});
const click = (page, label) => clickItem(page, label, {settle: 1, wait: waitAnimationFrames});
const SIZES = [[400, 600], [800, 500], [1200, 800]];

function coursePage(dir, name, src, [w, h]) {
  fs.writeFileSync(path.join(dir, name), `<!doctype html><html lang="en"><head><meta charset="utf-8">
<link rel="icon" href="data:,"><title>Course</title><style>body{margin:8px} iframe{border:0}</style></head>
<body><iframe id="app" src="${src}" width="${w}" height="${h}" title="digitlab"></iframe></body></html>`);
}

// Labelled items of the frame's last frame that stick out of its width.
const outsideWidth = page => page.evaluate(() => Object.entries(window.digitlab.items())
  .filter(([, r]) => r.visible && (r.x < -0.5 || r.x + r.w > window.innerWidth + 0.5))
  .map(([label, r]) => `${label} ${Math.round(r.x)}..${Math.round(r.x + r.w)}`));

(async () => {
  requireSite();
  const course = fs.mkdtempSync(path.join(os.tmpdir(), 'digitlab-embed-'));
  coursePage(course, 'index.html', 'about:blank', [10, 10]);
  const app = await startServer(['--plain']);
  const parent = await startServer(['--plain'], course);
  const courseUrl = parent.url.replace('127.0.0.1', 'localhost');
  const {context, page: top, close} = await launchChromium({viewport: {width: 1280, height: 860}});
  const errors = collectErrors(top);
  let n = 0;
  // The course page with the app at `hash` in a frame of `size`; resolves with the frame as a page.
  const open = async (hash, size) => {
    const name = `page${n++}.html`;
    coursePage(course, name, `${app.url}index.html${hash}`, size);
    await top.goto(courseUrl + name);
    const page = await framePage(top, '#app');
    await waitFor(page, () => window.digitlab && window.digitlab.status().frames > 3, undefined, {timeout: 60000});
    await waitStatus(page, s => s.dataReady, null, 60000);
    return page;
  };
  try {
    const views = [
      ['#embed/lesson/conv?step=40', 'lessons', async page => {
        const s0 = await status(page);
        assert(s0.lesson.slug === 'conv' && s0.lesson.step === 40, `lesson ${s0.lesson.slug} step ${s0.lesson.step}`);
        await click(page, 'lesson:Step');
        const s = await waitStatus(page, s => s.lesson.step === 41, null, 10000);
        assert(await page.evaluate(() => location.hash) === '#embed/lesson/conv?step=41' || s.lesson.step === 41, 'hash');
        return 'conv: step 40 -> 41';
      }],
      ['#embed/draw', 'draw', async page => {
        await drawDigit(page, pickDigits([7])[0]);
        const p = (await status(page)).drawPanel;
        assert(!p.empty && Math.max(p.input.width, p.input.height) === 20, JSON.stringify(p.input));
        return `drew ${p.strokes} stroke(s), centred to (${p.input.centerX.toFixed(1)}, ${p.input.centerY.toFixed(1)})`;
      }],
      ['#embed/train', 'train', async page => {
        await click(page, 'Train');
        const s = await waitStatus(page, s => s.steps > 5 || s.trainPhase === 'failed', null, 60000);
        assert(s.trainPhase !== 'failed', s.trainMessage);
        await click(page, 'Pause');
        await waitStatus(page, s => s.trainPhase === 'paused', null, 20000);
        return `${s.steps} steps`;
      }],
    ];
    for (const [hash, view, act] of views) {
      for (const size of SIZES) {
        await check(`${hash} in a ${size[0]} x ${size[1]} frame: its view alone, nothing outside the width` +
                    (size[0] === 800 ? ', and it works there' : ''), async () => {
          const page = await open(hash, size);
          const s = await status(page);
          assert(s.embedded === view, `embedded "${s.embedded}"`);
          const tabs = await page.evaluate(() => ['tab:Train', 'tab:Draw', 'tab:Lessons', 'lesson:picker', 'Copy embed code']
            .filter(l => { const r = window.digitlab.itemRect(l); return r && r.visible; }));
          assert(tabs.length === 0, `other views' controls shown: ${tabs.join(', ')}`);
          const own = await page.evaluate(() => window.digitlab.itemRect('Open digitlab'));
          assert(own && own.visible, 'no "Open digitlab"');
          const outside = await outsideWidth(page);
          assert(outside.length === 0, outside.join('; '));
          await top.screenshot({path: path.join(artifacts, `embed-${view}-${size[0]}x${size[1]}.png`)});
          if (size[0] === 800) return act(page);
        });
      }
    }

    await check('"Open digitlab" in a frame opens the whole page at its view in a tab of its own', async () => {
      const page = await open('#embed/lesson/pool?step=3', [800, 500]);
      const opened = context.waitForEvent('page', {timeout: 15000});
      await click(page, 'Open digitlab');
      const tab = await opened;
      await tab.waitForLoadState();
      assert(/#pool\/step=3$/.test(tab.url()), tab.url());
      await waitFor(tab, () => window.digitlab && window.digitlab.status().lesson.slug === 'pool' &&
                               window.digitlab.status().embedded === '', undefined, {timeout: 60000});
      await tab.close();
      return tab.url().replace(/^.*#/, '#');
    });

    await check('the full page\'s "Copy embed code" writes the frame for its view, which opens embedded there', async () => {
      await top.goto(`${app.url}index.html#dropout/step=2`);
      await waitFor(top, () => window.digitlab && window.digitlab.status().lesson.slug === 'dropout', undefined, {timeout: 60000});
      await click(top, 'Copy embed code');
      const s = await waitStatus(top, s => /<iframe/.test(s.notice), null, 10000);
      const src = s.notice.match(/<iframe src="([^"]+)"/)[1];
      assert(src.endsWith('#embed/lesson/dropout?step=2') && src.startsWith(app.url), src);
      const page = await open(src.slice(app.url.length + 'index.html'.length), [800, 640]);
      const t = await status(page);
      assert(t.embedded === 'lessons' && t.lesson.slug === 'dropout' && t.lesson.step === 2, JSON.stringify(t.lesson));
      return src.replace(app.url, '');
    });

    await check('the keyboard in a frame: shortcuts step the lesson, Tab reaches its Step button and Enter presses it, ' +
                'and the frame\'s accessible layer lists only its view', async () => {
      const page = await open('#embed/lesson/conv?step=40', [800, 500]);
      await page.mouse.click(12, 30);  // into the frame, on the lesson's title (no control there)
      await waitAnimationFrames(page, 3);
      assert(await page.evaluate(() => document.hasFocus()), 'the frame did not take the focus');
      const stepTo = async (key, step) => {
        await top.keyboard.press(key);
        await waitStatus(page, (s, n) => s.lesson.step === n, step, 10000)
          .catch(async () => {
            throw new Error(`${key}: still at step ${(await status(page)).lesson.step}, not ${step}`);
          });
      };
      await stepTo(']', 41);
      await stepTo('[', 40);
      let s = await status(page);
      for (let i = 0; i < 30 && s.ring.label !== 'lesson:Step'; i++) {
        await top.keyboard.press('Tab');
        await waitAnimationFrames(page, 3);
        s = await status(page);
      }
      assert(s.ring.label === 'lesson:Step', `Tab did not reach Step (ring on "${s.ring.label}")`);
      await stepTo('Enter', 41);
      const sections = await page.frame.evaluate(() =>
        Array.from(document.querySelectorAll('[role="region"], section')).map(e => e.getAttribute('aria-label') || e.id));
      const named = sections.filter(Boolean);
      assert(!named.some(n => /^(Train|Draw|Test)$/.test(n)), `other views in the accessible layer: ${named.join(', ')}`);
      const step = page.frame.getByRole('button', {name: 'Step', exact: true});
      assert(await step.count() === 1, 'no accessible Step button in the frame');
      await step.focus();  // where a screen reader's user reaches it; Enter presses it
      await stepTo('Enter', 42);
      return 'keys ] and [, Tab to Step and Enter, the accessible Step and Enter: 40 -> 41 -> 40 -> 41 -> 42';
    });

    await check('a finger in a frame: a tap steps the lesson', async () => {
      const touch = await launchChromium({viewport: {width: 900, height: 700}, hasTouch: true, isMobile: true,
                                          deviceScaleFactor: 2});
      try {
        coursePage(course, 'touch.html', `${app.url}index.html#embed/lesson/pool?step=2`, [820, 600]);
        await touch.page.goto(courseUrl + 'touch.html');
        const page = await framePage(touch.page, '#app');
        await waitFor(page, () => window.digitlab && window.digitlab.status().frames > 3 &&
                                  window.digitlab.status().lesson.step === 2, undefined, {timeout: 60000});
        const r = await page.evaluate(() => window.digitlab.itemRect('lesson:Step'));
        assert(r && r.visible && r.h >= 36, `Step is ${r && r.h} px tall for a finger`);
        const box = await touch.page.$('#app').then(e => e.boundingBox());
        await touch.page.touchscreen.tap(box.x + r.x + r.w / 2, box.y + r.y + r.h / 2);
        await waitStatus(page, s => s.lesson.step === 3, null, 10000);
        return `Step ${Math.round(r.w)} x ${Math.round(r.h)} px, tapped: step 2 -> 3`;
      } finally {
        await touch.close();
      }
    });

    await check('Predict first in a frame that is not cross-origin isolated: the question asked, answered with the mouse and keys', async () => {
      const page = await open('#embed/lesson/matmul?step=1', [800, 500]);
      const s0 = await status(page);
      assert(!s0.crossOriginIsolated, 'the frame is cross-origin isolated');
      await click(page, 'exercise:on');
      const q = (await waitStatus(page, s => s.lesson.exercise.waiting, null, 10000)).lesson.exercise;
      assert(q.answer === 58, `question ${q.prompt}`);
      await click(page, 'exercise:answer');
      await top.keyboard.type('58', {delay: 60});
      await waitAnimationFrames(page, 3);
      await top.keyboard.press('Enter');
      const s = await waitStatus(page, s => s.lesson.step === 2, null, 10000);
      assert(s.lesson.exercise.feedback.startsWith('Right: '), s.lesson.exercise.feedback);
      return `not isolated: "${s.lesson.exercise.feedback}"`;
    });

    await check('what cannot run says so in the frame too: no WebGL 2 gives the card, sized for the frame', async () => {
      const bare = await launchChromium({viewport: {width: 900, height: 700}, args: ['--disable-webgl', '--disable-3d-apis']});
      try {
        coursePage(course, 'nogl.html', `${app.url}index.html#embed/draw`, [400, 600]);
        await bare.page.goto(courseUrl + 'nogl.html');
        const frame = await (await bare.page.$('#app')).contentFrame();
        await frame.waitForFunction(() => window.digitlabShell && window.digitlabShell.status().phase === 'error',
                                    undefined, {timeout: 30000});
        const card = await frame.evaluate(() => {
          const c = document.querySelector('.card'), r = c.getBoundingClientRect();
          return {text: c.innerText, left: r.left, right: r.right, width: window.innerWidth};
        });
        assert(/cannot run digitlab/i.test(card.text) && /WebGL 2/.test(card.text), card.text);
        assert(card.left >= 0 && card.right <= card.width, `card ${card.left}..${card.right} in a ${card.width} px frame`);
        await bare.page.screenshot({path: path.join(artifacts, 'embed-cannot-run.png')});
        return card.text.split('\n')[0];
      } finally {
        await bare.close();
      }
    });

    await check('no console errors', async () => {
      assert(errors.length === 0, errors.join(' | '));
    });
  } finally {
    await close();
    app.server.kill();
    parent.server.kill();
    fs.rmSync(course, {recursive: true, force: true});
  }
  finish();
})().catch(e => fail(e.stack || e));
