// The exported module's own Philox (src/codegen/snippets/random.ts) against the app's reference
// (src/runtime/gpu-random/philox.ts): the same words, uniforms, normals, whole numbers and dropout
// masks, bit for bit, for odd sizes, seeds above 2^32 and more than one block.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { withDependencies } from '../../src/codegen/snippet';
import { philoxDropout, philoxInts, philoxNormal, philoxUniform, philoxWords } from '../../src/codegen/snippets/random';
import { philox4x32, philoxDropoutMask, philoxInt, philoxNormal as refNormal, philoxUint32, philoxUniform as refUniform } from '../../src/runtime/gpu-random';
import { loadExported } from './support';

interface Exported {
  philoxWords(n: number, seed: number): Uint32Array;
  philoxUniform(shape: readonly number[], seed: number, low: number, high: number): tf.Tensor;
  philoxNormal(shape: readonly number[], seed: number, mean?: number, std?: number): tf.Tensor;
  philoxInts(n: number, count: number, seed: number): number[];
  philoxDropout(x: tf.Tensor, rate: number, seed: number): tf.Tensor;
}

let ex: Exported;
beforeAll(async () => {
  await tf.setBackend('cpu');
  const code = withDependencies([philoxWords, philoxUniform, philoxNormal, philoxInts, philoxDropout]).map((s) => s.code).join('\n\n');
  const names = 'philoxWords, philoxUniform, philoxNormal, philoxInts, philoxDropout';
  ex = loadExported(`import * as tf from '@tensorflow/tfjs';\n${code}\nexport { ${names} };\n`) as unknown as Exported;
});

const SEEDS = [1, 7, 2147483646, 2 ** 32 + 5, 2 ** 52 + 3];
const SIZES = [1, 3, 4, 5, 17, 1001];
const cases = SEEDS.flatMap((seed) => SIZES.map((n) => [seed, n] as const));
const read = (t: tf.Tensor) => {
  const v = Float32Array.from(t.dataSync());
  t.dispose();
  return v;
};

describe('the exported Philox', () => {
  it('reproduces the Random123 known answer of Philox4x32-10 (counter 0, key 0)', () => {
    expect(Array.from(ex.philoxWords(4, 0))).toEqual(philox4x32([0, 0, 0, 0], [0, 0]));
    expect(philox4x32([0, 0, 0, 0], [0, 0])).toEqual([0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]);
  });

  it.each(cases)('seed %d, %i values: the same words, uniforms, normals, whole numbers and masks as the app', (seed, n) => {
    expect(Array.from(ex.philoxWords(n, seed).subarray(0, n))).toEqual(Array.from(philoxUint32(n, seed, 0)));
    expect(read(ex.philoxUniform([n], seed, -2, 3))).toEqual(refUniform(n, seed, 0, -2, 3));
    expect(read(ex.philoxNormal([n], seed, 0.5, 1.5))).toEqual(refNormal(n, seed, 0, 0.5, 1.5));
    expect(read(ex.philoxNormal([n], seed))).toEqual(refNormal(n, seed, 0));
    expect(ex.philoxInts(n, 1000, seed)).toEqual(Array.from(philoxInt(n, seed, 0, 1000)));
    expect(ex.philoxInts(n, 2 ** 31, seed)).toEqual(Array.from(philoxInt(n, seed, 0, 2 ** 31)));
    const x = tf.ones([n]);
    expect(read(ex.philoxDropout(x, 0.3, seed))).toEqual(philoxDropoutMask(n, seed, 0, 0.3));
    x.dispose();
  });

  it('another seed gives other words (the comparison can fail)', () => {
    expect(Array.from(ex.philoxWords(8, 2))).not.toEqual(Array.from(philoxUint32(8, 1, 0)));
  });
});
