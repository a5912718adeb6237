// Where a training step's time goes in the WebAssembly engine: runs digitlab-bench-profile (the
// relaxed-SIMD bench linked with its function names) under node --cpu-prof and prints each
// function's share of the samples of the thread that trained (self time, the warm-up included).
// Not a test: it prints figures.
// Usage: cmake --build --preset web --target digitlab-bench-profile
//        node tools/wasm-profile.mjs [--model mlp|cnn] [--threads 1] [--top 20]
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
};
const model = option('model', 'cnn'), threads = option('threads', '1'), top = Number(option('top', 20));
const bench = path.join(repo, 'build/web/src/cli/digitlab-bench-profile.js');
if (!fs.existsSync(bench)) throw new Error(`${bench} missing: cmake --build --preset web --target digitlab-bench-profile`);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'digitlab-profile-'));
const out = execFileSync('node', ['--experimental-wasm-relaxed-simd', '--cpu-prof', '--cpu-prof-dir', dir, bench, '--skip-gemm',
                                  '--repeats', '2', '--model', model, '--threads', threads], {cwd: repo, encoding: 'utf8'});
console.log(out.split('\n').filter(l => l.startsWith(model + ' ')).join('\n'));
// "void dl::(anonymous namespace)::micro_kernel<3, 3>(int, ...)" -> "dl::micro_kernel<3, 3>".
const shortName = name => name.startsWith('(') ? name
  : name.replace(/\(anonymous namespace\)::/g, '').replace(/^void /, '').replace(/\(.*$/, '').slice(0, 100);
// One profile per thread; the ones that trained are those mostly outside (idle).
for (const file of fs.readdirSync(dir).sort()) {
  const profile = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  const byId = new Map(profile.nodes.map(n => [n.id, n]));
  const self = new Map();
  for (const id of profile.samples) {
    const frame = byId.get(id).callFrame;
    const name = frame.functionName || path.basename(frame.url) || '(anonymous)';
    self.set(name, (self.get(name) || 0) + 1);
  }
  const total = profile.samples.length;
  if ((self.get('(idle)') || 0) > 0.8 * total) continue;
  console.log(`\n${file}: ${total} samples`);
  for (const [name, count] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`${(100 * count / total).toFixed(1).padStart(6)}%  ${shortName(name)}`);
}
fs.rmSync(dir, {recursive: true, force: true});
