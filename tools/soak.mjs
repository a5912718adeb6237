// Soak: a long session in headless Chromium through the real UI (real mouse, tests/e2e/lib.mjs),
// watching for leaks and slowdowns. It trains the MLP for its 5 epochs, then the CNN, and again,
// while drawing and clearing digits every few seconds, stepping lessons, switching views, and
// saving and loading the model every few minutes (checked loads during a run, see checkedLoad); it samples the WebAssembly memory, the JS heap
// (after a forced garbage collection) and the frame intervals, prints a table over time and the
// growth after the warm-up, and exits non-zero when a target is missed. The warm-up is a tour of
// every activity with each model (see driveTraining), since memory that only grows keeps the peak
// of each first time; growth after it is what repeating the same things costs.
// Usage: node tools/soak.mjs [--minutes 30] [--warmup SECONDS] [--max-growth PERCENT]
// (build first: cmake --build --preset web --target digitlab; DIGITLAB_SITE=<dir> serves a copy)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {click, collectErrors, drawDigit, launchChromium, pickDigits, requireSite, sleep, startServer, status,
        waitForStart, waitFrames, waitStatus, watchPicker} from '../tests/e2e/lib.mjs';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, a, i, all) =>
  a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1] && !all[i + 1].startsWith('--') ? all[i + 1] : true]] : pairs, []));
const minutes = Number(args.minutes || 30);
const sessionMs = minutes * 60000;
// What happened in the first minutes (the data, each model's first buffers, the first save and
// load, the allocator settling) is not growth: targets count from the end of the warm-up, 5 min in
// a 30 min run, scaled down for short runs (40 s in 2 min), and never before the tour is done.
const warmupMs = 1000 * Number(args.warmup || Math.min(300, Math.max(40, minutes * 10)));
const maxGrowthPercent = Number(args['max-growth'] || 5);
// Frame intervals: the last minute against the first, for the same work. This machine is shared
// (2 cores; other jobs' load moves a whole minute's median by whole 60 Hz steps, 16.7 -> 50 ms,
// with nothing changed in the page), and what the page does matters too (on a loaded machine
// training the MLP holds it at 30 Hz where idling or the CNN keeps 60), while a page that got
// slower is slower in every part of a minute at the same work. So each minute is cut into 5 s
// windows labelled with their activity (model and phase), and for each activity found in both
// minutes the best window's median is compared: contention comes and goes, a slowdown does not,
// and it fails only when every shared activity got slower. With none shared, all windows are
// compared. Headless Chromium paces frames to a 60 Hz clock, so medians move in 16.7 ms steps: the
// last may exceed the first by a quarter, never by less than half a step, so one step more (a
// real slowdown) fails. A run shorter than 10 minutes has only a dozen windows a minute, too few
// to outlast a busy minute, and little time to grow anything: there one step passes and two
// fail. Both minutes' plain medians are printed too.
const frameTolerance = Number(args['frame-tolerance'] || 0.25);
const frameWindowMs = 5000;
const scaled = (fraction, lo, hi) => Math.min(hi, Math.max(lo, sessionMs * fraction));
const every = {
  sample: scaled(1 / 60, 5000, 30000),   // memory: 60 samples a session
  frames: frameWindowMs,
  row: scaled(1 / 15, 8000, 120000),     // a table row
  draw: 4000,                            // draw a digit, or clear and draw another
  view: 15000,                           // the Train panel's views and the workbench's tabs
  lesson: 20000,                         // a lesson, stepped a few times
  save: scaled(0.1, 30000, 180000),      // Save model, then Load model of a checked copy (see below)
};

requireSite();
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'digitlab-soak-'));
const {server, url} = await startServer();
const {context, page, close} = await launchChromium({acceptDownloads: true, args: ['--enable-precise-memory-info']});
const errors = collectErrors(page);
const cdp = await context.newCDPSession(page);
const problems = [];  // activities that failed: each is a finding too
const counts = {digits: 0, clears: 0, lessonSteps: 0, views: 0, saves: 0, loads: 0, checkedLoads: 0, runs: 0};
const samples = [];   // {t, wasm, heap, phase, model, epoch, examplesPerSecond}
const frameWindows = [];  // {t, deltas}: the frame intervals of each 5 s
const t0 = Date.now();
const now = () => Date.now() - t0;
const clock = ms => `${String(Math.floor(ms / 60000)).padStart(2, '0')}:${String(Math.floor(ms / 1000) % 60).padStart(2, '0')}`;

function cleanup() {
  fs.rmSync(scratch, {recursive: true, force: true});
}

// Runs an activity; a failure is recorded and the session goes on.
async function attempt(name, fn) {
  try {
    await fn();
  } catch (e) {
    problems.push(`${clock(now())} ${name}: ${e.message.split('\n')[0]}`);
    console.log(`      ${clock(now())} ${name} failed: ${e.message.split('\n')[0]}`);
  }
}

// ---- Measuring ------------------------------------------------------------------------------------

// Frame intervals as the browser delivers them; drained at every sample so the page keeps none.
async function recordFrames() {
  await page.evaluate(() => {
    window.__soakFrames = [];
    let last = performance.now();
    const tick = t => {
      window.__soakFrames.push(t - last);
      last = t;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

// Each window is labelled with what the page was doing (model and phase) when it began and ended,
// so frames are compared between windows of the same work; 'changing' when the two differ.
let activityAtLastDrain = null;
async function drainFrames() {
  const deltas = await page.evaluate(() => {
    const taken = window.__soakFrames;
    window.__soakFrames = [];
    return taken;
  });
  const s = await status(page);
  const activity = `${s.model} ${s.trainPhase}`;
  frameWindows.push({t: now(), deltas, activity: activity === activityAtLastDrain ? activity : 'changing'});
  activityAtLastDrain = activity;
}

async function sample() {
  await cdp.send('HeapProfiler.collectGarbage');  // what is still referenced, not what awaits collection
  const heap = await page.evaluate(() => performance.memory.usedJSHeapSize);
  const s = await status(page);
  samples.push({t: now(), wasm: s.wasmMemoryBytes, heap, phase: s.trainPhase, model: s.model, epoch: s.epoch,
                examplesPerSecond: s.examplesPerSecond, workMs: s.frameWorkMs.median});
}

// What the JS heap holds, by kind of object (a heap snapshot's constructor names; strings as one
// kind): {name: {count, bytes}}. Compared at the baseline and the end, it names what grew.
async function heapByKind() {
  const chunks = [];
  const onChunk = e => chunks.push(e.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  await cdp.send('HeapProfiler.takeHeapSnapshot', {reportProgress: false});
  cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  const snapshot = JSON.parse(chunks.join(''));
  const fields = snapshot.snapshot.meta.node_fields, types = snapshot.snapshot.meta.node_types[0];
  const [type, name, size] = ['type', 'name', 'self_size'].map(f => fields.indexOf(f));
  const kinds = {};
  for (let i = 0; i < snapshot.nodes.length; i += fields.length) {
    const t = types[snapshot.nodes[i + type]];
    const key = t === 'object' || t === 'closure' || t === 'native' ?
        `${t} ${snapshot.strings[snapshot.nodes[i + name]].slice(0, 60)}` : t;
    const k = (kinds[key] ??= {count: 0, bytes: 0});
    k.count++;
    k.bytes += snapshot.nodes[i + size];
  }
  return kinds;
}
let heapAtBaseline = null;

const median = values => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)] : NaN;
};
const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] : NaN;
};
const MB = bytes => (bytes / 1e6).toFixed(1);

let rowFrom = 0, rowFramesFrom = 0;  // the first sample and frame window not yet in a row
function printRow() {
  const rows = samples.slice(rowFrom);
  if (!rows.length) return;
  rowFrom = samples.length;
  const last = rows[rows.length - 1];
  const frames = frameWindows.slice(rowFramesFrom).flatMap(w => w.deltas);
  rowFramesFrom = frameWindows.length;
  console.log(`${clock(last.t)}  ${`${last.model} ${last.phase} e${last.epoch}`.padEnd(20)} ${MB(last.wasm).padStart(7)} ` +
              `${MB(last.heap).padStart(7)} ${median(frames).toFixed(1).padStart(7)} ${percentile(frames, 0.9).toFixed(1).padStart(7)} ` +
              `${String(Math.round(last.examplesPerSecond)).padStart(6)}  ${counts.digits} / ${counts.lessonSteps} / ` +
              `${counts.views} / ${counts.saves} / ${counts.loads}+${counts.checkedLoads}  ${os.loadavg()[0].toFixed(1)}`);
}

// ---- Activities -----------------------------------------------------------------------------------

const digits = pickDigits([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
let digitTurn = 0;
async function showDraw() {
  if ((await status(page)).tab !== 'draw') {
    await click(page, 'tab:Draw');
    await waitStatus(page, s => s.tab === 'draw');
  }
}
async function drawOrClear() {
  await showDraw();
  if ((await status(page)).drawPanel.strokes > 0) {
    await click(page, 'Clear');
    await waitStatus(page, s => s.drawPanel.strokes === 0);
    counts.clears++;
  }
  await drawDigit(page, digits[digitTurn++ % digits.length]);
  counts.digits++;
}

const trainViews = ['view:Epochs', 'view:Summary', 'view:Curves'];
const benchTabs = ['tab:Test', 'tab:Lessons', 'tab:Draw'];
let viewTurn = 0;
async function switchViews() {
  await click(page, trainViews[viewTurn % trainViews.length]);
  await click(page, benchTabs[viewTurn % benchTabs.length]);
  viewTurn++;
  counts.views += 2;
}

const lessons = ['matmul', 'images', 'perceptron', 'dense', 'crossentropy', 'descent', 'conv', 'relu', 'pool', 'dropout'];
let lessonTurn = 0;
async function stepLesson() {
  await click(page, 'tab:Lessons');
  await waitStatus(page, s => s.tab === 'lessons');
  const slug = lessons[lessonTurn++ % lessons.length];
  await click(page, `lesson:${slug}`);
  await waitStatus(page, (s, a) => s.lesson && s.lesson.slug === a, slug);
  for (let i = 0; i < 3; i++) {
    await click(page, 'lesson:Step');
    counts.lessonSteps++;
  }
}

let savedFile = null, savedHash = '';
async function save() {
  const s = await status(page);
  if (s.liveModel === 'none') return;
  const download = page.waitForEvent('download', {timeout: 20000});
  await click(page, 'Save model');
  const file = await download;
  if (savedFile) fs.rmSync(savedFile, {force: true});
  savedFile = path.join(scratch, `${counts.saves}-${file.suggestedFilename()}`);
  await file.saveAs(savedFile);
  savedHash = s.modelFiles.liveWeightsHash;  // '' while training: then not compared after the load
  counts.saves++;
}

async function load() {
  if (!savedFile) return;
  const name = path.basename(savedFile);
  await watchPicker(page);
  const chooser = page.waitForEvent('filechooser', {timeout: 10000});
  await click(page, 'Load model');
  await (await chooser).setFiles(savedFile);
  const s = await waitStatus(page, (s, n) => s.notice.startsWith(`Loaded ${n}`) && s.trainPhase === 'idle' &&
                                             s.modelFiles.liveWeightsHash !== '', name, 30000);
  if (savedHash && s.modelFiles.liveWeightsHash !== savedHash) {
    throw new Error(`loaded weights ${s.modelFiles.liveWeightsHash} differ from the saved ${savedHash}`);
  }
  counts.loads++;
}

// Loading a good file ends the run in progress, so between runs a load is checked instead: a copy
// of the file just saved, its last value made NaN, goes through Load model and the whole check
// (read, decode, a model to load it into) and is refused; the run must go on untouched.
async function checkedLoad() {
  if (!savedFile) return;
  const bytes = fs.readFileSync(savedFile);
  bytes.writeFloatLE(NaN, bytes.length - 4);
  const name = `checked-${path.basename(savedFile)}`;
  const file = path.join(scratch, name);
  fs.writeFileSync(file, bytes);
  const before = await status(page);
  await watchPicker(page);
  const chooser = page.waitForEvent('filechooser', {timeout: 10000});
  await click(page, 'Load model');
  await (await chooser).setFiles(file);
  const s = await waitStatus(page, (s, n) => s.noticeIsError && s.notice.startsWith(`Could not load ${n}:`), name, 30000);
  fs.rmSync(file, {force: true});
  if (!/contains NaN/.test(s.notice)) throw new Error(`unexpected refusal: ${s.notice}`);
  // (training may move on meanwhile: to validating, or to finished)
  if (before.trainPhase !== 'idle' && s.trainPhase === 'idle') throw new Error('the run was stopped');
  if (s.epoch < before.epoch || (s.epoch === before.epoch && s.steps < before.steps)) throw new Error('the run restarted');
  counts.checkedLoads++;
}

// The session starts with a tour of everything it will do, as its warm-up: each model trained to
// its first validation, paused, saved and loaded back (the loaded weights must be the saved ones).
// Then the plan: the MLP for its 5 epochs, then the CNN for its 2, and again; each finished run is
// saved and loaded back.
const plan = ['MLP', 'CNN'];
let stage = 0;          // < plan.length: touring plan[stage]; then the plan proper
let planTurn = 0;
let tourDoneAt = null;  // when the tour ended
async function startRun(model) {
  await click(page, `model:${model}`);
  await waitStatus(page, (s, m) => s.trainPanel.model === m, model.toLowerCase());
  await click(page, 'Train');
  await waitStatus(page, s => ['training', 'validating'].includes(s.trainPhase), null, 30000);
  counts.runs++;
}
async function driveTraining() {
  const s = await status(page);
  if (stage < plan.length) {
    if (s.trainPhase === 'idle') return startRun(plan[stage]);
    if (s.val_acc < 0 || s.trainPhase === 'validating') return;  // not validated yet
    await click(page, 'Pause');
    await waitStatus(page, s => s.trainPhase === 'paused' && s.modelFiles.liveWeightsHash !== '', null, 15000);
    await save();
    await load();
    if (++stage === plan.length) tourDoneAt = now();
    return;
  }
  if (s.trainPhase === 'finished') {
    await save();
    await load();
    planTurn++;
  }
  if ((await status(page)).trainPhase === 'idle') await startRun(plan[planTurn % plan.length]);
}

// ---- The session ----------------------------------------------------------------------------------

let exitCode = 1;
try {
  await page.goto(url);
  await waitForStart(page, 1, 60000);
  await waitStatus(page, s => s.dataReady || s.dataError, null, 60000);
  await recordFrames();
  console.log(`soak: ${minutes} min, warm-up ${warmupMs / 1000} s, targets: WebAssembly memory and JS heap growth ` +
              `after warm-up <= ${maxGrowthPercent}%, frame interval (best 5 s median, last vs first minute, same work) at most ` +
              `${frameTolerance * 100}% slower, no console errors`);
  // load: the machine's 1-minute load average (2 cores here, shared): frame times follow it.
  console.log(`time   model / phase / epoch   WASM MB JS heap  frame ms    p90  ex/s   digits / lesson steps / views / ` +
              `saves / loads+checked  load`);
  const due = Object.fromEntries(Object.keys(every).map(k => [k, now() + (k === 'sample' ? 0 : every[k])]));
  while (now() < sessionMs) {
    await attempt('training', driveTraining);
    // Each activity when due, then not again for its interval (a late one does not bunch up).
    const when = async (name, fn) => {
      if (now() < due[name]) return;
      await attempt(name, fn);
      due[name] = Math.max(due[name] + every[name], now());
    };
    await when('frames', drainFrames);
    await when('sample', sample);
    if (!heapAtBaseline && tourDoneAt && now() >= Math.max(warmupMs, tourDoneAt) + 60000)
      heapAtBaseline = await heapByKind();
    await when('row', async () => printRow());
    if ((await status(page)).trainPhase !== 'finished') {
      await when('save', async () => {
        await save();
        await checkedLoad();
      });
    }
    await when('lesson', stepLesson);
    await when('view', switchViews);
    await when('draw', drawOrClear);
    await sleep(200);
  }
  await drainFrames();
  await sample();
  printRow();
  const heapAtEnd = heapAtBaseline ? await heapByKind() : null;
  await page.mouse.move(5, 790);
  await waitFrames(page, 2);
  exitCode = report();
  if (heapAtEnd) {
    const grew = Object.entries(heapAtEnd)
        .map(([kind, e]) => [kind, e.bytes - (heapAtBaseline[kind]?.bytes ?? 0), e.count - (heapAtBaseline[kind]?.count ?? 0)])
        .filter(([, bytes]) => bytes > 0).sort((a, b) => b[1] - a[1]).slice(0, 8);
    console.log('JS heap, what grew after warm-up (heap snapshots): ' +
                (grew.map(([kind, bytes, count]) => `${kind} +${(bytes / 1024).toFixed(1)} KB (${count >= 0 ? '+' : ''}${count})`)
                     .join(', ') || 'nothing'));
  }
} catch (e) {
  console.log(`soak: stopped: ${e.stack || e}`);
} finally {
  await close();
  server.kill();
  cleanup();
}
process.exit(exitCode);

// The growth after warm-up and the frame intervals against the targets; 0 when all are met.
function report() {
  const warmupEnd = Math.max(warmupMs, tourDoneAt ?? Infinity);
  const after = samples.filter(s => s.t >= warmupEnd);
  // Baseline: the samples of the first minute after warm-up (a forced GC each, so they agree); end:
  // the last three. Medians, so one sample taken mid-allocation decides nothing.
  const base = after.filter(s => s.t < warmupEnd + Math.max(60000, 2 * every.sample));
  const end = samples.slice(-3);
  const growth = key => (median(end.map(s => s[key])) / median(base.map(s => s[key])) - 1) * 100;
  // Frames: each minute's windows (a window counts for the minute it ended in), their best median.
  const first = frameWindows.filter(w => w.t <= frameWindows[0].t + 60000);
  const last = frameWindows.filter(w => w.t > frameWindows[frameWindows.length - 1].t - 60000);
  const best = windows => Math.min(...windows.filter(w => w.deltas.length >= 20).map(w => median(w.deltas)));
  const [firstMedian, lastMedian] = [median(first.flatMap(w => w.deltas)), median(last.flatMap(w => w.deltas))];
  const of = (windows, activity) => windows.filter(w => w.activity === activity);
  const shared = [...new Set(first.map(w => w.activity))]
      .filter(a => a !== 'changing' && Number.isFinite(best(of(first, a))) && Number.isFinite(best(of(last, a))));
  // [activity, first best, last best] per shared activity, or one row over all windows.
  const compared = shared.length ? shared.map(a => [a, best(of(first, a)), best(of(last, a))])
                                 : [['all windows', best(first), best(last)]];
  const allowedFor = firstBest => Math.max(frameTolerance * firstBest, 1000 / 60 * (minutes < 10 ? 1.5 : 0.5));
  const slower = compared.filter(([, f, l]) => !(l - f <= allowedFor(f)));
  const frameSlowdown = slower.length === compared.length;
  const wasmGrowth = growth('wasm'), heapGrowth = growth('heap');
  const at = (list, key) => MB(median(list.map(s => s[key])));
  console.log(`\nsoak: ${minutes} min; ${counts.runs} runs, ${counts.digits} digits drawn (${counts.clears} cleared), ` +
              `${counts.lessonSteps} lesson steps, ${counts.views} view switches, ${counts.saves} saves, ${counts.loads} loads ` +
              `and ${counts.checkedLoads} checked loads`);
  const atMark = samples.filter(s => s.t >= warmupMs).slice(0, 1);  // the sample at --warmup (5 min)
  const line = key => `${at(samples.slice(0, 1), key)} MB at start, ${at(atMark, key)} MB at ${clock(warmupMs)}, ` +
                      `${at(base, key)} MB after warm-up (${clock(warmupEnd)}), ${at(end, key)} MB at the end`;
  const signed = x => `${x >= 0 ? '+' : ''}${x.toFixed(1)}%`;
  console.log(`WebAssembly memory: ${line('wasm')}: ${signed(wasmGrowth)}`);
  console.log(`JS heap (after GC): ${line('heap')}: ${signed(heapGrowth)}`);
  const frameCount = windows => windows.reduce((n, w) => n + w.deltas.length, 0);
  console.log(`median frame interval: first minute ${firstMedian.toFixed(1)} ms (${frameCount(first)} frames), ` +
              `last minute ${lastMedian.toFixed(1)} ms (${frameCount(last)} frames)`);
  console.log(`best 5 s median, first minute -> last minute, for the same work (allowed: up to a quarter or ` +
              `${minutes < 10 ? 'one and a half 60 Hz steps' : 'half a 60 Hz step'} slower): ` + compared.map(([a, f, l]) => `${a} ${f.toFixed(1)} -> ${l.toFixed(1)} ms` +
                                                        `${slower.some(x => x[0] === a) ? ' (slower)' : ''}`).join(', '));
  console.log(`the app's own work per frame (median of its last 240 frames): ${samples[0].workMs.toFixed(1)} ms at start, ` +
              `${median(end.map(s => s.workMs)).toFixed(1)} ms at the end; machine load average ${os.loadavg()[0].toFixed(1)}`);
  console.log(`console errors: ${errors.length}${errors.length ? `: ${errors.slice(0, 5).join(' | ')}` : ''}`);
  const failures = [];
  if (!base.length || end[0].t <= warmupEnd) failures.push('the session ended before its warm-up did: run it longer');
  if (!(wasmGrowth <= maxGrowthPercent)) failures.push(`WebAssembly memory grew ${wasmGrowth.toFixed(1)}% after warm-up`);
  if (!(heapGrowth <= maxGrowthPercent)) failures.push(`the JS heap grew ${heapGrowth.toFixed(1)}% after warm-up`);
  if (frameSlowdown) {
    failures.push(`frames got slower: ${slower.map(([a, f, l]) => `${a} ${f.toFixed(1)} -> ${l.toFixed(1)} ms`).join(', ')}`);
  }
  if (errors.length) failures.push(`${errors.length} console errors`);
  if (problems.length) failures.push(`${problems.length} activities failed: ${problems.slice(0, 3).join('; ')}`);
  if (!counts.saves || !counts.loads || !counts.checkedLoads || !counts.digits || !counts.lessonSteps) {
    failures.push('an activity never ran');
  }
  console.log(failures.length ? `FAIL  ${failures.join('; ')}` : 'ok    soak targets met');
  return failures.length ? 1 : 0;
}
