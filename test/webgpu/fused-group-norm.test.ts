// GroupNorm's fused path (src/runtime/fused-norm/group-norm.ts) on the tfjs webgpu backend in Node
// (Dawn; SwiftShader where there is no GPU) against the same layer's tfjs ops on the CPU backend:
// outputs and gradients of x, gamma and beta.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { customLayerClasses } from '../../nodes/layers/custom';
import { selectNodeBackend } from '../../src/runtime/backend-node';
import { philoxNormal, philoxUniform } from '../../src/runtime/gpu-random/philox';
import { recordPrograms } from '../helpers/record-programs';

/**
 * |a - b| <= 1e-5 + 1e-4 |b|: sums in blocks in another order than tfjs's reductions, and the
 * closed-form gradient instead of tfjs's chain. Seen on SwiftShader: relative differences up to
 * 1.8e-5 (outputs) and 6e-6 (gradients); 1.3e-6 absolute in the gradient of x where a group holds
 * two values (its terms nearly cancel).
 */
const ABSOLUTE = 1e-5;
const RELATIVE = 1e-4;

// [shape, groups]: images, a sequence, more values per group than one summing block, one position
const CASES: [number[], number][] = [
  [[2, 4, 4, 8], 4],
  [[3, 5, 6], 2],
  [[2, 7, 7, 32], 8],
  [[4, 6], 3],
];
const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

async function run(backend: 'cpu' | 'webgpu', shape: number[], groups: number) {
  if (backend === 'cpu') await tf.setBackend('cpu');
  else await selectNodeBackend(tf, 'webgpu');
  const { keys, stop } = recordPrograms();
  const { GroupNorm } = customLayerClasses(tf);
  const channels = shape[shape.length - 1]!;
  const layer = new GroupNorm({ groups, epsilon: 1e-5 });
  layer.build(shape);
  layer.setWeights([tf.tensor(philoxUniform(channels, 3, 0, 0.5, 1.5)), tf.tensor(philoxNormal(channels, 4, 0))]);
  const [gamma, beta] = layer.trainableWeights.map((w) => w.read() as tf.Variable);
  const x = tf.tidy(() => tf.variable(tf.tensor(philoxNormal(size(shape), 10, 0, 1, 2), shape), true, `${backend}-gn-${shape.join('x')}`));
  const weights = tf.tensor(philoxNormal(size(shape), 20, 0), shape);
  const before = tf.memory().numTensors;
  let y: tf.Tensor | undefined;
  const { value, grads } = tf.variableGrads(() => {
    y = layer.apply(x, { training: true }) as tf.Tensor;
    return tf.keep(y).mul(weights).sum() as tf.Scalar;
  }, [x, gamma!, beta!]);
  const out = {
    y: (await y!.data()) as Float32Array,
    grads: await Promise.all([x, gamma!, beta!].map(async (v) => (await grads[v.name]!.data()) as Float32Array)),
    keys,
  };
  tf.dispose([y!, value, ...Object.values(grads)]);
  expect(tf.memory().numTensors, `${backend}: tensors left`).toBe(before);
  tf.dispose([x, weights]);
  for (const w of layer.weights) w.dispose();
  stop();
  return out;
}

/** The largest difference as a fraction of what the tolerance allows there (below 1: within it). */
function worstFraction(a: Float32Array, b: Float32Array): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / (ABSOLUTE + RELATIVE * Math.abs(b[i]!)));
  return worst;
}

describe('fused GroupNorm on WebGPU', () => {
  for (const [shape, groups] of CASES) {
    it(`matches the layer's tfjs ops on the CPU backend for [${shape.join(', ')}] in ${groups} groups`, async () => {
      const cpu = await run('cpu', shape, groups);
      const gpu = await run('webgpu', shape, groups);
      // two programs forward, four backward, besides the test's own loss (mul, sum and its gradient)
      expect(gpu.keys.filter((k) => k.startsWith('tensorloomGroupNorm') || k.startsWith('tensorloomBatchNormSums')).length).toBe(6);
      expect(gpu.keys.length).toBeLessThanOrEqual(6 + 4);
      const worst = {
        y: worstFraction(gpu.y, cpu.y),
        dx: worstFraction(gpu.grads[0]!, cpu.grads[0]!),
        dgamma: worstFraction(gpu.grads[1]!, cpu.grads[1]!),
        dbeta: worstFraction(gpu.grads[2]!, cpu.grads[2]!),
      };
      for (const [what, d] of Object.entries(worst)) expect(d, what).toBeLessThan(1);
    });
  }
});
