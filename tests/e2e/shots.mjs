// Dev helper (not a test): screenshots of every view and lesson at a few screen sizes, and the
// labelled items that stick out of the viewport.
import {runTest, sleep, launchChromium} from './lib.mjs';
const sizes = (process.env.SIZES || '390x844x3,820x1180x2,1024x768x1,1280x800x1').split(',').map(s => s.split('x').map(Number));
const lessons = (process.env.LESSONS || 'matmul,images,perceptron,dense,crossentropy,descent,conv,relu,pool,dropout,inside').split(',');
const views = (process.env.VIEWS || 'Train,Draw,Test').split(',').filter(Boolean);
runTest({}, async ({url}) => {
  for (const [w, h, d] of sizes) {
    const {page: p, close} = await launchChromium({viewport: {width: w, height: h}, deviceScaleFactor: d, hasTouch: d > 1, isMobile: d > 1});
    await p.goto(url);
    await p.waitForFunction(() => window.digitlab && window.digitlab.status().dataReady, null, {timeout: 60000});
    await sleep(500);
    const report = async name => {
      if (process.env.REPAINT) { await p.evaluate(() => window.digitlab.repaintAll()); await sleep(300); }
      await p.screenshot({path: `/tmp/shot-${w}-${name}.png`});
      const items = await p.evaluate(() => window.digitlab.items());
      const vw = await p.evaluate(() => window.innerWidth);
      const out = Object.entries(items).filter(([k, r]) => r.x < -0.5 || r.x + r.w > vw + 0.5).map(([k, r]) => `${k}:${Math.round(r.x)}+${Math.round(r.w)}`);
      const s = await p.evaluate(() => window.digitlab.status());
      console.log(w, name, s.layout, s.textSize, s.tab, out.length ? 'OUTSIDE: ' + out.join(' ') : '');
    };
    const tap = async label => {
      const r = await p.evaluate(l => window.digitlab.itemRect(l), label);
      if (!r) return;
      if (d > 1) await p.touchscreen.tap(r.x + r.w / 2, r.y + r.h / 2);
      else { await p.mouse.move(r.x + r.w / 2, r.y + r.h / 2); await sleep(60); await p.mouse.down(); await sleep(60); await p.mouse.up(); }
      await sleep(400);
    };
    for (const view of views) { await tap('tab:' + view); await report(view); }
    for (const slug of lessons) {
      await p.evaluate(s => window.digitlab.openLesson(s, 3), slug);
      await sleep(700);
      await report('lesson-' + slug);
    }
    await close();
  }
});
