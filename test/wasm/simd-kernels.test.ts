// The WebAssembly SIMD kernels (src/runtime/wasm-kernels/) against tfjs's CPU backend: Adam, the
// activation gradients and LeakyRelu bit for bit (same float32 operations in the same order);
// sums, BatchNorm and swish within tolerances stated per test (other summation orders, and swish's
// own exp).
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fusedAdam } from '../../src/runtime/fused-adam/adam';
import { gpuDropout } from '../../src/runtime/gpu-random';
import { fusedBatchNormalization } from '../../src/runtime/fused-norm/batch-norm';
import { registerFusedActivations } from '../../src/runtime/fused-activations';
import { startNodeWasm } from '../../src/runtime/wasm/start-node';
import { POOL_MIN_VALUES } from '../../src/runtime/wasm-kernels/elementwise';
import { input, relativeError, runKernelOn, values } from './helpers';

beforeAll(async () => {
  expect(await startNodeWasm(tf, 2)).toMatchObject({ simd: true, kernels: true });
  registerFusedActivations(tf);
});

/** Runs f on a backend and reads every tensor it returns. */
async function on(backend: 'cpu' | 'wasm', f: () => tf.Tensor[]): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const ts = tf.tidy(f);
  const out = await Promise.all(ts.map(async (t) => (await t.data()) as Float32Array));
  tf.dispose(ts);
  return out;
}

describe('Adam on the SIMD kernel', () => {
  it('gives the weights and moments of tfjs Adam on the CPU, bit for bit, over five steps', async () => {
    const shapes = [[3], [5, 7], [2, 3, 4, 5], [130]];
    const run = async (backend: 'cpu' | 'wasm') => {
      await tf.setBackend(backend);
      const vars = shapes.map((s, i) => tf.variable(tf.tensor(values(s.reduce((a, b) => a * b, 1), i + 1), s), true, `w${backend}${i}`));
      const opt = backend === 'wasm' ? fusedAdam(tf, 0.01, 0.5, 0.999, 1e-7) : tf.train.adam(0.01, 0.5, 0.999, 1e-7);
      for (let step = 0; step < 5; step++) {
        const grads = vars.map((v, i) => ({ name: v.name, tensor: tf.tensor(values(v.size, 100 * step + i), v.shape) }));
        opt.applyGradients(grads);
        tf.dispose(grads.map((g) => g.tensor));
      }
      const state = (await opt.getWeights()).map((w) => w.tensor);
      const weights = await Promise.all([...vars, ...state].map(async (t) => Array.from(await t.data())));
      opt.dispose();
      tf.dispose(vars);
      return weights;
    };
    const cpu = await run('cpu');
    const wasm = await run('wasm');
    expect(wasm).toEqual(cpu);
  });
});

describe('activations on the SIMD kernels', () => {
  const special = Float32Array.from([0, -0, 1e-30, -1e-30, NaN, Infinity, -Infinity, 3, -3, 0.5]);
  const xs = Float32Array.from([...special, ...values(1021, 7)]);
  const dys = Float32Array.from([...special.map((_, i) => (i % 2 ? -2 : 2)), ...values(1021, 8)]);

  it('LeakyRelu forward and the LeakyRelu and Relu gradients equal the CPU backend bit for bit', async () => {
    const f = () => {
      const x = tf.tensor(xs);
      const dy = tf.tensor(dys);
      return [tf.leakyRelu(x, 0.2), tf.grad((t: tf.Tensor) => tf.leakyRelu(t, 0.2))(x, dy), tf.grad((t: tf.Tensor) => tf.relu(t))(x, dy)];
    };
    const cpu = await on('cpu', f);
    const wasm = await on('wasm', f);
    cpu.forEach((c, i) => {
      const bad = c.findIndex((v, j) => !Object.is(v, wasm[i]![j]));
      expect(bad, `output ${i} at ${bad}: x ${xs[bad]} dy ${dys[bad]}: cpu ${c[bad]} wasm ${wasm[i]![bad]}`).toBe(-1);
    });
  });

  it('swish and its gradient within 1e-6 relative of the CPU backend', async () => {
    const finite = values(4099, 9).map((v) => v * 12);
    const f = () => {
      const x = tf.tensor(finite);
      const swish = (t: tf.Tensor) => tf.layers.activation({ activation: 'swish' }).apply(t) as tf.Tensor;
      return [swish(x), tf.grad(swish)(x, tf.tensor(values(4099, 10)))];
    };
    const cpu = await on('cpu', f);
    const wasm = await on('wasm', f);
    cpu.forEach((c, i) => expect(relativeError(wasm[i]!, c), `output ${i}`).toBeLessThan(1e-6));
  });
});

describe('Sum over a run of axes', () => {
  it('matches the CPU backend within 1e-6 relative (float64 accumulation against float32)', async () => {
    for (const [shape, axis, keepDims] of [[[64, 7, 7, 33], [0, 1, 2], false], [[5, 9], 0, true], [[2, 3, 4], [1, 0], false], [[3, 5, 2], [-3], true],
      // past POOL_MIN_VALUES, on the kernel threads by columns (33: shares of 20 and 13), and one too narrow to share
      [[16, 28, 28, 32], [0, 1, 2], false], [[40000, 5], 0, false],
      // a run of middle axes (a broadcast add's gradient over the image, per sample), pooled and not
      [[4, 28, 28, 32], [1, 2], false], [[3, 5, 7, 2], [2, 1], true], [[2, 3, 4, 5], [1], false], [[2, 300, 200, 3], [1, 2], true],
      // no axis: the stock kernel (a copy)
      [[3, 4], [], false]] as const) {
      const x = input([...shape], 3);
      const [cpu] = await runKernelOn('cpu', 'Sum', { x }, { axis, keepDims });
      const [wasm] = await runKernelOn('wasm', 'Sum', { x }, { axis, keepDims });
      expect(wasm!.shape).toEqual(cpu!.shape);
      expect(relativeError(wasm!.values, cpu!.values)).toBeLessThan(1e-6);
    }
  });
});

describe('BatchNorm in training on the SIMD kernels', () => {
  it('matches the stock layer on the CPU: outputs, gradients and running statistics within 1e-5 relative', async () => {
    for (const shape of [[16, 5, 5, 12], [64, 37], [2, 3, 3, 6]]) {
      const channels = shape.at(-1)!;
      const run = async (backend: 'cpu' | 'wasm') => {
        await tf.setBackend(backend);
        const layer = backend === 'wasm' ? fusedBatchNormalization(tf, { momentum: 0.9, epsilon: 1e-3 }) : tf.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-3 });
        layer.build(shape);
        layer.setWeights([tf.tensor(values(channels, 1)).add(1.5), tf.tensor(values(channels, 2)), tf.zeros([channels]), tf.ones([channels])]);
        const x = tf.tensor(values(shape.reduce((a, b) => a * b, 1), 3).map((v) => 3 * v + 0.5), shape);
        const dy = tf.tensor(values(x.size, 4), shape);
        const out: Float32Array[] = [];
        for (let step = 0; step < 2; step++) {
          const y = layer.apply(x, { training: true }) as tf.Tensor;
          const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(layer.apply(x, { training: true }) as tf.Tensor, dy)));
          out.push((await y.data()) as Float32Array, ...(await Promise.all(Object.values(grads).map(async (g) => (await g.data()) as Float32Array))));
          tf.dispose([y, value, ...Object.values(grads)]);
        }
        const dx = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(layer.apply(t, { training: true }) as tf.Tensor, dy)))(x);
        out.push((await dx.data()) as Float32Array, ...(await Promise.all(layer.getWeights().map(async (w) => (await w.data()) as Float32Array))));
        tf.dispose([x, dy, dx]);
        return out;
      };
      const cpu = await run('cpu');
      const wasm = await run('wasm');
      expect(wasm.length).toBe(cpu.length);
      cpu.forEach((c, i) => expect(relativeError(wasm[i]!, c), `${JSON.stringify(shape)} output ${i}`).toBeLessThan(1e-5));
    }
  });
});

describe('dropout on the SIMD kernel', () => {
  it('applies the masks of the Philox stream bit for bit, forward and backward, at any offset', async () => {
    const x = Float32Array.from([...values(1001, 3), -0, NaN, Infinity, -2]);
    for (const [seed, offset, rate] of [[7, 0, 0.3], [7, 1, 0.3], [123456789012, 2 ** 32 * 4 - 6, 0.5], [5, 3, 0.1]] as const) {
      const f = () => {
        const t = tf.tensor(x);
        const y = gpuDropout(tf, t, rate, seed, offset);
        const g = tf.grad((u: tf.Tensor) => gpuDropout(tf, u, rate, seed, offset))(t, tf.tensor(values(x.length, 4)));
        return [y, g];
      };
      const cpu = await on('cpu', f);
      const wasm = await on('wasm', f);
      cpu.forEach((c, i) => {
        const bad = c.findIndex((v, j) => !Object.is(v, wasm[i]![j]));
        expect(bad, `seed ${seed} offset ${offset} output ${i} at ${bad}`).toBe(-1);
      });
    }
  });
});

describe('elementwise kernels on the kernel threads', () => {
  // above POOL_MIN_VALUES the kernels split the values over both threads; an odd length leaves
  // the last share with a tail that is not a whole SIMD step
  const n = 2 * POOL_MIN_VALUES + 3;
  const xs = Float32Array.from([NaN, -0, Infinity, -Infinity, ...values(n - 4, 21)].map((v) => (Number.isFinite(v) ? v * 8 : v)));
  const dys = values(n, 22);

  it('runs on two threads here', async () => {
    expect((await startNodeWasm(tf, 2)).threads).toBe(2);
  });

  it('LeakyRelu, Relu and their gradients equal the CPU backend bit for bit', async () => {
    const f = () => {
      const x = tf.tensor(xs);
      const dy = tf.tensor(dys);
      return [tf.leakyRelu(x, 0.2), tf.relu(x), tf.grad((t: tf.Tensor) => tf.leakyRelu(t, 0.2))(x, dy), tf.grad((t: tf.Tensor) => tf.relu(t))(x, dy)];
    };
    const cpu = await on('cpu', f);
    const wasm = await on('wasm', f);
    cpu.forEach((c, i) => {
      const bad = c.findIndex((v, j) => !Object.is(v, wasm[i]![j]));
      expect(bad, `output ${i} at ${bad}`).toBe(-1);
    });
  });

  it('swish and its gradient within 1e-6 relative of the CPU backend', async () => {
    const finite = xs.map((v) => (Number.isFinite(v) ? v : 1));
    const f = () => {
      const x = tf.tensor(finite);
      const swish = (t: tf.Tensor) => tf.layers.activation({ activation: 'swish' }).apply(t) as tf.Tensor;
      return [swish(x), tf.grad(swish)(x, tf.tensor(dys))];
    };
    const cpu = await on('cpu', f);
    const wasm = await on('wasm', f);
    cpu.forEach((c, i) => expect(relativeError(wasm[i]!, c), `output ${i}`).toBeLessThan(1e-6));
  });

  it('dropout keeps the Philox stream bit for bit, a share starting across a 2^32-block carry included', async () => {
    // the second thread's share starts about n/2 words in: with this offset its first block is past 2^32
    for (const [seed, offset] of [[9, 1], [11, 2 ** 34 - 2 * (n + 1) + 2]] as const) {
      const f = () => {
        const t = tf.tensor(xs);
        return [gpuDropout(tf, t, 0.3, seed, offset), tf.grad((u: tf.Tensor) => gpuDropout(tf, u, 0.3, seed, offset))(t, tf.tensor(dys))];
      };
      const cpu = await on('cpu', f);
      const wasm = await on('wasm', f);
      cpu.forEach((c, i) => {
        const bad = c.findIndex((v, j) => !Object.is(v, wasm[i]![j]));
        expect(bad, `seed ${seed} offset ${offset} output ${i} at ${bad}`).toBe(-1);
      });
    }
  });
});
