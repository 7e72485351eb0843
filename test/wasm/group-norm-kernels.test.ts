// GroupNorm on the wasm backend's SIMD kernels (one thread, or the kernel threads over ranges of
// samples) against the same layer's tfjs ops on the CPU backend: outputs and the gradients of x,
// gamma and beta. Tolerance |a - b| <= 1e-5 + 1e-4 |b| (float64 sums in another order than tfjs's
// reductions, and the closed-form gradient instead of tfjs's chain).
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { groupNormCase } from '../helpers/group-norm-case';
import { installFastPaths } from '../../src/runtime/fast-paths';
import { startNodeWasm } from '../../src/runtime/wasm/start-node';
import { POOL_MIN_VALUES } from '../../src/runtime/wasm-kernels/elementwise';

beforeAll(async () => {
  expect(await startNodeWasm(tf, 2)).toMatchObject({ threads: 2, kernels: true });
  // the layer takes the SIMD kernels through its fast path, as a training session installs it
  installFastPaths(tf);
});

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

// [shape, groups]: small (one thread), one sample (one thread), and past POOL_MIN_VALUES with an
// even and an odd number of samples (the threads' ranges of 8 and 8, and of 2 and 1)
const CASES: [number[], number][] = [
  [[2, 7, 7, 32], 8],
  [[1, 40, 40, 24], 4],
  [[16, 28, 28, 32], 8],
  [[3, 100, 120], 6],
];

async function run(backend: 'cpu' | 'wasm', shape: number[], groups: number) {
  await tf.setBackend(backend);
  const { layer, gamma, beta, x, weights } = groupNormCase(tf, shape, groups, `${backend}-gnw-${shape.join('x')}`);
  let y: tf.Tensor | undefined;
  const kernels = new Set<string>();
  const runKernel = tf.engine().runKernel.bind(tf.engine());
  const spy = (name: string, ...rest: unknown[]) => (kernels.add(name), (runKernel as (...a: unknown[]) => unknown)(name, ...rest));
  (tf.engine() as unknown as { runKernel: unknown }).runKernel = spy;
  const { value, grads } = tf.variableGrads(() => {
    y = layer.apply(x, { training: true }) as tf.Tensor;
    return tf.keep(y).mul(weights).sum() as tf.Scalar;
  }, [x, gamma, beta]);
  (tf.engine() as unknown as { runKernel: unknown }).runKernel = runKernel;
  if (backend === 'wasm') expect([...kernels].filter((k) => k.startsWith('TensorloomGroupNorm')).sort()).toEqual(['TensorloomGroupNormGrads', 'TensorloomGroupNormNormalize', 'TensorloomGroupNormStats']);
  const out = [(await y!.data()) as Float32Array, ...(await Promise.all([x, gamma, beta].map(async (v) => (await grads[v.name]!.data()) as Float32Array)))];
  tf.dispose([y!, value, ...Object.values(grads), x, weights]);
  for (const w of layer.weights) w.dispose();
  return out;
}

function worstFraction(a: Float32Array, b: Float32Array): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / (1e-5 + 1e-4 * Math.abs(b[i]!)));
  return worst;
}

describe('GroupNorm on the wasm SIMD kernels', () => {
  it('takes the kernel threads for the two large cases only', () => {
    expect(CASES.map(([s]) => s[0]! > 1 && size(s) >= POOL_MIN_VALUES)).toEqual([false, false, true, true]);
  });

  for (const [shape, groups] of CASES) {
    it(`matches the layer's tfjs ops on the CPU backend for [${shape.join(', ')}] in ${groups} groups`, async () => {
      const cpu = await run('cpu', shape, groups);
      const wasm = await run('wasm', shape, groups);
      ['y', 'dx', 'dgamma', 'dbeta'].forEach((what, i) => expect(worstFraction(wasm[i]!, cpu[i]!), what).toBeLessThan(1));
    });
  }
});
