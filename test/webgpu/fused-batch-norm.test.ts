// BatchNorm's fused training path (src/runtime/fused-norm) on the tfjs webgpu backend in Node
// (Dawn; SwiftShader where there is no GPU) against tfjs-layers' own BatchNormalization on the
// CPU backend: outputs, gradients of x, gamma and beta, and the running statistics.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { selectNodeBackend } from '../../src/runtime/backend-node';
import { recordPrograms } from '../helpers/record-programs';
import { fusedBatchNormalization } from '../../src/runtime/fused-norm/batch-norm';
import { philoxNormal, philoxUniform } from '../../src/runtime/gpu-random/philox';

/**
 * Relative tolerance (|a - b| / max(1e-2, |b|)): the fused passes sum per channel in blocks in
 * another order than tfjs's reductions, and the gradient is the closed form rather than tfjs's
 * chain of batchNorm and moments gradients; both are float32. Seen on SwiftShader: at most 3.5e-5
 * (outputs near 0, so 3.5e-7 absolute), 8.2e-6 (gradients of x), 1e-5 (gamma), 3e-6 (running statistics).
 */
const TOLERANCE = 1e-4;

// dense [batch, C]; conv [batch, H, W, C] with N = 400 > one 256-value block per channel; C = 1
const SHAPES: number[][] = [[8, 5], [4, 3, 3, 6], [4, 10, 10, 3], [16, 2, 2, 1]];
const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

interface Outcome {
  y: Float32Array[];
  grads: Float32Array[][];
  moving: Float32Array[][];
  programs: string[];
}

async function run(backend: 'cpu' | 'webgpu', shape: number[]): Promise<Outcome> {
  if (backend === 'cpu') await tf.setBackend('cpu');
  else await selectNodeBackend(tf, 'webgpu');
  const { keys: programs, stop } = recordPrograms();
  const channels = shape[shape.length - 1]!;
  const args = { axis: -1, momentum: 0.8, epsilon: 1e-3 };
  const layer = backend === 'cpu' ? tf.layers.batchNormalization(args) : fusedBatchNormalization(tf, args);
  layer.build(shape);
  // gamma, beta, running mean, running variance away from their defaults
  layer.setWeights([
    tf.tensor(philoxUniform(channels, 3, 0, 0.5, 1.5)),
    tf.tensor(philoxNormal(channels, 4, 0)),
    tf.tensor(philoxNormal(channels, 5, 0)),
    tf.tensor(philoxUniform(channels, 6, 0, 0.5, 2)),
  ]);
  const [gamma, beta] = layer.trainableWeights.map((w) => w.read() as tf.Variable);
  const outcome: Outcome = { y: [], grads: [], moving: [], programs };
  const counts: number[] = [];
  for (let step = 0; step < 3; step++) {
    // a channel mean away from 0 and a spread away from 1, so that the statistics matter
    const x = tf.tidy(() => tf.variable(tf.tensor(philoxNormal(size(shape), 10 + step, 0, 2, 3), shape), true, `${backend}-x-${shape.join('x')}-${step}`));
    const weights = tf.tensor(philoxNormal(size(shape), 20 + step, 0), shape);
    let y: tf.Tensor | undefined;
    const { value, grads } = tf.variableGrads(() => {
      y = layer.apply(x, { training: true }) as tf.Tensor;
      return tf.keep(y).mul(weights).sum() as tf.Scalar;
    }, [x, gamma!, beta!]);
    outcome.y.push((await y!.data()) as Float32Array);
    outcome.grads.push(await Promise.all([x, gamma!, beta!].map(async (v) => (await grads[v.name]!.data()) as Float32Array)));
    outcome.moving.push(await Promise.all(layer.getWeights().slice(2).map(async (w) => (await w.data()) as Float32Array)));
    tf.dispose([x, weights, y!, value, ...Object.values(grads)]);
    counts.push(tf.memory().numTensors);
  }
  stop();
  expect(new Set(counts).size, `${backend} ${shape.join('x')}: tensor counts ${counts.join(', ')}`).toBe(1);
  for (const w of layer.weights) w.dispose();
  return outcome;
}

function maxRelative(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / Math.max(1e-2, Math.abs(b[i]!)));
  return worst;
}

describe('fused BatchNorm training on WebGPU', () => {
  for (const shape of SHAPES) {
    it(`matches tfjs-layers' BatchNormalization on the CPU backend for [${shape.join(', ')}]`, async () => {
      const cpu = await run('cpu', shape);
      const gpu = await run('webgpu', shape);
      // the fused path ran: seven programs per step (stats, normalize, two running statistics, two sums, dx)
      expect(gpu.programs.filter((k) => k.startsWith('tensorloomBatchNorm')).length).toBe(7 * 3);
      // the rest is the test's own loss (mul, sum) and its gradient: at most four per step, where
      // stock tfjs would add about thirty for the layer
      expect(gpu.programs.filter((k) => !k.startsWith('tensorloomBatchNorm')).length).toBeLessThanOrEqual(4 * 3);
      const worst = { y: 0, dx: 0, dgamma: 0, dbeta: 0, moving: 0 };
      for (let step = 0; step < 3; step++) {
        worst.y = Math.max(worst.y, maxRelative(gpu.y[step]!, cpu.y[step]!));
        const [gx, gg, gb] = gpu.grads[step]!;
        const [cx, cg, cb] = cpu.grads[step]!;
        worst.dx = Math.max(worst.dx, maxRelative(gx!, cx!));
        worst.dgamma = Math.max(worst.dgamma, maxRelative(gg!, cg!));
        worst.dbeta = Math.max(worst.dbeta, maxRelative(gb!, cb!));
        for (const [i, m] of gpu.moving[step]!.entries()) worst.moving = Math.max(worst.moving, maxRelative(m, cpu.moving[step]![i]!));
      }
      for (const [what, d] of Object.entries(worst)) expect(d, what).toBeLessThan(TOLERANCE);
    });
  }
});
