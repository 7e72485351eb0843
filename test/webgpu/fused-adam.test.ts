// The fused Adam update (src/runtime/fused-adam) on the tfjs webgpu backend in Node (Dawn;
// SwiftShader where there is no GPU) against tfjs's own Adam on the CPU backend, on the same
// variables and gradients.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { selectNodeBackend } from '../../src/runtime/backend-node';
import { recordPrograms } from '../helpers/record-programs';
import { fusedAdam } from '../../src/runtime/fused-adam/adam';
import { philoxNormal } from '../../src/runtime/gpu-random/philox';

/**
 * Relative tolerance (|a - b| / max(1e-3, |b|)) on weights and moments after five steps. The passes
 * do tfjs's float32 arithmetic in tfjs's order; what may differ is WGSL's division and square root
 * (2.5 ulp allowed) and fused multiply-adds on real GPUs. On SwiftShader none: the README says bit for bit.
 */
const TOLERANCE = 1e-5;

// ranks 0 to 4, sizes that are not multiples of the workgroup
const SHAPES: number[][] = [[], [7], [5, 6], [3, 3, 2, 4], [2, 3, 5, 7]];
const STEPS = 5;
type Gradients = Parameters<tf.AdamOptimizer['applyGradients']>[0];
const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

interface Outcome {
  values: Float32Array[];
  weights: { name: string; data: Float32Array }[];
  accBeta: number[];
  programs: string[];
  /** the adapter the run computed on */
  device: string;
}

async function train(backend: 'cpu' | 'webgpu', make: () => tf.AdamOptimizer, asList: boolean): Promise<Outcome> {
  let device = 'cpu';
  if (backend === 'cpu') await tf.setBackend('cpu');
  else device = (await selectNodeBackend(tf, 'webgpu')).device;
  const { keys: programs, stop } = recordPrograms();
  const tag = `${backend}-${asList ? 'list' : 'map'}`;
  const vars = SHAPES.map((shape, i) => tf.variable(tf.tensor(philoxNormal(size(shape), 11, 100 * i), shape), true, `${tag}/w${i}`));
  const opt = make();
  const counts: number[] = [];
  for (let step = 0; step < STEPS; step++) {
    if (step === 3) (opt as unknown as { learningRate: number }).learningRate = 0.003; // as the dashboard's control does
    const grads = SHAPES.map((shape, i) => ({
      name: vars[i]!.name,
      // gradients of both signs and very different sizes, so that epsilon and the bias correction matter
      tensor: tf.tensor(philoxNormal(size(shape), 7 + step, 1000 * i).map((x) => x * 10 ** (i - 3)), shape),
    }));
    opt.applyGradients(asList ? grads : (Object.fromEntries(grads.map((g) => [g.name, g.tensor])) as tf.NamedTensorMap as Gradients));
    tf.dispose(grads.map((g) => g.tensor));
    counts.push(tf.memory().numTensors);
  }
  stop();
  // tensors made per step must all be freed: the count is flat after the first step
  expect(new Set(counts.slice(1)).size, `${tag} tensor counts ${counts.join(', ')}`).toBe(1);
  const state = opt as unknown as { accBeta1: tf.Variable; accBeta2: tf.Variable };
  const outcome: Outcome = {
    values: await Promise.all(vars.map(async (v) => (await v.data()) as Float32Array)),
    weights: await Promise.all((await opt.getWeights()).map(async (w) => ({ name: w.name.replace(tag, ''), data: (await w.tensor.data()) as Float32Array }))),
    accBeta: [(await state.accBeta1.data())[0]!, (await state.accBeta2.data())[0]!],
    programs,
    device,
  };
  opt.dispose();
  tf.dispose(vars);
  return outcome;
}

function maxRelative(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / Math.max(1e-3, Math.abs(b[i]!)));
  return worst;
}

const make = (factory: (lr: number, b1: number, b2: number, eps: number) => tf.AdamOptimizer) => () => factory(0.01, 0.5, 0.999, 1e-7);

describe('fused Adam on WebGPU', () => {
  for (const asList of [false, true]) {
    it(`matches tfjs's Adam on the CPU backend (gradients given as a ${asList ? 'list' : 'map'})`, async () => {
      const cpu = await train('cpu', make((...a) => tf.train.adam(...a)), asList);
      const gpu = await train('webgpu', make((...a) => fusedAdam(tf, ...a)), asList);
      // the fused passes ran: three per variable and step, no tfjs element-wise Adam arithmetic
      expect(gpu.programs.filter((k) => k.startsWith('tensorloomAdam')).length).toBe(3 * SHAPES.length * STEPS);
      expect(gpu.programs.filter((k) => !k.startsWith('tensorloomAdam')).length).toBeLessThanOrEqual(2 * STEPS + 2 * SHAPES.length);
      const tolerance = /swiftshader/i.test(gpu.device) ? 0 : TOLERANCE;
      gpu.values.forEach((v, i) => expect(maxRelative(v, cpu.values[i]!), `w${i} on ${gpu.device}`).toBeLessThanOrEqual(tolerance));
      expect(gpu.weights.map((w) => w.name)).toEqual(cpu.weights.map((w) => w.name));
      gpu.weights.forEach((w, i) => expect(maxRelative(w.data, cpu.weights[i]!.data), `${w.name} on ${gpu.device}`).toBeLessThanOrEqual(tolerance));
      expect(gpu.accBeta[0]).toBeCloseTo(0.5 ** (STEPS + 1), 7);
      expect(gpu.accBeta).toEqual(cpu.accBeta);
    });
  }

  it('runs tfjs\'s own update on the CPU backend', async () => {
    const stock = await train('cpu', make((...a) => tf.train.adam(...a)), false);
    const fused = await train('cpu', make((...a) => fusedAdam(tf, ...a)), false);
    fused.values.forEach((v, i) => expect(Array.from(v)).toEqual(Array.from(stock.values[i]!)));
    expect(fusedAdam(tf, 0.1).getClassName()).toBe('Adam');
  });
});
