// The WGSL Philox4x32-10 program (src/runtime/gpu-random) on the tfjs webgpu backend in Node (Dawn;
// SwiftShader's software Vulkan where there is no GPU) against the TypeScript reference, which is
// also what the same ops compute on the CPU backend.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectNodeBackend } from '../../src/runtime/backend-node';
import { gpuDropout, gpuDropoutMask, gpuRandomBits, gpuRandomInt, gpuRandomNormal, gpuRandomPath, gpuRandomUniform } from '../../src/runtime/gpu-random/ops';
import { philoxDropoutMask, philoxInt, philoxNormal, philoxUint32, philoxUniform } from '../../src/runtime/gpu-random/philox';
import { maxAbsDiff, mismatches, normalChecks, uniformChecks } from '../../src/runtime/gpu-random/stats';

/**
 * Tolerances, WGSL against TypeScript (float64 math rounded once to float32):
 * - raw words, whole numbers, dropout masks and [0, 1) uniforms: none, bit for bit (the uniforms
 *   are the top 24 bits of a word times 2^-24, exact in float32);
 * - uniforms on [low, high): one float32 rounding of low + (high - low) u, 1e-6 absolute on [-1, 3);
 * - standard normals: 2e-6 absolute. The WGSL computes log, sin and cos with its own float32 series
 *   (the built-ins may be off by 2^-11), so the error is a few float32 ulps of |z| < 5.8. Seen on
 *   SwiftShader: at most 4.8e-7 over 10^6 draws (1 ulp at |z| in [4, 5.8)).
 */
const UNIFORM_RANGE_TOLERANCE = 1e-6;
const NORMAL_TOLERANCE = 2e-6;

async function words(t: tf.Tensor): Promise<Uint32Array> {
  const data = (await t.data()) as Int32Array;
  t.dispose();
  return new Uint32Array(data.buffer, data.byteOffset, data.length);
}

async function floats(t: tf.Tensor): Promise<Float32Array> {
  const data = (await t.data()) as Float32Array;
  t.dispose();
  return data;
}

// sizes that end mid-block, offsets that start mid-block, counters that carry into the second
// word, seeds with a high word
const CASES: [n: number, seed: number, offset: number][] = [
  [1, 1, 0],
  [7, 2, 3],
  [1001, 123456789, 5],
  [4096, 2 ** 31 - 1, 2 ** 34 - 6],
  [333, 2 ** 52 + 17, 2 ** 50 + 1],
];

describe('GPU random numbers (Philox4x32-10 in WGSL)', () => {
  beforeAll(async () => {
    await selectNodeBackend(tf, 'webgpu');
  });

  it('runs the WGSL program on the webgpu backend', () => {
    expect(tf.getBackend()).toBe('webgpu');
    expect(gpuRandomPath(tf)).toBe('webgpu');
  });

  it('gives the same uint32 words as the TypeScript reference, bit for bit', async () => {
    for (const [n, seed, offset] of CASES) {
      const gpu = await words(gpuRandomBits(tf, [n], seed, offset));
      expect(mismatches(gpu, philoxUint32(n, seed, offset)), `n ${n} seed ${seed} offset ${offset}`).toBe(0);
    }
  });

  it('gives the same uniforms, whole numbers and dropout masks, bit for bit', async () => {
    for (const [n, seed, offset] of CASES) {
      const what = `n ${n} seed ${seed} offset ${offset}`;
      expect(mismatches(await floats(gpuRandomUniform(tf, [n], seed, offset)), philoxUniform(n, seed, offset)), what).toBe(0);
      expect(mismatches(await floats(gpuDropoutMask(tf, [n], 0.3, seed, offset)), philoxDropoutMask(n, seed, offset, 0.3)), what).toBe(0);
      const ints = gpuRandomInt(tf, [n], 1000, seed, offset);
      expect(ints.dtype).toBe('int32');
      expect(mismatches((await ints.data()) as Int32Array, philoxInt(n, seed, offset, 1000)), what).toBe(0);
      ints.dispose();
      const shifted = await floats(gpuRandomUniform(tf, [n], seed, offset, -1, 3));
      expect(maxAbsDiff(shifted, philoxUniform(n, seed, offset, -1, 3)), what).toBeLessThanOrEqual(UNIFORM_RANGE_TOLERANCE);
    }
  });

  it(`gives the same normals within ${NORMAL_TOLERANCE} and passes the statistical checks on 10^6 draws`, async () => {
    const n = 1_000_000;
    const gpu = await floats(gpuRandomNormal(tf, [n], 2024, 0));
    const diff = maxAbsDiff(gpu, philoxNormal(n, 2024, 0));
    expect(diff).toBeLessThanOrEqual(NORMAL_TOLERANCE);
    expect(normalChecks(gpu)).toEqual([]);
    for (const [m, seed, offset] of CASES) {
      const scaled = await floats(gpuRandomNormal(tf, [m], seed, offset, 0.5, 2));
      expect(maxAbsDiff(scaled, philoxNormal(m, seed, offset, 0.5, 2)), `n ${m} seed ${seed} offset ${offset}`).toBeLessThanOrEqual(2 * NORMAL_TOLERANCE);
    }
  });

  it('passes the statistical checks on 10^6 uniform draws', async () => {
    expect(uniformChecks(await floats(gpuRandomUniform(tf, [1_000_000], 2024, 0)))).toEqual([]);
  });

  it('repeats for the same seed, differs across seeds, and offsets give disjoint draws', async () => {
    const n = 10_000;
    const a = await floats(gpuRandomNormal(tf, [n], 42, 0));
    expect(mismatches(a, await floats(gpuRandomNormal(tf, [n], 42, 0)))).toBe(0);
    expect(mismatches(a, await floats(gpuRandomNormal(tf, [n], 43, 0)))).toBe(n);
    const first = await words(gpuRandomBits(tf, [n], 42, 0));
    const next = await words(gpuRandomBits(tf, [n], 42, n));
    expect(new Set([...first, ...next]).size).toBe(2 * n);
    // a draw at an offset is the continuation of the stream
    const both = await words(gpuRandomBits(tf, [2 * n], 42, 0));
    expect(mismatches(both.subarray(n), next)).toBe(0);
  });

  it('draws the same numbers as the CPU backend, in any shape', async () => {
    const draw = () => tf.tidy(() => [
      gpuRandomUniform(tf, [64, 28, 28, 1], 9, 100),
      gpuRandomNormal(tf, [64, 100], 9, 7),
      gpuDropoutMask(tf, [3, 5, 7], 0.5, 9, 1),
      gpuRandomInt(tf, [16, 1], 1000, 9, 3),
      gpuDropout(tf, tf.range(0, 210).reshape([3, 5, 14]), 0.5, 9, 1),
    ]);
    await tf.setBackend('cpu');
    const cpu = draw();
    const cpuData = await Promise.all(cpu.map((t) => t.data()));
    await selectNodeBackend(tf, 'webgpu');
    const gpu = draw();
    expect(gpu.map((t) => t.shape)).toEqual(cpu.map((t) => t.shape));
    const gpuData = await Promise.all(gpu.map((t) => t.data()));
    expect(mismatches(gpuData[0]!, cpuData[0]!)).toBe(0);
    expect(maxAbsDiff(gpuData[1]!, cpuData[1]!)).toBeLessThanOrEqual(NORMAL_TOLERANCE);
    expect(mismatches(gpuData[2]!, cpuData[2]!)).toBe(0);
    expect(mismatches(gpuData[3]!, cpuData[3]!)).toBe(0);
    expect(mismatches(gpuData[4]!, cpuData[4]!)).toBe(0);
    tf.dispose([...cpu, ...gpu]);
    const scalar = gpuRandomUniform(tf, [], 9, 100);
    expect(scalar.shape).toEqual([]);
    expect(await scalar.data()).toEqual(cpuData[0]!.subarray(0, 1));
    const empty = gpuRandomNormal(tf, [0, 3], 9, 0);
    expect(empty.shape).toEqual([0, 3]);
    expect((await empty.data()).length).toBe(0);
    tf.dispose([scalar, empty]);
  });

  it('applies dropout in one pass, bit for bit x * mask, and leaks no tensors', async () => {
    const before = tf.memory().numTensors;
    const x = gpuRandomNormal(tf, [8, 4, 4, 3], 6, 0);
    const y = gpuDropout(tf, x, 0.25, 5, 10);
    expect(y.shape).toEqual([8, 4, 4, 3]);
    const xs = await x.data();
    const mask = philoxDropoutMask(384, 5, 10, 0.25);
    expect(mismatches(await y.data(), Float32Array.from(xs, (v, i) => v * mask[i]!))).toBe(0);
    // the gradient is the mask, drawn again in the backward pass
    const grad = tf.grad((t: tf.Tensor) => tf.sum(gpuDropout(tf, t, 0.25, 5, 10)))(x);
    expect(mismatches(await grad.data(), mask)).toBe(0);
    tf.dispose([x, y, grad]);
    tf.tidy(() => {
      gpuRandomNormal(tf, [3, 4], 1, 0);
      gpuRandomUniform(tf, [5], 1, 0);
    });
    expect(tf.memory().numTensors).toBe(before);
  });
});
