// Bad inputs give the expected coded issue at the expected port, with a message that says what to
// do; where tfjs would refuse the same inputs, it does (so the canvas never lets through a layer
// that the compiler cannot build).
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderIssue, type MessageCode } from '../../src/messages';
import type { LayerNodeSpec, Shape } from '../spec';
import add from './add';
import batchNorm from './batch-norm';
import concatenate from './concatenate';
import conv2d from './conv2d';
import conv2dTranspose from './conv2d-transpose';
import dense from './dense';
import flatten from './flatten';
import globalAvgPool from './global-avg-pool';
import groupNorm from './group-norm';
import layerNorm from './layer-norm';
import maxPool2d from './max-pool2d';
import multiply from './multiply';
import reshape from './reshape';
import selfAttention2d from './self-attention-2d';
import { buildLayer, inferInOrder, paramsOf, tfConcreteShape, tfSymbolicShape } from './test-support';
import timestepEmbedding from './timestep-embedding';
import upSampling2d from './up-sampling2d';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

interface BadCase {
  label: string;
  spec: LayerNodeSpec;
  stored?: Record<string, unknown>;
  /** full input shapes in port order (batch first) */
  inputs: Shape[];
  code: MessageCode;
  port?: string;
  /** words the rendered message must contain: what is wrong or what to do */
  says?: RegExp;
  /** tfjs throws too when given the same inputs (batch 2) */
  tfjsRefuses?: boolean;
}

const CASES: BadCase[] = [
  { label: 'Dense after a conv', spec: dense, inputs: [[null, 4, 4, 3]], code: 'shape.rank', port: 'in', says: /Flatten/ },
  { label: 'Conv2D on flat features', spec: conv2d, inputs: [[null, 64]], code: 'shape.rank', port: 'in', says: /Reshape to \[height, width, channels\]/, tfjsRefuses: true },
  { label: 'Conv2D without channel axis', spec: conv2d, inputs: [[null, 28, 28]], code: 'shape.rank', port: 'in', says: /\[28, 28, 1\]/, tfjsRefuses: true },
  {
    label: 'Conv2D kernel larger than a valid input',
    spec: conv2d,
    stored: { kernelSize: 5, padding: 'valid' },
    inputs: [[null, 3, 3, 1]],
    code: 'shape.tooSmall',
    port: 'in',
    says: /5x5 kernel/,
  },
  { label: 'Conv2DTranspose on rank 3', spec: conv2dTranspose, inputs: [[null, 7, 7]], code: 'shape.rank', port: 'in', tfjsRefuses: true },
  { label: 'UpSampling2D on flat features', spec: upSampling2d, inputs: [[null, 10]], code: 'shape.rank', port: 'in', tfjsRefuses: true },
  {
    label: 'MaxPool2D window larger than the map',
    spec: maxPool2d,
    stored: { poolSize: 3, strides: 1, padding: 'valid' },
    inputs: [[null, 2, 2, 1]],
    code: 'shape.tooSmall',
    port: 'in',
  },
  { label: 'GlobalAvgPool on flat features', spec: globalAvgPool, inputs: [[null, 10]], code: 'shape.rank', port: 'in', tfjsRefuses: true },
  { label: 'Flatten on flat features', spec: flatten, inputs: [[null, 10]], code: 'shape.rank', port: 'in', says: /already flat/, tfjsRefuses: true },
  { label: 'Flatten of unknown size', spec: flatten, inputs: [[null, null, 3]], code: 'layers.unknownDim', port: 'in' },
  {
    label: 'Reshape to a different size',
    spec: reshape,
    stored: { targetShape: [7, 7, 128] },
    inputs: [[null, 6000]],
    code: 'shape.reshape',
    port: 'in',
    says: /6000 values per sample.*6272 values per sample/,
    tfjsRefuses: true,
  },
  {
    label: 'Concatenate maps of different size',
    spec: concatenate,
    inputs: [[null, 4, 4, 2], [null, 8, 8, 2]],
    code: 'layers.concat',
    port: 'in2',
    says: /UpSampling2D/,
    tfjsRefuses: true,
  },
  { label: 'Concatenate different ranks', spec: concatenate, inputs: [[null, 4, 4, 2], [null, 2]], code: 'layers.concat', port: 'in2', tfjsRefuses: true },
  {
    label: 'Add maps with different channels',
    spec: add,
    inputs: [[null, 4, 4, 8], [null, 4, 4, 3]],
    code: 'layers.broadcast',
    port: 'in2',
    says: /8 in the first and 3 in the second/,
    tfjsRefuses: true,
  },
  {
    label: 'Add: the third input clashes with the first',
    spec: add,
    stored: { inputs: 3 },
    inputs: [[null, 4, 4, 8], [null, 1, 1, 8], [null, 2, 2, 8]],
    code: 'layers.broadcast',
    port: 'in3',
    says: /"in1" \[batch, 4, 4, 8\] and "in3" \[batch, 2, 2, 8\]/,
    tfjsRefuses: true,
  },
  { label: 'Multiply, shorter input clashes', spec: multiply, inputs: [[null, 3], [null, 4, 4, 8]], code: 'layers.broadcast', port: 'in2', tfjsRefuses: true },
  { label: 'Add with different batch sizes', spec: add, inputs: [[2, 4], [3, 4]], code: 'shape.batch', port: 'in2' },
  { label: 'BatchNorm on a batch of scalars', spec: batchNorm, inputs: [[null]], code: 'shape.rank', port: 'in' },
  { label: 'LayerNorm on a batch of scalars', spec: layerNorm, inputs: [[null]], code: 'shape.rank', port: 'in' },
  {
    label: 'GroupNorm groups that do not divide channels',
    spec: groupNorm,
    stored: { groups: 3 },
    inputs: [[null, 4, 4, 8]],
    code: 'shape.divisible',
    port: 'in',
    says: /divides 8/,
    tfjsRefuses: true,
  },
  { label: 'TimestepEmbedding odd dim', spec: timestepEmbedding, stored: { dim: 33 }, inputs: [[null, 1]], code: 'param.invalid', says: /32 or 34/ },
  { label: 'TimestepEmbedding two values per sample', spec: timestepEmbedding, inputs: [[null, 2]], code: 'shape.dim', port: 'in' },
  { label: 'TimestepEmbedding on an image', spec: timestepEmbedding, inputs: [[null, 4, 4, 1]], code: 'shape.rank', port: 'in' },
  {
    label: 'SelfAttention2D heads that do not divide channels',
    spec: selfAttention2d,
    stored: { heads: 3 },
    inputs: [[null, 4, 4, 8]],
    code: 'shape.divisible',
    port: 'in',
    tfjsRefuses: true,
  },
  { label: 'SelfAttention2D on flat features', spec: selfAttention2d, inputs: [[null, 16]], code: 'shape.rank', port: 'in', tfjsRefuses: true },
];

describe('bad inputs give coded issues', () => {
  it.each(CASES)('$label → $code', ({ spec, stored, inputs, code, port, says, tfjsRefuses }) => {
    const params = paramsOf(spec, stored);
    const result = inferInOrder(spec, params, inputs);
    if (result.ok) throw new Error(`expected ${code}, got ${JSON.stringify(result.outputs)}`);
    expect(result.issue.code).toBe(code);
    expect(result.port).toBe(port);
    const text = renderIssue(result.issue);
    expect(text).not.toMatch(/undefined|NaN|\[object/);
    if (says) expect(text).toMatch(says);

    if (tfjsRefuses) {
      const samples = inputs.map((s) => s.slice(1).map((d) => d ?? 1));
      expect(() => {
        tfSymbolicShape(tf, buildLayer(tf, spec, params), samples);
        tfConcreteShape(tf, buildLayer(tf, spec, params), samples, 2);
      }).toThrow();
    }
  });
});

describe('checks tfjs itself does not make', () => {
  it('a valid-padded kernel larger than the input gives tfjs a negative size, not an error', () => {
    const params = paramsOf(conv2d, { kernelSize: 5, padding: 'valid' });
    expect(tfSymbolicShape(tf, buildLayer(tf, conv2d, params), [[3, 3, 1]])).toEqual([null, -1, -1, params.filters]);
  });
});
