// The TypeScript Philox4x32-10 (the reference and CPU path of gpu-random): known answers, the stream
// layout, and basic statistics of its uniform and normal draws.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { GpuRandomStream, gpuDropout, gpuDropoutMask, gpuRandomBits, gpuRandomInt, gpuRandomNormal, gpuRandomPath, gpuRandomUniform } from './ops';
import { mulhi32, philox4x32, philoxDropoutMask, philoxInt, philoxNormal, philoxUint32, philoxUniform } from './philox';
import { mismatches, normalChecks, summarize, uniformChecks } from './stats';

describe('Philox4x32-10', () => {
  it('gives the Random123 known answers', () => {
    // kat_vectors of the Random123 distribution: counter (4 words), key (2 words), result
    expect(philox4x32([0, 0, 0, 0], [0, 0])).toEqual([0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]);
    const ones = 0xffffffff;
    expect(philox4x32([ones, ones, ones, ones], [ones, ones])).toEqual([0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd]);
    expect(philox4x32([0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344], [0xa4093822, 0x299f31d0])).toEqual([
      0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1,
    ]);
  });

  it('computes the high word of 32x32-bit products exactly', () => {
    const edge = [0, 1, 2, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff, 0xd2511f53, 0xcd9e8d57];
    const words = [...edge];
    const r = philoxUint32(2000, 99, 0);
    words.push(...r);
    for (let i = 0; i < words.length; i++) {
      const a = words[i]!;
      const b = words[(i * 7 + 3) % words.length]!;
      expect(mulhi32(a, b), `${a} * ${b}`).toBe(Number((BigInt(a) * BigInt(b)) >> 32n));
    }
    for (const a of edge) for (const b of edge) expect(mulhi32(a, b)).toBe(Number((BigInt(a) * BigInt(b)) >> 32n));
  });

  it('numbers the stream by block and lane, so any offset reads the same values', () => {
    const all = philoxUint32(64, 5, 0);
    const block3 = philox4x32([3, 0, 0, 0], [5, 0]);
    expect(Array.from(all.subarray(12, 16))).toEqual(block3);
    for (const [o, n] of [[0, 64], [1, 10], [3, 1], [7, 33], [60, 4]] as const) {
      expect(Array.from(philoxUint32(n, 5, o))).toEqual(Array.from(all.subarray(o, o + n)));
    }
    // blocks past 2^32 carry into the counter's second word; seeds past 2^32 into the key's
    const far = 2 ** 32 * 4 + 8;
    expect(Array.from(philoxUint32(4, 5, far))).toEqual(philox4x32([2, 1, 0, 0], [5, 0]));
    expect(Array.from(philoxUint32(4, 2 ** 32 + 9, 0))).toEqual(philox4x32([0, 0, 0, 0], [9, 1]));
    expect(() => philoxUint32(4, -1, 0)).toThrow(/seed/);
    expect(() => philoxUint32(4, 1, 0.5)).toThrow(/offset/);
  });

  it('repeats for the same seed, differs across seeds, and offsets give disjoint draws', () => {
    const a = philoxUint32(10_000, 42, 0);
    expect(mismatches(a, philoxUint32(10_000, 42, 0))).toBe(0);
    // a different seed: no more agreement than chance (about 10^4 / 2^32)
    expect(mismatches(a, philoxUint32(10_000, 43, 0))).toBe(10_000);
    // consecutive draws at offsets 0 and 10^4 share no value, and no value repeats among 2 * 10^4
    const b = philoxUint32(10_000, 42, 10_000);
    expect(new Set([...a, ...b]).size).toBe(20_000);
    const normals = philoxNormal(1000, 42, 0);
    expect(mismatches(normals, philoxNormal(1000, 42, 0))).toBe(0);
    expect(mismatches(normals, philoxNormal(1000, 42, 1000))).toBe(1000);
  });

  it('passes basic statistical checks on 10^6 uniform and 10^6 normal draws', () => {
    expect(uniformChecks(philoxUniform(1_000_000, 2024, 0))).toEqual([]);
    expect(normalChecks(philoxNormal(1_000_000, 2024, 0))).toEqual([]);
    // a bad stream fails them: every value repeated once
    const doubled = Array.from(philoxUniform(500_000, 2024, 0)).flatMap((x) => [x, x]);
    expect(uniformChecks(doubled).join('\n')).toMatch(/lag-1 correlation/);
  });

  it('draws whole numbers, masks, shifted uniforms and scaled normals', () => {
    const t = philoxInt(100_000, 8, 0, 1000);
    expect(Math.min(...t)).toBe(0);
    expect(Math.max(...t)).toBe(999);
    expect(Math.abs(summarize(t).mean - 499.5)).toBeLessThan(5 * Math.sqrt((1000 ** 2 - 1) / 12 / 1e5));
    const mask = philoxDropoutMask(100_000, 8, 0, 0.25);
    const kept = mask.filter((v) => v !== 0);
    expect(new Set(kept)).toEqual(new Set([Math.fround(1 / 0.75)]));
    expect(Math.abs(kept.length / 1e5 - 0.75)).toBeLessThan(5 * Math.sqrt(0.75 * 0.25 / 1e5));
    const u = philoxUniform(1000, 8, 0);
    const shifted = philoxUniform(1000, 8, 0, -1, 3);
    shifted.forEach((v, i) => expect(v).toBe(Math.fround(-1 + 4 * u[i]!)));
    const z = philoxNormal(1000, 8, 0);
    const scaled = philoxNormal(1000, 8, 0, 2, 0.5);
    scaled.forEach((v, i) => expect(Math.abs(v - (2 + 0.5 * z[i]!))).toBeLessThan(1e-6));
  });
});

describe('gpu-random ops on the CPU backend', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('use the TypeScript reference and give its values, in the asked shape', async () => {
    expect(gpuRandomPath(tf)).toBe('reference');
    const u = gpuRandomUniform(tf, [4, 5, 3], 11, 6);
    expect(u.shape).toEqual([4, 5, 3]);
    expect(Array.from(await u.data())).toEqual(Array.from(philoxUniform(60, 11, 6)));
    const z = gpuRandomNormal(tf, [7, 3], 11, 6, 1, 2);
    expect(Array.from(await z.data())).toEqual(Array.from(philoxNormal(21, 11, 6, 1, 2)));
    const bits = gpuRandomBits(tf, [9], 11, 6);
    expect(Array.from(await bits.data(), (x) => x >>> 0)).toEqual(Array.from(philoxUint32(9, 11, 6)));
    const ints = gpuRandomInt(tf, [9], 17, 11, 6);
    expect(ints.dtype).toBe('int32');
    expect(Array.from(await ints.data())).toEqual(Array.from(philoxInt(9, 11, 6, 17)));
    const mask = gpuDropoutMask(tf, [3, 3], 0.5, 11, 6);
    expect(Array.from(await mask.data())).toEqual(Array.from(philoxDropoutMask(9, 11, 6, 0.5)));
    tf.dispose([u, z, bits, ints, mask]);
  });

  it('dropout multiplies by the mask, and so does its gradient', async () => {
    const x = tf.tensor([1, -2, 3, -4, 5, -6, 7, -8, 9, -10], [2, 5]);
    const mask = philoxDropoutMask(10, 4, 2, 0.5);
    const y = gpuDropout(tf, x, 0.5, 4, 2);
    expect(Array.from(await y.data())).toEqual(Array.from(await x.data(), (v, i) => v * mask[i]!));
    const grad = tf.grad((t: tf.Tensor) => tf.sum(gpuDropout(tf, t, 0.5, 4, 2)))(x);
    expect(Array.from(await grad.data())).toEqual(Array.from(mask));
    tf.dispose([x, y, grad]);
  });

  it('a stream moves its offset on by each draw', async () => {
    const s = new GpuRandomStream(3);
    const a = s.uniform(tf, [2, 3]);
    const b = s.normal(tf, [5]);
    expect(s.state()).toEqual({ seed: 3, offset: 11 });
    expect(Array.from(await a.data())).toEqual(Array.from(philoxUniform(6, 3, 0)));
    expect(Array.from(await b.data())).toEqual(Array.from(philoxNormal(5, 3, 6)));
    tf.dispose([a, b]);
  });
});
