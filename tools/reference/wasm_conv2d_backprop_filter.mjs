// Conv2DBackpropFilter is not implemented in @tensorflow/tfjs-backend-wasm 4.22.
// Register it for stride-1 / dilation-1 / VALID / NHWC convs using the wasm
// backend's own Transpose + Conv2D kernels (exact identity):
//   dW[i,j,ci,co] = sum_{n,h,w} x[n,h+i,w+j,ci] * dy[n,h,w,co]
//   = Conv2D(xT=[Cin,H,W,N], filter=dyT=[Ho,Wo,N,Cout]) -> [Cin,kh,kw,Cout] -> transpose to [kh,kw,Cin,Cout]
import * as tf from '@tensorflow/tfjs';

export function registerWasmConv2DBackpropFilter() {
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm')) return false;
  const transposeK = tf.getKernel('Transpose', 'wasm').kernelFunc;
  const conv2dK = tf.getKernel('Conv2D', 'wasm').kernelFunc;
  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter', backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, dy } = inputs;
      const { strides, pad, dataFormat, filterShape } = attrs;
      const s = Array.isArray(strides) ? strides : [strides, strides];
      if (s[0] !== 1 || s[1] !== 1 || pad !== 'valid' || (dataFormat && dataFormat !== 'NHWC'))
        throw new Error(`wasm Conv2DBackpropFilter shim: unsupported strides=${s} pad=${pad} fmt=${dataFormat}`);
      const xT = transposeK({ inputs: { x }, backend, attrs: { perm: [3, 1, 2, 0] } });
      const dyT = transposeK({ inputs: { x: dy }, backend, attrs: { perm: [1, 2, 0, 3] } });
      const o = conv2dK({ inputs: { x: xT, filter: dyT }, backend,
        attrs: { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [1, 1], dimRoundingMode: undefined } });
      const r = transposeK({ inputs: { x: o }, backend, attrs: { perm: [1, 2, 0, 3] } });
      backend.disposeData(xT.dataId); backend.disposeData(dyT.dataId); backend.disposeData(o.dataId);
      if (filterShape && r.shape.join() !== filterShape.join()) throw new Error(`shape ${r.shape} != ${filterShape}`);
      return r;
    },
  });
  return true;
}
