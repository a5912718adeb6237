// Where the CPU goes while a model trains in the tab: each Chromium thread's share of one core
// (from /proc, Linux only) over 8 s of training, 4 s after Train is clicked with the mouse, with the
// trainer's examples/s and how many frames the page repainted meanwhile. Not a test: it prints figures.
// Usage: node tools/tab-cpu.mjs [MLP|CNN] [threads]     (build first: cmake --build --preset web)
import fs from 'node:fs';
import {click, launchChromium, requireSite, sleep, startServer, status, waitForStart, waitStatus} from '../tests/e2e/lib.mjs';
requireSite();
const {server, url} = await startServer();
const {page, close} = await launchChromium();
const ticks = () => {
  const out = {};
  for (const pid of fs.readdirSync('/proc').filter(d => /^\d+$/.test(d))) {
    let cmd; try { cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8'); } catch { continue; }
    if (!/chrom/.test(cmd)) continue;
    const type = (cmd.match(/--type=([a-z-]+)/) || [, 'browser'])[1];
    let tasks; try { tasks = fs.readdirSync(`/proc/${pid}/task`); } catch { continue; }
    for (const t of tasks) {
      try {
        const st = fs.readFileSync(`/proc/${pid}/task/${t}/stat`, 'utf8');
        const comm = st.slice(st.indexOf('(') + 1, st.lastIndexOf(')'));
        const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
        out[`${type}:${pid}:${t}:${comm}`] = Number(f[11]) + Number(f[12]);
      } catch {}
    }
  }
  return out;
};
try {
  await page.goto(url);
  await waitForStart(page, 1, 30000);
  await waitStatus(page, s => s.dataReady, null, 60000);
  await click(page, 'model:' + (process.argv[2] || 'MLP'));
  if (process.argv[3]) { await click(page, 'threads'); await click(page, `threads:${process.argv[3]}`); }
  await click(page, 'Train');
  await sleep(4000);
  const a = ticks(), s0 = await status(page), t0 = Date.now();
  await sleep(8000);
  const b = ticks(), s1 = await status(page), secs = (Date.now() - t0) / 1000;
  const rows = Object.keys(b).map(k => [k, ((b[k] - (a[k] || 0)) / 100) / secs]).filter(r => r[1] > 0.01).sort((x, y) => y[1] - x[1]);
  for (const [k, v] of rows.slice(0, 15)) console.log((100 * v).toFixed(0).padStart(4) + '%  ' + k);
  console.log(`all Chromium threads: ${(100 * rows.reduce((sum, r) => sum + r[1], 0)).toFixed(0)}% of one core ` +
              `(process type:pid:thread:name above); ${s1.trainThreads} training threads, ` +
              `${s1.examplesPerSecond.toFixed(0)} examples/s; frames repainted ${s1.framesDrawn - s0.framesDrawn} ` +
              `(${s1.framesSkipped - s0.framesSkipped} unchanged) in ${secs.toFixed(1)} s`);
} finally { await close(); server.kill(); }
