import { describe, expect, it } from 'vitest';
import { paramsOf } from '../losses/test-support';
import type { ModelSignature } from '../spec';
import call from './call';

const generator: ModelSignature = {
  inputs: [{ name: 'z', shape: [null, 100], dtype: 'float32' }, { name: 'c', shape: [null], dtype: 'int32' }],
  outputs: [{ name: 'image', shape: [null, 28, 28, 1] }],
};
const ctx = { models: { generator } };
const params = paramsOf(call, { model: 'generator' });

describe('models.call', () => {
  it('gives its ports the model\'s input dtypes', () => {
    expect(call.inputs(params, ctx).map((p) => [p.name, p.dtype])).toEqual([['z', 'float32'], ['c', 'int32']]);
  });

  it('runs one batch: inputs of different batch sizes are refused at the second', () => {
    const r = call.inferShape({ z: [16, 100], c: [100] }, params, ctx);
    expect(r).toEqual({ ok: false, port: 'c', issue: { code: 'shape.batch', args: { a: 'z', b: 'c', batchA: 16, batchB: 100 } } });
    expect(call.inferShape({ z: [100, 100], c: [100] }, params, ctx)).toEqual({ ok: true, outputs: { image: [100, 28, 28, 1] } });
    expect(call.inferShape({ z: [null, 100], c: [7] }, params, ctx)).toEqual({ ok: true, outputs: { image: [7, 28, 28, 1] } });
  });
});
