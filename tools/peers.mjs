// Speed, side by side: this machine's speed swings by tens of percent within minutes, so figures are
// only compared when measured in one run, interleaved round by round. Prints every figure and the
// ratios; not a test.
//   gemm:  the GEMM table under node, digitlab-bench (baseline SIMD128 kernel) against
//          digitlab-bench-relaxed (relaxed SIMD's fused multiply-add), GFLOP/s per thread;
//   tab:   training in headless Chromium through the real UI, the baseline module (?engine=baseline)
//          against the relaxed one, MLP and CNN examples/s at the Threads setting given.
// Usage: node tools/peers.mjs [gemm] [tab] [--rounds 3] [--threads 2] [--seconds 12] [--gemm-seconds 0.3]
// (build first: cmake --build --preset web)
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {click, launchChromium, requireSite, sleep, startServer, status, waitForStart, waitStatus} from '../tests/e2e/lib.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
};
const parts = argv.filter((a, i) => !a.startsWith('--') && !(i > 0 && argv[i - 1].startsWith('--')));
const want = part => parts.length === 0 || parts.includes(part);
const rounds = Number(option('rounds', 3));
const threads = Number(option('threads', 2));
const seconds = Number(option('seconds', 12));
const gemmSeconds = Number(option('gemm-seconds', 0.3));

const median = values => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const fixed = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '-');

// ---- GEMM under node ------------------------------------------------------------------------------

function benchGemm(binary) {
  const out = execFileSync('node', ['--experimental-wasm-relaxed-simd', binary, '--gemm-only', '--gemm-seconds',
                                    String(gemmSeconds)], {cwd: repo, encoding: 'utf8'});
  const rows = new Map();
  for (const line of out.split('\n')) {
    const m = line.match(/^ {2}(.+?)\s+(\d+)\s+(\d+)\s+(\d+)\s+[T-]\s+[T-]\s+([\d.]+)\s+([\d.]+)$/);
    if (m) rows.set(m[1], Number(m[5]));
  }
  return rows;
}

function compareGemm() {
  const dir = path.join(repo, 'build/web/src/cli');
  const engines = {baseline: path.join(dir, 'digitlab-bench.js'), relaxed: path.join(dir, 'digitlab-bench-relaxed.js')};
  for (const file of Object.values(engines))
    if (!fs.existsSync(file)) throw new Error(`${file} missing: cmake --build --preset web`);
  const runs = {baseline: [], relaxed: []};
  for (let r = 0; r < rounds; r++)
    for (const engine of r % 2 ? ['relaxed', 'baseline'] : ['baseline', 'relaxed']) runs[engine].push(benchGemm(engines[engine]));
  console.log(`GEMM under node, one thread, GFLOP/s (best window), ${rounds} interleaved rounds; ratio = relaxed / baseline, ` +
              'per round, then the median');
  console.log(`  ${'shape'.padEnd(28)} ${'baseline'.padStart(9)} ${'relaxed'.padStart(9)}  ratios`);
  const ratios = [];
  for (const shape of runs.baseline[0].keys()) {
    const base = runs.baseline.map(m => m.get(shape)), relaxed = runs.relaxed.map(m => m.get(shape));
    const perRound = base.map((b, i) => relaxed[i] / b);
    ratios.push(median(perRound));
    console.log(`  ${shape.padEnd(28)} ${fixed(median(base)).padStart(9)} ${fixed(median(relaxed)).padStart(9)}  ` +
                `${perRound.map(x => fixed(x, 2)).join(' ')} -> ${fixed(median(perRound), 2)}x`);
  }
  console.log(`  median over the shapes: relaxed = ${fixed(median(ratios), 2)}x baseline\n`);
}

// ---- Training in the tab ----------------------------------------------------------------------------

// One training measurement: the page with `engine`, `model` picked and Train clicked with the mouse;
// examples/s as the trainer reports it, averaged over `seconds` after a 3 s warm-up.
async function trainInTab(url, engine, model) {
  const {page, close} = await launchChromium();
  try {
    await page.goto(`${url}?engine=${engine}`);
    await waitForStart(page, 1, 60000);
    await waitStatus(page, s => s.dataReady, null, 90000);
    const shell = (await status(page)).shell;
    await click(page, `model:${model}`);
    await click(page, 'threads');
    await click(page, `threads:${threads}`);
    await click(page, 'Train');
    await waitStatus(page, s => s.trainPhase === 'training', null, 20000);
    await sleep(3000);
    const samples = [];
    const until = Date.now() + seconds * 1000;
    while (Date.now() < until) {
      await sleep(500);
      const s = await status(page);
      if (s.trainPhase === 'training') samples.push(s.examplesPerSecond);
    }
    return {engine: shell.engine, rate: median(samples)};
  } finally {
    await close();
  }
}

async function compareTab() {
  requireSite();
  const {server, url} = await startServer();
  try {
    for (const model of ['MLP', 'CNN']) {
      const runs = {baseline: [], relaxed: []};
      for (let r = 0; r < rounds; r++) {
        for (const engine of r % 2 ? ['relaxed', 'baseline'] : ['baseline', 'relaxed']) {
          const result = await trainInTab(url, engine, model);
          const expected = engine === 'relaxed' ? 'digitlab-relaxed' : 'digitlab';
          if (result.engine !== expected) throw new Error(`asked for ${engine}, the page loaded ${result.engine}`);
          runs[engine].push(result.rate);
        }
      }
      const perRound = runs.baseline.map((b, i) => runs.relaxed[i] / b);
      console.log(`${model} in the tab, ${threads} threads, examples/s: baseline ${runs.baseline.map(x => fixed(x, 0)).join(' ')}; ` +
                  `relaxed ${runs.relaxed.map(x => fixed(x, 0)).join(' ')}; relaxed / baseline per round ` +
                  `${perRound.map(x => fixed(x, 2)).join(' ')} -> median ${fixed(median(perRound), 2)}x`);
    }
  } finally {
    server.kill();
  }
}

if (want('gemm')) compareGemm();
if (want('tab')) await compareTab();
process.exit(0);
