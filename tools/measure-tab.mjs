// Measures training in the tab the way a student starts it: clicks the model, the thread count and
// Train with the real mouse, then reports the time until val_acc reaches a target, the trainer's
// examples/s and the browser's frame times while training (over at least --seconds of training).
// Also the WebAssembly memory's peak: after the data arrived, and at the end (memory only grows).
// With --dataset (mnist or fashion-mnist) or --first-epoch it also waits for the end of epoch 1 and
// prints that epoch's val_acc, measured on the whole test set: the test accuracy after one epoch.
// Then runs the same engine under node (digitlab-bench, same model, batch and threads) and prints
// the tab's examples/s as a share of node's. Not a test: it prints figures.
// Usage: node tools/measure-tab.mjs [--model MLP|CNN] [--threads N] [--target 0.9] [--timeout 150]
//                                   [--seconds 20] [--dataset mnist|fashion-mnist] [--first-epoch] [--no-node]
//                                   [--whole-set]
// (build first: cmake --build --preset web; DIGITLAB_SITE overrides the page's directory)
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {click, launchChromium, requireSite, sleep, startServer, status, waitForStart, waitStatus} from '../tests/e2e/lib.mjs';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, a, i, all) =>
  a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1] && !all[i + 1].startsWith('--') ? all[i + 1] : true]] : pairs, []));
const minSeconds = Number(args.seconds || 20);
const model = (args.model || 'MLP').toUpperCase();
const dataset = args.dataset || 'mnist';
const waitForFirstEpoch = Boolean(args.dataset || args['first-epoch']);
const target = Number(args.target || (dataset === 'fashion-mnist' ? 0.83 : model === 'CNN' ? 0.97 : 0.9));
const timeoutSeconds = Number(args.timeout || 150);
// --whole-set: the target applies to the val_acc of the whole test set, measured at each epoch's end
// (the figure in between comes from the quick validation set).
const wholeSet = Boolean(args['whole-set']);

requireSite();
const {server, url} = await startServer();
const {page, close} = await launchChromium();
try {
  const navigated = Date.now();
  await page.goto(url);
  await waitForStart(page, 1, 30000);
  const firstFrameSeconds = (Date.now() - navigated) / 1000;
  let loaded = await waitStatus(page, s => s.dataReady, null, 60000);
  if (dataset !== 'mnist') {
    await click(page, `dataset:${dataset}`);
    loaded = await waitStatus(page, (s, d) => s.dataset === d && s.dataReady, dataset, 60000);
  }
  await click(page, `model:${model}`);
  if (args.threads) {
    await click(page, 'threads');
    await click(page, `threads:${args.threads}`);
  }
  // Frame intervals as the browser delivers them (the app draws in the same rAF callbacks).
  await page.evaluate(() => {
    window.__frameMs = [];
    let last = performance.now();
    const tick = t => { window.__frameMs.push(t - last); last = t; requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  });
  const before = await status(page);
  const started = Date.now();
  await click(page, 'Train');
  let s = await status(page), reached = null, firstEpoch = null;
  const epochEnds = [];  // the whole test set's val_acc at each epoch's end, with its time
  while ((Date.now() - started) / 1000 < timeoutSeconds) {
    await sleep(250);
    s = await status(page);
    const now = (Date.now() - started) / 1000;
    if (s.compare.aValAcc >= 0 && (epochEnds.length === 0 || epochEnds.at(-1).valAcc !== s.compare.aValAcc))
      epochEnds.push({valAcc: s.compare.aValAcc, seconds: now});
    const measured = wholeSet ? (epochEnds.length ? epochEnds.at(-1).valAcc : -1) : s.val_acc;
    if (reached === null && measured >= target) reached = now;
    if (firstEpoch === null && s.compare.aValAcc >= 0) firstEpoch = {valAcc: s.compare.aValAcc, seconds: now};
    if (reached !== null && (Date.now() - started) / 1000 >= minSeconds && (firstEpoch || !waitForFirstEpoch)) break;
    if (s.trainPhase === 'finished') break;
  }
  const frames = (await page.evaluate(() => window.__frameMs.slice(5))).sort((a, b) => a - b);
  const pct = p => frames[Math.min(frames.length - 1, Math.floor(frames.length * p))].toFixed(1);
  console.log(`model ${model} on ${s.dataset}, ${s.trainThreads} training threads, batch ${s.batchSize}`);
  console.log(`first frame ${firstFrameSeconds.toFixed(1)} s after navigation`);
  const which = wholeSet ? 'whole-test-set val_acc' : 'val_acc';
  console.log(reached === null ? `${which} ${wholeSet && epochEnds.length ? epochEnds.at(-1).valAcc : s.val_acc} after ${timeoutSeconds} s: target ${target} not reached`
                               : `${which} >= ${target} after ${reached.toFixed(1)} s; measured until ${((Date.now() - started) / 1000).toFixed(1)} s (epoch ${s.epoch}, ${s.samples} samples, val_acc ${s.val_acc})`);
  if (epochEnds.length)
    console.log('whole test set at each epoch end: ' + epochEnds.map((e, i) => `epoch ${i + 1} val_acc ${e.valAcc.toFixed(4)} ` +
                                                                         `at ${e.seconds.toFixed(0)} s`).join(', '));
  if (waitForFirstEpoch) {
    console.log(firstEpoch ? `after epoch 1 (${firstEpoch.seconds.toFixed(1)} s): val_acc ${firstEpoch.valAcc.toFixed(4)} on the ` +
                             `whole test set` : `epoch 1 did not end within ${timeoutSeconds} s`);
  }
  const MB = bytes => (bytes / 1048576).toFixed(0);
  console.log(`WebAssembly memory: ${MB(loaded.wasmMemoryBytes)} MB with ${s.dataset} loaded, peak ${MB(s.wasmMemoryBytes)} MB while training`);
  console.log(`trainer ${Math.round(s.examplesPerSecond)} examples/s; frame interval median ${pct(0.5)} ms, p90 ${pct(0.9)} ms over ${frames.length} frames`);
  const drawn = s.framesDrawn - before.framesDrawn, skipped = s.framesSkipped - before.framesSkipped;
  const partial = s.framesPartial - before.framesPartial;
  console.log(`app frames while training: ${drawn} repainted (${partial} of them only in part), ${skipped} unchanged; ` +
              `main-thread work per frame median ${s.frameWorkMs.median.toFixed(1)} ms, p90 ${s.frameWorkMs.p90.toFixed(1)} ms`);
  await close();
  server.kill();
  if (!args['no-node']) compareWithNode(s);
} catch (e) {
  await close();
  server.kill();
  throw e;
}

// The same engine, model, batch and thread count under node, right after the tab closed.
function compareWithNode(tab) {
  const bench = path.join(path.dirname(fileURLToPath(import.meta.url)), '../build/web/src/cli/digitlab-bench.js');
  if (!fs.existsSync(bench)) {
    console.log(`node comparison skipped: ${bench} missing (cmake --build --preset web)`);
    return;
  }
  const out = execFileSync('node', ['--experimental-wasm-relaxed-simd', bench, '--skip-gemm', '--repeats', '5', '--model',
                                    model.toLowerCase(), '--threads', String(tab.trainThreads)],
                           {cwd: path.join(path.dirname(bench), '../../../..'), encoding: 'utf8'});
  const row = out.split('\n').find(l => l.startsWith(model.toLowerCase() + ' '));
  const nodeRate = Number(row.trim().split(/\s+/)[3]);
  console.log(`node, same engine: ${nodeRate} examples/s (batch ${row.trim().split(/\s+/)[1]}, ${tab.trainThreads} threads); ` +
              `tab / node = ${(100 * tab.examplesPerSecond / nodeRate).toFixed(0)}%`);
}
