// Every layer node's pure inferShape agrees with the shape tfjs computes, both symbolically
// (model building, batch unknown) and on a real call with batch 2: on the node's own examples,
// whose declared outputs tfjs must give, and on their neighbours (one param changed at a time).
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LayerNodeSpec } from '../spec';
import { layerNodes } from './index';
import {
  buildLayer,
  exampleCases,
  inferInOrder,
  outShape,
  paramsOf,
  inputDtypes,
  samplesOf,
  tfConcreteShape,
  tfSymbolicShape,
  withBatch,
} from './test-support';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const layers = layerNodes as readonly LayerNodeSpec[];

const examples = layers.flatMap((spec) =>
  spec.examples.map((example, i) => ({ label: `${spec.type} #${i} ${JSON.stringify(example.params ?? {})}`, spec, example })),
);

describe('tfjs builds and runs the shapes of the examples', () => {
  it.each(examples)('$label', ({ spec, example }) => {
    const params = paramsOf(spec, example.params);
    const samples = samplesOf(spec, params, example);
    const declared = example.outputs['out'];
    if (!declared) throw new Error('a layer example declares its "out" shape');
    const dtypes = inputDtypes(spec, params);
    expect(tfSymbolicShape(tf, buildLayer(tf, spec, params), samples, dtypes)).toEqual(declared);
    expect(tfConcreteShape(tf, buildLayer(tf, spec, params), samples, 2, dtypes)).toEqual(withBatch(declared, 2));
  });
});

describe('inferShape agrees with tfjs around the examples', () => {
  it.each(exampleCases(layers))('$label', ({ spec, example, stored }) => {
    const params = paramsOf(spec, stored);
    const samples = samplesOf(spec, params, example);
    const symbolic = inferInOrder(spec, params, samples.map((s) => [null, ...s]));
    // a refusal is for errors.test.ts to hold against tfjs
    if (!symbolic.ok) return;
    const dtypes = inputDtypes(spec, params);
    expect(tfSymbolicShape(tf, buildLayer(tf, spec, params), samples, dtypes)).toEqual(outShape(symbolic));

    const concrete = outShape(inferInOrder(spec, params, samples.map((s) => [2, ...s])));
    expect(tfConcreteShape(tf, buildLayer(tf, spec, params), samples, 2, dtypes)).toEqual(concrete);
  });
});
