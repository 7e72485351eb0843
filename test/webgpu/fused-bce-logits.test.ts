// Binary cross-entropy on logits (src/runtime/fused-loss) on the tfjs webgpu backend in Node (Dawn;
// SwiftShader where there is no GPU), one fused pass forward and one per gradient, against the
// same formula as tfjs ops on the CPU backend: per-element losses and gradients of the logits and
// of a tensor target.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { selectNodeBackend } from '../../src/runtime/backend-node';
import { bceWithLogits, type BceTarget } from '../../src/runtime/fused-loss/bce-logits';
import { philoxNormal, philoxUniform } from '../../src/runtime/gpu-random/philox';
import { recordPrograms } from '../helpers/record-programs';

/**
 * Absolute tolerance plus relative: WGSL's log and exp need only be accurate to about 2^-21
 * absolute (the CPU's log1p is exact to float32). Seen on SwiftShader: differences at most 6% of this bound.
 */
const ABSOLUTE = 2e-6;
const RELATIVE = 1e-5;

// logits of every size, including the extremes where a naive log(sigmoid(x)) would underflow
const SHAPE = [6, 7, 3];
const N = SHAPE.reduce((a, b) => a * b, 1);
const LOGITS = Float32Array.from(philoxNormal(N, 1, 0, 0, 4), (x, i) => (i < 6 ? [-100, -30, -1e-3, 0, 30, 100][i]! : x));
const TARGET = philoxUniform(N, 2, 0);
const WEIGHTS = philoxNormal(N, 3, 0);

type Case = { name: string; target: (t: tf.Tensor) => BceTarget };
const CASES: Case[] = [
  { name: 'target 1', target: () => ({ constant: 1 }) },
  { name: 'target 0', target: () => ({ constant: 0 }) },
  { name: 'target 0.9 (smoothed 1)', target: () => ({ constant: 0.9 }) },
  { name: 'tensor target', target: (t) => ({ tensor: t, smoothing: 0 }) },
  { name: 'tensor target, smoothing 0.2', target: (t) => ({ tensor: t, smoothing: 0.2 }) },
];

async function run(backend: 'cpu' | 'webgpu', c: Case) {
  if (backend === 'cpu') await tf.setBackend('cpu');
  else await selectNodeBackend(tf, 'webgpu');
  const { keys, stop } = recordPrograms();
  const x = tf.tensor(LOGITS, SHAPE);
  const t = tf.tensor(TARGET, SHAPE);
  const w = tf.tensor(WEIGHTS, SHAPE);
  const before = tf.memory().numTensors;
  const perElement = tf.tidy(() => bceWithLogits(tf, x, c.target(t)));
  // a weighted sum, so that every element's gradient differs; a constant target has no gradient
  const tensorTarget = 'tensor' in c.target(t);
  const [gx, gt] = tensorTarget
    ? tf.grads((a, b) => tf.sum(tf.mul(bceWithLogits(tf, a, c.target(b)), w)))([x, t])
    : [tf.grad((a) => tf.sum(tf.mul(bceWithLogits(tf, a, c.target(t)), w)))(x), tf.zeros(SHAPE)];
  const out = { loss: await perElement.data(), gx: await gx!.data(), gt: await gt!.data(), keys };
  tf.dispose([perElement, gx!, gt!]);
  expect(tf.memory().numTensors, `${backend} ${c.name}: tensors left`).toBe(before);
  tf.dispose([x, t, w]);
  stop();
  return out;
}

function worst(a: Float32Array | Int32Array | Uint8Array, b: Float32Array | Int32Array | Uint8Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!) / (ABSOLUTE + RELATIVE * Math.abs(b[i]!)));
  return m; // below 1: within tolerance
}

describe('fused binary cross-entropy on logits on WebGPU', () => {
  for (const c of CASES) {
    it(`matches tfjs ops on the CPU backend: ${c.name}`, async () => {
      const cpu = await run('cpu', c);
      const gpu = await run('webgpu', c);
      const fused = gpu.keys.filter((k) => k.startsWith('tensorloomBceLogits'));
      // forward twice (alone, and under tf.grads), the logits' gradient, a tensor target's gradient
      expect(fused.length).toBe(c.name.startsWith('tensor') ? 4 : 3);
      for (const v of gpu.loss) expect(Number.isFinite(v)).toBe(true);
      expect(worst(gpu.loss, cpu.loss), 'loss').toBeLessThan(1);
      expect(worst(gpu.gx, cpu.gx), 'gradient of the logits').toBeLessThan(1);
      expect(worst(gpu.gt, cpu.gt), 'gradient of the target').toBeLessThan(1);
    });
  }
});
