import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import scale from './scale';
import { codeOf, infer, lossValue, paramsOf } from './test-support';
import weightedSum from './weighted-sum';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('losses.weightedSum', () => {
  it('adds count losses with their weights and ignores the rest', () => {
    const inputs = { loss1: tf.scalar(2), loss2: tf.scalar(3), loss3: tf.scalar(5) };
    expect(lossValue(tf, weightedSum, inputs, { count: 3, w1: 1, w2: 0.5, w3: -2, w4: 100 })).toBeCloseTo(2 + 1.5 - 10, 6);
    expect(lossValue(tf, weightedSum, { loss1: tf.scalar(2), loss2: tf.scalar(3) })).toBeCloseTo(5, 6);
  });

  it('has one loss port per term', () => {
    const ports = weightedSum.inputs(paramsOf(weightedSum, { count: 4 }), { models: {} });
    expect(ports.map((p) => `${p.name}:${p.kind}`)).toEqual(['loss1:loss', 'loss2:loss', 'loss3:loss', 'loss4:loss']);
  });

  it('wants scalar losses, and a count in 2..8', () => {
    expect(infer(weightedSum, { loss1: [], loss2: [] })).toEqual({ ok: true, outputs: { loss: [] } });
    expect(codeOf(infer(weightedSum, { loss1: [], loss2: [8, 1] }))).toBe('graph.lossNotScalar');
    expect(() => paramsOf(weightedSum, { count: 9 })).toThrow(/count/);
    expect(() => paramsOf(weightedSum, { w3: 'x' })).toThrow(/w3/);
  });
});

describe('losses.scale', () => {
  it('multiplies a loss by its factor', () => {
    expect(lossValue(tf, scale, { loss: tf.scalar(4) }, { factor: -0.25 })).toBeCloseTo(-1, 6);
  });
  it('wants a scalar loss', () => {
    expect(infer(scale, { loss: [] }).ok).toBe(true);
    expect(codeOf(infer(scale, { loss: [4] }))).toBe('graph.lossNotScalar');
  });
});

describe('every loss node', () => {
  it('outputs one port "loss" of kind loss', async () => {
    const { lossesNodes } = await import('./index');
    for (const spec of lossesNodes) {
      const p = paramsOf(spec);
      expect(spec.outputs(p, { models: {} }), spec.type).toEqual([{ name: 'loss', kind: 'loss', doc: 'scalar loss []' }]);
      expect(spec.category).toBe('losses');
    }
  });
});
