// Gradients tfjs gets wrong, and the product's corrections:
// - the nearest-neighbour resize (UpSampling2D) on the CPU backend for a batch of more than one,
//   and on wasm: checked by the adjoint identity <resize(x), y> = <x, resize'(y)>;
// - MaxPool on wasm, for windows whose values are all negative (tfjs starts the running maximum
//   at the smallest positive float): against the definition on a small case.
// Also the CPU backend's filter gradient of the product against tfjs's own.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerProductKernels } from '../../src/runtime/kernels/register';
import { startNodeWasm } from '../../src/runtime/wasm/start-node';
import { input, relativeError, runKernelOn } from './helpers';

const stockCpuFilterGrad = tf.getKernel('Conv2DBackpropFilter', 'cpu')!;

beforeAll(async () => {
  await startNodeWasm(tf, 2);
  registerProductKernels(tf, 'cpu');
});

describe('nearest-neighbour resize gradient', () => {
  const cases = [[1, 8, 8, 1, 16, 16], [2, 8, 8, 1, 16, 16], [3, 5, 7, 4, 10, 14], [2, 6, 6, 3, 9, 13]] as const;
  for (const backend of ['cpu', 'wasm'] as const) {
    for (const [n, h, w, c, oh, ow] of cases) {
      for (const [alignCorners, halfPixelCenters] of [[false, false], [true, false], [false, true]] as const) {
        it(`${backend}: [${n},${h},${w},${c}] to ${oh}x${ow}, alignCorners ${alignCorners}, halfPixelCenters ${halfPixelCenters}`, async () => {
          await tf.setBackend(backend);
          const x = tf.randomUniform([n, h, w, c], -1, 1, 'float32', 1);
          const y = tf.randomUniform([n, oh, ow, c], -1, 1, 'float32', 2);
          const f = (t: tf.Tensor) => tf.sum(tf.mul(tf.image.resizeNearestNeighbor(t as tf.Tensor4D, [oh, ow], alignCorners, halfPixelCenters), y));
          const lhs = f(x).dataSync()[0]!;
          const rhs = tf.sum(tf.mul(x, tf.grad(f)(x))).dataSync()[0]!;
          expect(Math.abs(lhs - rhs)).toBeLessThan(1e-4 * Math.max(1, Math.abs(lhs)));
        });
      }
    }
  }
});

describe('MaxPool gradient on wasm', () => {
  it('sends each window\'s gradient to its largest value, negative windows too', async () => {
    await tf.setBackend('wasm');
    // one channel, 2x2 windows of stride 2: maxima at -0.5 (window 1), 3 (window 2)
    const x = tf.tensor4d([-2, -0.5, 1, 3, -1, -3, 2, 0], [1, 2, 4, 1]);
    const dx = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(t as tf.Tensor4D, 2, 2, 'valid'), tf.tensor4d([10, 20], [1, 1, 2, 1]))))(x);
    expect(Array.from(dx.dataSync())).toEqual([0, 10, 0, 20, 0, 0, 0, 0]);
  });

  it('matches the CPU backend on random windows with padding and overlap', async () => {
    for (const [filterSize, strides, pad] of [[2, 2, 'valid'], [3, 1, 'same'], [3, 2, 'same']] as const) {
      const f = () => {
        const x = tf.randomUniform([2, 7, 6, 5], -1, 1, 'float32', 3);
        return tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(t as tf.Tensor4D, filterSize, strides, pad), tf.randomUniform(tf.maxPool(t as tf.Tensor4D, filterSize, strides, pad).shape, -1, 1, 'float32', 4))))(x);
      };
      await tf.setBackend('cpu');
      const cpu = f().dataSync() as Float32Array;
      await tf.setBackend('wasm');
      const wasm = f().dataSync() as Float32Array;
      expect(relativeError(wasm, cpu)).toBeLessThan(1e-6);
    }
  });
});

describe('the CPU backend\'s filter gradient', () => {
  it('equals tfjs\'s own within 1e-5 relative', async () => {
    await tf.setBackend('cpu');
    for (const [k, s, pad] of [[5, 2, 'same'], [3, 1, 'valid'], [4, 3, 'same']] as const) {
      const x = input([2, 9, 8, 3], 5);
      const outH = pad === 'same' ? Math.ceil(9 / s) : Math.ceil((9 - k + 1) / s);
      const outW = pad === 'same' ? Math.ceil(8 / s) : Math.ceil((8 - k + 1) / s);
      const dy = input([2, outH, outW, 4], 6);
      const attrs = { filterShape: [k, k, 3, 4], strides: s, pad, dataFormat: 'NHWC' };
      const [ours] = await runKernelOn('cpu', 'Conv2DBackpropFilter', { x, dy }, attrs);
      const xs = tf.tensor(x.values, x.shape);
      const dys = tf.tensor(dy.values, dy.shape);
      const stock = stockCpuFilterGrad.kernelFunc({ inputs: { x: xs, dy: dys }, backend: tf.backend(), attrs }) as tf.TensorInfo;
      const want = tf.engine().makeTensorFromTensorInfo(stock).dataSync() as Float32Array;
      expect(relativeError(ours!.values, want)).toBeLessThan(1e-5);
    }
  });
});
