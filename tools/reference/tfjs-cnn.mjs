// A reference for digitlab's learning dynamics: the workshop's CNN in TensorFlow.js (Keras'
// layers, initializers and Adam), trained like `digitlab-train --model cnn --epochs 1`.
// Not part of the build or the tests; its packages are installed only on request:
//   npm install --prefix tools/reference
//   NTRAIN=10000 SEEDS=1,2,3 node tools/reference/tfjs-cnn.mjs      (about 4 min per seed)
// Compare: build/native/src/cli/digitlab-train --model cnn --epochs 1 --train-limit 10000 --seed 1
// EPOCHS=2 trains longer and prints val_acc after each epoch (NTRAIN=60000: ~20 min per epoch).
// The wasm backend runs one thread under node; the cpu backend (BACKEND=cpu) is ~50 s per batch.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import { fileURLToPath } from 'node:url';
import { registerWasmConv2DBackpropFilter } from './wasm_conv2d_backprop_filter.mjs';

const require = createRequire(import.meta.url);
const DATA = process.env.MNIST_DIR || path.join(path.dirname(fileURLToPath(import.meta.url)), '../../data/mnist');
const NTRAIN = parseInt(process.env.NTRAIN || '10000', 10);
const SEEDS = (process.env.SEEDS || '1,2,3').split(',').map(Number);
const BACKEND = process.env.BACKEND || 'wasm';
const EPOCHS = parseInt(process.env.EPOCHS || '1', 10);

async function setupBackend() {
  if (BACKEND === 'wasm') {
    try {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      const dir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
      wasm.setWasmPaths(dir + '/');
      if (typeof wasm.setThreadsCount === 'function') wasm.setThreadsCount(2);
      console.log('registered Conv2DBackpropFilter shim for wasm:', registerWasmConv2DBackpropFilter());
      const ok = await tf.setBackend('wasm');
      if (!ok) throw new Error('setBackend(wasm) returned false');
      await tf.ready();
      let threads = 'n/a';
      try { threads = wasm.getThreadsCount(); } catch (e) {}
      console.log(`backend=${tf.getBackend()} threads=${threads} simd=${await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')} mt=${await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')}`);
      return;
    } catch (e) {
      console.log('WASM backend failed, falling back to cpu:', e.message);
    }
  }
  await tf.setBackend('cpu');
  await tf.ready();
  console.log(`backend=${tf.getBackend()}`);
}

function readImages(file, n) {
  const b = fs.readFileSync(file);
  if (b.readUInt32BE(0) !== 2051) throw new Error('bad image magic ' + file);
  const count = b.readUInt32BE(4), rows = b.readUInt32BE(8), cols = b.readUInt32BE(12);
  n = Math.min(n ?? count, count);
  const sz = rows * cols;
  const out = new Float32Array(n * sz);
  for (let i = 0; i < n * sz; i++) out[i] = b[16 + i] / 255;
  return tf.tensor4d(out, [n, rows, cols, 1]);
}
function readLabels(file, n) {
  const b = fs.readFileSync(file);
  if (b.readUInt32BE(0) !== 2049) throw new Error('bad label magic ' + file);
  const count = b.readUInt32BE(4);
  n = Math.min(n ?? count, count);
  const lab = new Int32Array(n);
  for (let i = 0; i < n; i++) lab[i] = b[8 + i];
  return tf.oneHot(tf.tensor1d(lab, 'int32'), 10).toFloat();
}

function buildModel(seed) {
  const ki = (k) => tf.initializers.glorotUniform({ seed: seed * 100 + k });
  const m = tf.sequential();
  m.add(tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3, activation: 'relu', padding: 'valid', kernelInitializer: ki(1), biasInitializer: 'zeros' }));
  m.add(tf.layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu', padding: 'valid', kernelInitializer: ki(2), biasInitializer: 'zeros' }));
  m.add(tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }));
  m.add(tf.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu', padding: 'valid', kernelInitializer: ki(3), biasInitializer: 'zeros' }));
  m.add(tf.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu', padding: 'valid', kernelInitializer: ki(4), biasInitializer: 'zeros' }));
  m.add(tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }));
  m.add(tf.layers.flatten());
  m.add(tf.layers.dense({ units: 1024, activation: 'sigmoid', kernelInitializer: ki(5), biasInitializer: 'zeros' }));
  m.add(tf.layers.dropout({ rate: 0.2, seed: seed * 100 + 6 }));
  m.add(tf.layers.dense({ units: 1024, activation: 'sigmoid', kernelInitializer: ki(7), biasInitializer: 'zeros' }));
  m.add(tf.layers.dropout({ rate: 0.2, seed: seed * 100 + 8 }));
  m.add(tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: ki(9), biasInitializer: 'zeros' }));
  m.compile({ loss: 'categoricalCrossentropy', optimizer: tf.train.adam(0.001, 0.9, 0.999, 1e-7), metrics: ['accuracy'] });
  return m;
}

await setupBackend();
const xTrain = readImages(path.join(DATA, 'train-images-idx3-ubyte'), NTRAIN);
const yTrain = readLabels(path.join(DATA, 'train-labels-idx1-ubyte'), NTRAIN);
const xTest = readImages(path.join(DATA, 't10k-images-idx3-ubyte'));
const yTest = readLabels(path.join(DATA, 't10k-labels-idx1-ubyte'));
console.log(`train=${xTrain.shape[0]} test=${xTest.shape[0]} tfjs=${tf.version.tfjs}`);

const results = [];
for (const seed of SEEDS) {
  const model = buildModel(seed);
  const t0 = Date.now();
  const h = await model.fit(xTrain, yTrain, {
    epochs: EPOCHS, batchSize: 32, shuffle: true, verbose: 0,
    validationData: EPOCHS > 1 ? [xTest, yTest] : undefined,
    callbacks: {
      onBatchEnd: async (b, logs) => { if (b % 50 === 0) console.log(`  seed ${seed} batch ${b} loss ${logs.loss.toFixed(4)} acc ${logs.acc.toFixed(4)} t=${((Date.now() - t0) / 1000).toFixed(0)}s`); },
      onEpochEnd: async (epoch, logs) => { console.log(`EPOCH seed=${seed} epoch=${epoch + 1} loss=${logs.loss.toFixed(4)} acc=${logs.acc.toFixed(4)}` + (logs.val_acc !== undefined ? ` val_loss=${logs.val_loss.toFixed(4)} val_acc=${logs.val_acc.toFixed(4)}` : '') + ` t=${((Date.now() - t0) / 1000).toFixed(0)}s`); },
    },
  });
  const trainSec = (Date.now() - t0) / 1000;
  const [tl, ta] = model.evaluate(xTest, yTest, { batchSize: 256 });
  const testLoss = (await tl.data())[0], testAcc = (await ta.data())[0];
  const secs = (Date.now() - t0) / 1000;
  const r = { seed, testAcc, testLoss, trainLoss: h.history.loss.at(-1), trainAcc: h.history.acc.at(-1), trainSec, totalSec: secs };
  results.push(r);
  console.log(`RESULT seed=${seed} test_acc=${testAcc.toFixed(4)} test_loss=${testLoss.toFixed(4)} train_loss=${r.trainLoss.toFixed(4)} train_acc=${r.trainAcc.toFixed(4)} train_sec=${trainSec.toFixed(1)} total_sec=${secs.toFixed(1)}`);
  tl.dispose(); ta.dispose(); model.optimizer.dispose(); model.dispose();
  console.log(`  numTensors=${tf.memory().numTensors} rss=${(process.memoryUsage().rss/1e6).toFixed(0)}MB`);
}
console.log(JSON.stringify(results));
