// The fused activations (src/runtime/fused-activations.ts) on the tfjs webgpu backend in Node
// (Dawn; SwiftShader where there is no GPU) against tfjs's own on the CPU backend: the ReLU and
// LeakyReLU gradients, and swish (SiLU) forward and backward.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectNodeBackend } from '../../src/runtime/backend-node';
import { registerFusedActivations } from '../../src/runtime/fused-activations';
import { philoxNormal } from '../../src/runtime/gpu-random/philox';
import { recordPrograms } from '../helpers/record-programs';

const SHAPE = [5, 3, 7];
const N = 105;
// zeros, a NaN and both signs
const X = Float32Array.from(philoxNormal(N, 1, 0), (x, i) => (i < 3 ? [0, -0, Number.NaN][i]! : x));
const DY = philoxNormal(N, 2, 0);

const OPS: [string, (x: tf.Tensor) => tf.Tensor][] = [
  ['relu', (x) => tf.relu(x)],
  ['leakyRelu 0.2', (x) => tf.leakyRelu(x, 0.2)],
  ['leakyRelu 0.01', (x) => tf.leakyRelu(x, 0.01)],
];

async function gradient(backend: 'cpu' | 'webgpu', op: (x: tf.Tensor) => tf.Tensor) {
  if (backend === 'cpu') await tf.setBackend('cpu');
  else await selectNodeBackend(tf, 'webgpu');
  const { keys, stop } = recordPrograms();
  const x = tf.tensor(X, SHAPE);
  const dy = tf.tensor(DY, SHAPE);
  const g = tf.grad(op)(x, dy);
  const values = await g.data();
  tf.dispose([x, dy, g]);
  stop();
  return { values, keys };
}

describe('fused activations on WebGPU', () => {
  beforeAll(() => registerFusedActivations(tf));

  for (const [name, op] of OPS) {
    it(`equal tfjs's own on the CPU backend, bit for bit: ${name}`, async () => {
      const cpu = await gradient('cpu', op);
      const gpu = await gradient('webgpu', op);
      // the forward op and one fused pass, nothing else
      expect(gpu.keys.filter((k) => k.startsWith('tensorloomGrad_')).length).toBe(1);
      expect(gpu.keys.length).toBe(2);
      // at the NaN input: NaN for ReLU, dy * alpha for LeakyReLU, as tfjs's own
      expect(Number.isNaN(cpu.values[2]!)).toBe(name === 'relu');
      expect(Array.from(gpu.values).map(String)).toEqual(Array.from(cpu.values).map(String));
    });
  }
});

/**
 * Swish: |a - b| <= 1e-6 + 1e-5 |b|. The WGSL exp may be off by a few ulps (3 + 2|x| allowed);
 * the gradient is the closed form instead of tfjs's chain. Seen on SwiftShader: within a tenth of it.
 */
describe('fused swish (SiLU) on WebGPU', () => {
  beforeAll(() => registerFusedActivations(tf));

  async function swish(backend: 'cpu' | 'webgpu') {
    if (backend === 'cpu') await tf.setBackend('cpu');
    else await selectNodeBackend(tf, 'webgpu');
    const { keys, stop } = recordPrograms();
    const layer = tf.layers.activation({ activation: 'swish' });
    const x = tf.tensor(Float32Array.from(X, (v, i) => (i === 2 ? 40 : v * 3)), SHAPE); // no NaN here; one large value
    const dy = tf.tensor(DY, SHAPE);
    const y = tf.tidy(() => layer.apply(x) as tf.Tensor);
    const g = tf.grad((t) => layer.apply(t) as tf.Tensor)(x, dy);
    const out = { y: await y.data(), g: await g.data(), keys, saved: layer.getConfig()['activation'] };
    tf.dispose([x, dy, y, g]);
    stop();
    return out;
  }

  const fraction = (a: ArrayLike<number>, b: ArrayLike<number>) => {
    let worst = 0;
    for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / (1e-6 + 1e-5 * Math.abs(b[i]!)));
    return worst;
  };

  it('matches tfjs-layers\' swish on the CPU backend, forward and backward, in one pass each', async () => {
    const cpu = await swish('cpu');
    const gpu = await swish('webgpu');
    expect(gpu.keys.filter((k) => k.startsWith('tensorloomSwish')).length).toBe(3); // forward twice, backward once
    expect(gpu.keys.length).toBe(3);
    expect(fraction(gpu.y, cpu.y)).toBeLessThan(1);
    expect(fraction(gpu.g, cpu.g)).toBeLessThan(1);
    expect(gpu.saved).toBe('swish');
  });
});
