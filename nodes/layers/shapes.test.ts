// Every layer node's pure inferShape agrees with the shape tfjs computes, both symbolically
// (model building, batch unknown) and on a real call with batch 2, over loops of params and inputs.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LayerNodeSpec } from '../spec';
import activation from './activation';
import add from './add';
import avgPool2d from './avg-pool2d';
import batchNorm from './batch-norm';
import concatenate from './concatenate';
import conv2d from './conv2d';
import conv2dTranspose from './conv2d-transpose';
import dense from './dense';
import dropout from './dropout';
import flatten from './flatten';
import globalAvgPool from './global-avg-pool';
import groupNorm from './group-norm';
import { layerNodes } from './index';
import layerNorm from './layer-norm';
import maxPool2d from './max-pool2d';
import multiply from './multiply';
import reshape from './reshape';
import selfAttention2d from './self-attention-2d';
import { buildLayer, combinations, inferInOrder, outShape, paramsOf, tfConcreteShape, tfSymbolicShape } from './test-support';
import timestepEmbedding from './timestep-embedding';
import upSampling2d from './up-sampling2d';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

interface Case {
  spec: LayerNodeSpec;
  params: Record<string, unknown>[];
  /** per-sample input shapes (no batch), one list per port, in port order */
  samples: number[][][];
}

const conv = {
  filters: [1, 5],
  kernelSize: [1, 3, 5],
  strides: [1, 2, 3],
  padding: ['same', 'valid'],
  useBias: [true, false],
} as const;
const pool = { poolSize: [1, 2, 3], strides: [1, 2, 3], padding: ['same', 'valid'] } as const;
const broadcasting = [
  [[4, 4, 8], [4, 4, 8]],
  [[4, 4, 8], [1, 1, 8]], // the U-Net's timestep projection onto a feature map
  [[1, 1, 8], [4, 4, 8]],
  [[4, 1, 8], [1, 4, 8]],
  [[4, 4, 8], [8]], // different ranks line up from the right
  [[8], [4, 4, 8]],
  [[4, 4, 1], [4, 4, 8]],
  [[5], [5]],
];

const CASES: Case[] = [
  { spec: dense, params: combinations({ units: [1, 7, 128], activation: ['linear', 'relu', 'gelu'], useBias: [true, false] }), samples: [[[3]], [[20]]] },
  { spec: conv2d, params: combinations(conv), samples: [[[8, 8, 3]], [[7, 9, 1]]] },
  { spec: conv2dTranspose, params: combinations(conv), samples: [[[8, 8, 3]], [[7, 9, 1]], [[1, 1, 4]]] },
  { spec: upSampling2d, params: combinations({ size: [1, 2, 3], interpolation: ['nearest', 'bilinear'] }), samples: [[[4, 4, 2]], [[3, 5, 1]]] },
  { spec: maxPool2d, params: combinations(pool), samples: [[[8, 8, 3]], [[7, 5, 2]]] },
  { spec: avgPool2d, params: combinations(pool), samples: [[[8, 8, 3]], [[7, 5, 2]]] },
  { spec: globalAvgPool, params: [{}], samples: [[[4, 4, 3]], [[1, 7, 5]]] },
  { spec: flatten, params: [{}], samples: [[[4, 4, 3]], [[5, 2]], [[2, 3, 4, 5]]] },
  { spec: reshape, params: [{ targetShape: [3, 4] }, { targetShape: [12] }, { targetShape: [2, 3, 2] }, { targetShape: [1, 2, 3, 2] }], samples: [[[12]], [[3, 4]], [[2, 2, 3]]] },
  { spec: concatenate, params: [{ inputs: 2 }], samples: [[[4, 4, 2], [4, 4, 5]], [[3], [7]], [[2, 3, 4, 1], [2, 3, 4, 2]]] },
  { spec: concatenate, params: [{ inputs: 3 }], samples: [[[4, 4, 2], [4, 4, 5], [4, 4, 1]]] },
  { spec: concatenate, params: [{ inputs: 8 }], samples: [Array.from({ length: 8 }, (_, i) => [2, 2, i + 1])] },
  { spec: add, params: [{ inputs: 2 }], samples: broadcasting },
  { spec: add, params: [{ inputs: 3 }], samples: [[[4, 4, 8], [1, 1, 8], [4, 4, 1]], [[8], [4, 1, 8], [1, 4, 1]]] },
  { spec: multiply, params: [{ inputs: 2 }], samples: broadcasting },
  { spec: multiply, params: [{ inputs: 4 }], samples: [[[4, 4, 8], [1, 1, 8], [4, 4, 1], [8]]] },
  { spec: batchNorm, params: combinations({ momentum: [0.9, 0.99], epsilon: [1e-3, 1e-5] }), samples: [[[5]], [[4, 4, 3]]] },
  { spec: layerNorm, params: combinations({ epsilon: [1e-3, 1e-6] }), samples: [[[5]], [[4, 4, 3]], [[3, 6]]] },
  { spec: groupNorm, params: combinations({ groups: [1, 2, 4, 8] }), samples: [[[4, 4, 8]], [[8]], [[3, 8]]] },
  { spec: dropout, params: combinations({ rate: [0, 0.5, 0.9] }), samples: [[[5]], [[4, 4, 3]]] },
  {
    spec: activation,
    params: combinations({ activation: ['relu', 'leakyRelu', 'elu', 'tanh', 'sigmoid', 'swish', 'gelu', 'softplus'], alpha: [0.2] }),
    samples: [[[5]], [[2, 3, 4]]],
  },
  { spec: timestepEmbedding, params: combinations({ dim: [2, 8, 64], maxPeriod: [10000, 100] }), samples: [[[1]]] },
  { spec: selfAttention2d, params: combinations({ heads: [1, 2, 4] }), samples: [[[4, 4, 8]], [[3, 5, 4]], [[1, 1, 8]]] },
];

const rows = CASES.flatMap(({ spec, params, samples }) =>
  params.flatMap((stored) => samples.map((sample) => ({ label: `${spec.type} ${JSON.stringify(stored)} ${JSON.stringify(sample)}`, spec, stored, sample }))),
);

describe('inferShape agrees with tfjs', () => {
  it('covers every registered layer node', () => {
    const tested = new Set(CASES.map((c) => c.spec.type));
    expect(layerNodes.map((n) => n.type).filter((t) => !tested.has(t))).toEqual([]);
  });

  it.each(rows)('$label', ({ spec, stored, sample }) => {
    const params = paramsOf(spec, stored);

    const symbolic = outShape(inferInOrder(spec, params, sample.map((s) => [null, ...s])));
    expect(tfSymbolicShape(tf, buildLayer(tf, spec, params), sample)).toEqual(symbolic);

    const concrete = outShape(inferInOrder(spec, params, sample.map((s) => [2, ...s])));
    expect(tfConcreteShape(tf, buildLayer(tf, spec, params), sample, 2)).toEqual(concrete);
  });
});
