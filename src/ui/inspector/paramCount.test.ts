// Each layer type's pure parameter count against what tfjs counts on the built layer, over loops
// of params and input shapes; and every registered layer type has a counter.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { layerNodes } from '../../../nodes/layers';
import { buildLayer, combinations, paramsOf } from '../../../nodes/layers/test-support';
import type { LayerNodeSpec } from '../../../nodes/spec';
import { COUNTERS, layerParamCount } from './paramCount';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** params to try, and per-sample input shapes (one list per input port) to try them on */
const CASES: Record<string, { params: Record<string, unknown>[]; samples: number[][][] }> = {
  'layers.dense': { params: combinations({ units: [1, 7, 128], useBias: [true, false] }), samples: [[[3]], [[20]], [[4, 5]]] },
  'layers.conv2d': {
    params: combinations({ filters: [1, 5], kernelSize: [1, 3, 5], strides: [1, 2], useBias: [true, false] }),
    samples: [[[8, 8, 3]], [[7, 9, 1]]],
  },
  'layers.conv2dTranspose': {
    params: combinations({ filters: [1, 5], kernelSize: [1, 4], strides: [1, 2], useBias: [true, false] }),
    samples: [[[4, 4, 3]], [[5, 3, 2]]],
  },
  'layers.batchNorm': { params: [{}], samples: [[[6]], [[4, 4, 3]]] },
  'layers.layerNorm': { params: [{}], samples: [[[6]], [[4, 4, 3]]] },
  'layers.groupNorm': { params: combinations({ groups: [1, 2] }), samples: [[[4, 4, 4]], [[6]]] },
  'layers.selfAttention2d': { params: combinations({ heads: [1, 2] }), samples: [[[3, 3, 4]], [[2, 2, 8]]] },
  'layers.activation': { params: combinations({ activation: ['relu', 'leakyRelu'] }), samples: [[[5]]] },
  'layers.dropout': { params: [{}], samples: [[[5]]] },
  'layers.flatten': { params: [{}], samples: [[[2, 3, 4]]] },
  'layers.reshape': { params: [{ targetShape: [6, 4] }], samples: [[[2, 3, 4]]] },
  'layers.upSampling2d': { params: [{}], samples: [[[2, 3, 4]]] },
  'layers.maxPool2d': { params: [{}], samples: [[[4, 4, 2]]] },
  'layers.avgPool2d': { params: [{}], samples: [[[4, 4, 2]]] },
  'layers.globalAvgPool': { params: [{}], samples: [[[4, 4, 2]]] },
  'layers.concatenate': { params: [{}], samples: [[[4, 2], [4, 3]]] },
  'layers.add': { params: [{}], samples: [[[4, 3], [4, 3]]] },
  'layers.multiply': { params: [{}], samples: [[[4, 3], [4, 3]]] },
  'layers.timestepEmbedding': { params: [{}], samples: [[[1]]] },
};

const size = (ws: tf.LayerVariable[]) => ws.reduce((s, w) => s + w.shape.reduce<number>((a, b) => a * (b ?? Number.NaN), 1), 0);

describe('layer parameter counts', () => {
  it('has a counter and test cases for every registered layer type', () => {
    const types = layerNodes.map((s) => s.type).sort();
    expect(Object.keys(COUNTERS).sort()).toEqual(types);
    expect(Object.keys(CASES).sort()).toEqual(types);
  });

  for (const spec of layerNodes as LayerNodeSpec[]) {
    it(`${spec.type} counts what tfjs counts`, () => {
      const c = CASES[spec.type]!;
      for (const stored of c.params) {
        for (const samples of c.samples) {
          const params = paramsOf(spec, stored);
          const layer = buildLayer(tf, spec, params);
          const inputs = samples.map((shape) => tf.input({ shape }));
          layer.apply(inputs.length === 1 ? inputs[0]! : inputs);
          const ours = layerParamCount(spec.type, params, [null, ...samples[0]!]);
          const where = `${JSON.stringify(stored)} on ${JSON.stringify(samples)}`;
          expect(ours, where).toEqual({ trainable: size(layer.trainableWeights), nonTrainable: size(layer.nonTrainableWeights) });
          expect(ours!.trainable + ours!.nonTrainable, where).toBe(layer.countParams());
        }
      }
    });
  }

  it('says nothing it cannot know: unknown types, and weighted layers without an input shape', () => {
    expect(layerParamCount('layers.nope', {}, [null, 3])).toBeUndefined();
    expect(layerParamCount('layers.dense', { units: 4 }, undefined)).toBeUndefined();
    expect(layerParamCount('layers.dense', { units: 4 }, [null, null])).toBeUndefined();
    expect(layerParamCount('layers.flatten', {}, undefined)).toEqual({ trainable: 0, nonTrainable: 0 });
  });
});
