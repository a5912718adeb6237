// Speed, side by side: this machine's speed swings by tens of percent within minutes, so figures are
// only compared when measured in one run, interleaved round by round. Prints every figure and the
// ratios; not a test.
//   gemm:  the GEMM table under node, digitlab-bench (baseline SIMD128 kernel) against
//          digitlab-bench-relaxed (relaxed SIMD's fused multiply-add), GFLOP/s per thread;
//   tab:   training in headless Chromium through the real UI, the baseline module (?engine=baseline)
//          against the relaxed one, MLP and CNN examples/s at the Threads setting given, and in the
//          same browser, interleaved, TensorFlow.js's wasm backend (threaded SIMD, the same thread
//          count) training the same networks (tools/reference/tfjs-peer.html), when its packages are
//          installed (npm install --prefix tools/reference). TF.js-wasm 4.22 has no
//          Conv2DBackpropFilter kernel: the page registers one built from its own ops, checked here
//          against the cpu backend.
//   threads: training under node, digitlab-bench-relaxed at one thread and at --threads, MLP and CNN,
//          interleaved: what a second thread gains without a browser's other work on the machine.
//   before: training in the tab with the relaxed module of another build of the site (--before DIR,
//          e.g. an older commit's build/web/site) against this one's, MLP and CNN, interleaved: a
//          change's cost or gain, side by side. Not part of the default set.
// Usage: node tools/peers.mjs [gemm] [tab] [threads] [before --before DIR] [--rounds 3] [--threads 2] [--seconds 12]
//        [--gemm-seconds 0.3]
// (build first: cmake --build --preset web)
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import os from 'node:os';
import {click, launchChromium, requireSite, site, sleep, startServer, status, waitForStart, waitStatus} from '../tests/e2e/lib.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
};
const parts = argv.filter((a, i) => !a.startsWith('--') && !(i > 0 && argv[i - 1].startsWith('--')));
const want = part => (parts.length === 0 && part !== 'before') || parts.includes(part);
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

// ---- Training under node at 1 and N threads ---------------------------------------------------------

function benchTraining(model, threadCount) {
  const binary = path.join(repo, 'build/web/src/cli/digitlab-bench-relaxed.js');
  if (!fs.existsSync(binary)) throw new Error(`${binary} missing: cmake --build --preset web`);
  const out = execFileSync('node', ['--experimental-wasm-relaxed-simd', binary, '--skip-gemm', '--repeats', '3', '--model',
                                    model, '--threads', String(threadCount)], {cwd: repo, encoding: 'utf8'});
  const row = out.split('\n').find(l => l.startsWith(model + ' '));
  return Number(row.trim().split(/\s+/)[3]);
}

function compareThreads() {
  for (const model of ['mlp', 'cnn']) {
    const runs = {one: [], many: []};
    for (let r = 0; r < rounds; r++)
      for (const which of r % 2 ? ['many', 'one'] : ['one', 'many'])
        runs[which].push(benchTraining(model, which === 'one' ? 1 : threads));
    const perRound = runs.many.map((x, i) => x / runs.one[i]);
    console.log(`${model.toUpperCase()} under node (relaxed kernel), examples/s: 1 thread ${runs.one.map(x => fixed(x, 0)).join(' ')}; ` +
                `${threads} threads ${runs.many.map(x => fixed(x, 0)).join(' ')}; ratio per round ` +
                `${perRound.map(x => fixed(x, 2)).join(' ')} -> median ${fixed(median(perRound), 2)}x`);
  }
}

// ---- Training in the tab ----------------------------------------------------------------------------

// Another build's site against this one's, the relaxed module in both, interleaved round by round.
async function compareBefore() {
  const dir = option('before', null);
  if (!dir || !fs.existsSync(path.join(dir, 'digitlab-relaxed.wasm'))) throw new Error('before: --before DIR (a built site)');
  const now = await startServer();
  const before = await startServer([], dir);
  try {
    for (const model of ['MLP', 'CNN']) {
      const runs = {before: [], now: []};
      for (let r = 0; r < rounds; r++)
        for (const which of r % 2 ? ['now', 'before'] : ['before', 'now'])
          runs[which].push((await trainInTab((which === 'now' ? now : before).url, 'relaxed', model)).rate);
      const perRound = runs.now.map((x, i) => x / runs.before[i]);
      console.log(`${model} in the tab, ${threads} threads, examples/s: before (${dir}) ` +
                  `${runs.before.map(x => fixed(x, 0)).join(' ')}; now ${runs.now.map(x => fixed(x, 0)).join(' ')}; ` +
                  `now / before per round ${perRound.map(x => fixed(x, 2)).join(' ')} -> median ${fixed(median(perRound), 2)}x`);
    }
  } finally {
    now.server.kill();
    before.server.kill();
  }
}

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

// TF.js's page: its bundles and wasm files from tools/reference/node_modules and MNIST from the site,
// linked into a folder the test server serves (cross-origin isolated, so its threads run).
const reference = path.join(repo, 'tools/reference');
function tfjsFolder() {
  const modules = path.join(reference, 'node_modules/@tensorflow');
  if (!fs.existsSync(path.join(modules, 'tfjs-backend-wasm/dist/tf-backend-wasm.min.js'))) return null;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'digitlab-peers-'));
  const link = (from, name) => fs.symlinkSync(from, path.join(dir, name));
  link(path.join(reference, 'tfjs-peer.html'), 'index.html');
  link(path.join(modules, 'tfjs/dist/tf.min.js'), 'tf.min.js');
  for (const f of ['tf-backend-wasm.min.js', 'tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm',
                   'tfjs-backend-wasm-threaded-simd.wasm'])
    link(path.join(modules, 'tfjs-backend-wasm/dist', f), f);
  link(path.join(site, 'data'), 'data');
  return dir;
}

async function trainTfjs(url, model) {
  const {page, close} = await launchChromium();
  try {
    await page.goto(`${url}index.html?threads=${threads}`);
    const info = await page.evaluate(() => window.tfjsPeer.ready);
    const batch = model === 'MLP' ? 64 : 32;
    const result = await page.evaluate(o => window.tfjsPeer.train(o), {model: model.toLowerCase(), batch,
                                                                      batches: model === 'MLP' ? 30 : 8, threads});
    const check = model === 'CNN' ? await page.evaluate(() => window.tfjsPeer.checkConvGradient()) : null;
    return {rate: result.examplesPerSecond, info, check};
  } finally {
    await close();
  }
}

async function compareTab() {
  requireSite();
  const {server, url} = await startServer();
  const tfjsDir = tfjsFolder();
  const tfjs = tfjsDir ? await startServer(['--dir', tfjsDir]) : null;
  if (!tfjs) console.log('TF.js skipped: its packages are not installed (npm install --prefix tools/reference)');
  try {
    for (const model of ['MLP', 'CNN']) {
      const runs = {baseline: [], relaxed: [], tfjs: []};
      let tfjsInfo = null, conv = null;
      for (let r = 0; r < rounds; r++) {
        const order = r % 2 ? ['relaxed', 'baseline'] : ['baseline', 'relaxed'];
        if (tfjs) order.splice(r % 3, 0, 'tfjs');
        for (const engine of order) {
          if (engine === 'tfjs') {
            const t = await trainTfjs(tfjs.url, model);
            runs.tfjs.push(t.rate);
            tfjsInfo = t.info;
            conv = t.check || conv;
            continue;
          }
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
      if (tfjs) {
        const vsTfjs = runs.relaxed.map((x, i) => x / runs.tfjs[i]);
        const baseVsTfjs = runs.baseline.map((x, i) => x / runs.tfjs[i]);
        console.log(`  TF.js ${tfjsInfo.version} wasm (threads ${tfjsInfo.threads}, SIMD ${tfjsInfo.simd}, ` +
                    `multithread ${tfjsInfo.multithread}): ${runs.tfjs.map(x => fixed(x, 0)).join(' ')} examples/s; ` +
                    `digitlab relaxed / TF.js per round ${vsTfjs.map(x => fixed(x, 1)).join(' ')} -> median ` +
                    `${fixed(median(vsTfjs), 1)}x (baseline ${fixed(median(baseVsTfjs), 1)}x)`);
        if (conv) console.log(`  TF.js's Conv2DBackpropFilter, registered from its own ops: against the cpu backend ` +
                              `max |difference| ${conv.maxAbsDiff.toExponential(2)} of max |value| ${fixed(conv.maxAbs, 1)} ` +
                              `(relative ${conv.relative.toExponential(2)})`);
      }
    }
  } finally {
    server.kill();
    if (tfjs) tfjs.server.kill();
    if (tfjsDir) fs.rmSync(tfjsDir, {recursive: true, force: true});
  }
}

if (want('gemm')) compareGemm();
if (want('threads')) compareThreads();
if (want('tab')) await compareTab();
if (want('before')) await compareBefore();
process.exit(0);
