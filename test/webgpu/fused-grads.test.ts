// The fused ReLU and LeakyReLU gradients (src/runtime/fused-grads) on the tfjs webgpu backend in
// Node (Dawn; SwiftShader where there is no GPU) against tfjs's own gradients on the CPU backend.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectNodeBackend } from '../../src/runtime/backend-node';
import { registerFusedGradients } from '../../src/runtime/fused-grads';
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

describe('fused ReLU and LeakyReLU gradients on WebGPU', () => {
  beforeAll(() => registerFusedGradients(tf));

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
