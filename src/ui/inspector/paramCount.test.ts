// Each layer node's pure parameter count against what tfjs counts on the built layer, on the
// node's examples and their neighbours; and the lookup the inspector and the summary use.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { layerNodes } from '../../../nodes/layers';
import { buildLayer, exampleCases, inferInOrder, paramsOf, samplesOf } from '../../../nodes/layers/test-support';
import type { LayerNodeSpec } from '../../../nodes/spec';
import { layerParamCount } from './paramCount';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const size = (ws: tf.LayerVariable[]) => ws.reduce((s, w) => s + w.shape.reduce<number>((a, b) => a * (b ?? Number.NaN), 1), 0);

describe('layer parameter counts', () => {
  it.each(exampleCases(layerNodes as readonly LayerNodeSpec[]))('$label counts what tfjs counts', ({ spec, example, stored }) => {
    const params = paramsOf(spec, stored);
    const samples = samplesOf(spec, params, example);
    const input = [null, ...samples[0]!];
    if (!inferInOrder(spec, params, samples.map((s) => [null, ...s])).ok) return;
    const layer = buildLayer(tf, spec, params);
    const inputs = samples.map((shape) => tf.input({ shape }));
    layer.apply(inputs.length === 1 ? inputs[0]! : inputs);
    const ours = spec.paramCount(params, input);
    expect(ours).toEqual({ trainable: size(layer.trainableWeights), nonTrainable: size(layer.nonTrainableWeights) });
    expect(ours!.trainable + ours!.nonTrainable).toBe(layer.countParams());
    // a count given before the input is known cannot depend on it
    const early = spec.paramCount(params, undefined);
    if (early) expect(early).toEqual(ours);
  });

  it('says nothing it cannot know: unknown types, and weighted layers without an input shape', () => {
    expect(layerParamCount('layers.nope', {}, [null, 3])).toBeUndefined();
    expect(layerParamCount('losses.mse', {}, [null, 3])).toBeUndefined();
    expect(layerParamCount('layers.dense', { units: 4, useBias: true }, undefined)).toBeUndefined();
    expect(layerParamCount('layers.dense', { units: 4, useBias: true }, [null, null])).toBeUndefined();
    expect(layerParamCount('layers.dense', { units: 4, useBias: true }, [null, 3])).toEqual({ trainable: 16, nonTrainable: 0 });
    expect(layerParamCount('layers.flatten', {}, undefined)).toEqual({ trainable: 0, nonTrainable: 0 });
  });
});
