import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { codeOf, infer, makeEnv, paramsOf } from '../losses/test-support';
import type { OpNodeSpec, ParamSpecs } from '../spec';
import constant, { constantValues } from './constant';
import oneHot from './one-hot';
import softmax from './softmax';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Runs a node inside tf.tidy and reads its `out` back: values, shape and dtype. */
function runOut<P extends ParamSpecs>(spec: OpNodeSpec<P>, inputs: Record<string, tf.Tensor>, stored: Record<string, unknown> = {}) {
  const p = paramsOf(spec, stored);
  const out = tf.tidy(() => spec.run(inputs, p, makeEnv(tf)).out!);
  const read = { values: out.arraySync(), shape: out.shape, dtype: out.dtype };
  out.dispose();
  return read;
}

describe('tensors.oneHot', () => {
  it('turns ids [batch] into float32 rows with a 1 at each id', () => {
    const r = runOut(oneHot, { ids: tf.tensor1d([2, 0, 1, 2], 'int32') }, { classes: 3 });
    expect(r.dtype).toBe('float32');
    expect(r.shape).toEqual([4, 3]);
    expect(r.values).toEqual([[0, 0, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1]]);
  });

  it('turns ids [batch, n] into rows [batch, n, classes]', () => {
    const r = runOut(oneHot, { ids: tf.tensor2d([[0, 3], [1, 1]], [2, 2], 'int32') }, { classes: 4 });
    expect(r.dtype).toBe('float32');
    expect(r.shape).toEqual([2, 2, 4]);
    expect(r.values).toEqual([[[1, 0, 0, 0], [0, 0, 0, 1]], [[0, 1, 0, 0], [0, 1, 0, 0]]]);
    expect(infer(oneHot, { ids: [2, 2] }, { classes: 4 })).toEqual({ ok: true, outputs: { out: [2, 2, 4] } });
  });

  it('gives a row of zeros for an id outside [0, classes), as its doc says', () => {
    const r = runOut(oneHot, { ids: tf.tensor1d([-1, 3, 1], 'int32') }, { classes: 3 });
    expect(r.values).toEqual([[0, 0, 0], [0, 0, 0], [0, 1, 0]]);
  });

  it('wants int32 ids and gives float32 rows', () => {
    const p = paramsOf(oneHot);
    expect(oneHot.inputs(p, { models: {} }).map((q) => [q.name, q.dtype])).toEqual([['ids', 'int32']]);
    expect(oneHot.outputs(p, { models: {} }).map((q) => q.dtype ?? 'float32')).toEqual(['float32']);
  });
});

describe('constantValues', () => {
  it('reads ranges, lists and repeats', () => {
    expect(constantValues('0..9', 1, true)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(constantValues('1, 2.5 -3', 1, false)).toEqual([1, 2.5, -3]);
    expect(constantValues('  1,,2 ,\t3  ', 1, true)).toEqual([1, 2, 3]);
    // the limit counts the values made, each repeat once: two items of 300 repeats are 600 values
    expect((constantValues('1 2', 300, true) as number[]).length).toBe(600);
    expect(constantValues('0..2', 2, true)).toEqual([0, 0, 1, 1, 2, 2]);
    expect(constantValues('7, 0..1', 3, true)).toEqual([7, 7, 7, 0, 0, 0, 1, 1, 1]);
    expect(constantValues('3..1', 1, true)).toEqual([3, 2, 1]);
    expect(constantValues('-2..1', 1, true)).toEqual([-2, -1, 0, 1]);
    expect(constantValues('5..5', 1, true)).toEqual([5]);
    expect(constantValues('1e2 .5 -0.25', 1, false)).toEqual([100, 0.5, -0.25]);
  });

  it('refuses what is not a list of numbers', () => {
    expect(constantValues('a', 1, false)).toBe('"a" is not a number or a range like 0..9');
    expect(constantValues('1, 2, x3', 1, false)).toBe('"x3" is not a number or a range like 0..9');
    expect(constantValues('0..2.5', 1, false)).toBe('"0..2.5" is not a number or a range like 0..9');
    expect(constantValues('1e999', 1, false)).toBe('"1e999" is not a number or a range like 0..9');
    expect(constantValues('Infinity', 1, false)).toMatch(/"Infinity" is not a number/);
    expect(constantValues('1.5', 1, true)).toBe('"1.5" is not a whole number, and class ids are');
    // the same text is fine as float32
    expect(constantValues('1.5', 1, false)).toEqual([1.5]);
    expect(constantValues('', 1, true)).toBe('it lists no values');
    expect(constantValues(' , ', 1, false)).toBe('it lists no values');
  });

  it('holds at most 65536 values, counting repeats', () => {
    expect(constantValues('0..65535', 1, true)).toHaveLength(65536);
    expect(constantValues('0..65536', 1, true)).toBe('it lists more than 65536 values');
    expect(constantValues('0..15', 4096, true)).toHaveLength(65536);
    expect(constantValues('0..16', 4096, true)).toBe('it lists more than 65536 values');
    expect(constantValues('0..65535, 1', 1, true)).toBe('it lists more than 65536 values');
    expect(constantValues('0..1000000000', 1, true)).toBe('it lists more than 65536 values');
  });
});

describe('tensors.constant', () => {
  it('runs to a tensor of its values in its dtype', () => {
    expect(runOut(constant, {})).toEqual({ values: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], shape: [10], dtype: 'int32' });
    expect(runOut(constant, {}, { values: '1, 2.5', repeat: 2, dtype: 'float32' })).toEqual({ values: [1, 1, 2.5, 2.5], shape: [4], dtype: 'float32' });
    expect(runOut(constant, {}, { values: '2..0', dtype: 'int32' })).toEqual({ values: [2, 1, 0], shape: [3], dtype: 'int32' });
  });

  it('emits the same tensor, and says its dtype on its port', () => {
    const p = paramsOf(constant, { values: '3..1', repeat: 2 });
    expect(constant.emit!(p, undefined as never)).toBe("tf.tensor1d([3,3,2,2,1,1], 'int32')");
    const f = paramsOf(constant, { values: '0.5 -1', dtype: 'float32' });
    expect(constant.emit!(f, undefined as never)).toBe("tf.tensor1d([0.5,-1], 'float32')");
    expect(constant.outputs(p, { models: {} })[0]!.dtype).toBe('int32');
    expect(constant.outputs(f, { models: {} })[0]!.dtype).toBe('float32');
  });

  it('infers [count] and reports a bad list as param.invalid on values', () => {
    expect(infer(constant, {}, { values: '0..9', repeat: 8 })).toEqual({ ok: true, outputs: { out: [80] } });
    for (const values of ['a', '1.5', '']) {
      const r = infer(constant, {}, { values });
      expect(codeOf(r), values).toBe('param.invalid');
      if (!r.ok) expect(r.issue.args).toMatchObject({ param: 'values' });
    }
    expect(infer(constant, {}, { values: '1.5', dtype: 'float32' })).toEqual({ ok: true, outputs: { out: [1] } });
  });
});

describe('tensors.softmax', () => {
  it('gives each row probabilities that add up to 1', () => {
    const r = runOut(softmax, { in: tf.tensor2d([[0, Math.log(2), Math.log(3)], [5, 5, 5], [1000, 0, -1000]]) });
    expect(r.shape).toEqual([3, 3]);
    const rows = r.values as number[][];
    [[1 / 6, 2 / 6, 3 / 6], [1 / 3, 1 / 3, 1 / 3], [1, 0, 0]].forEach((want, i) => {
      want.forEach((v, c) => expect(rows[i]![c]).toBeCloseTo(v, 6));
      expect(rows[i]!.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    });
  });

  it('normalises over the last axis only, and is unchanged by adding a number to a row', () => {
    const x = [[[1, 2], [3, -1]], [[0, 0], [4, 4.5]]];
    const r = runOut(softmax, { in: tf.tensor3d(x) }).values as number[][][];
    const shifted = runOut(softmax, { in: tf.tensor3d(x.map((a) => a.map((row) => row.map((v) => v + 7)))) }).values as number[][][];
    r.forEach((a, i) => a.forEach((row, j) => {
      const e = x[i]![j]!.map(Math.exp);
      const sum = e.reduce((s, v) => s + v, 0);
      row.forEach((v, c) => {
        expect(v).toBeCloseTo(e[c]! / sum, 6);
        expect(shifted[i]![j]![c]).toBeCloseTo(v, 6);
      });
    }));
  });

  it('keeps the shape and refuses an unbatched input', () => {
    expect(infer(softmax, { in: [4, 10] })).toEqual({ ok: true, outputs: { out: [4, 10] } });
    expect(codeOf(infer(softmax, { in: [] }))).toBe('shape.rank');
    // one score per sample is no row to normalise: softmax over [batch] would mix the samples
    expect(codeOf(infer(softmax, { in: [4] }))).toBe('shape.rank');
    expect(infer(softmax, { in: [2, 3, 5] })).toEqual({ ok: true, outputs: { out: [2, 3, 5] } });
  });
});
