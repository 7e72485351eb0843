// GroupNorm's fused path (src/runtime/fused-norm/group-norm.ts) on the tfjs webgpu backend in Node
// (Dawn; SwiftShader where there is no GPU) against the same layer's tfjs ops on the CPU backend:
// outputs and gradients of x, gamma and beta.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { selectNodeBackend } from '../../src/runtime/backend-node';
import { groupNormCase } from '../helpers/group-norm-case';
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

async function run(backend: 'cpu' | 'webgpu', shape: number[], groups: number) {
  if (backend === 'cpu') await tf.setBackend('cpu');
  else await selectNodeBackend(tf, 'webgpu');
  const { keys, stop } = recordPrograms();
  const { layer, gamma, beta, x, weights } = groupNormCase(tf, shape, groups, `${backend}-gn-${shape.join('x')}`);
  const before = tf.memory().numTensors;
  let y: tf.Tensor | undefined;
  const { value, grads } = tf.variableGrads(() => {
    y = layer.apply(x, { training: true }) as tf.Tensor;
    return tf.keep(y).mul(weights).sum() as tf.Scalar;
  }, [x, gamma, beta]);
  const out = {
    y: (await y!.data()) as Float32Array,
    grads: await Promise.all([x, gamma, beta].map(async (v) => (await grads[v.name]!.data()) as Float32Array)),
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
