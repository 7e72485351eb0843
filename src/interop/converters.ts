// One converter per supported Keras layer class: its config → a Tensorloom layer node's params
// (or nothing, for layers that change nothing). Fused activations become the node's own param or
// an Activation node after it.
import type { Shape } from '../../nodes/spec';
import type { Params } from '../graph/types';
import { issue, type Issue } from '../messages';
import { activationMeaning, SUPPORTED_ACTIVATIONS, type ActivationMeaning } from './activations';
import { bool, channelsLast, lastAxis, num, oneOf, onlyDefault, refuse, SettingRefused, square } from './config-readers';
import type { JsonRecord } from './json-values';
import type { KerasLayer } from './topology';

type AddedActivation = Extract<ActivationMeaning, { kind: 'named' | 'node' }>;

export type Conversion =
  /** one node, and an Activation node after it when the fused activation needs one */
  | { kind: 'node'; type: string; params: Params; then?: AddedActivation }
  /** the layer passes its input through unchanged (linear Activation): no node */
  | { kind: 'identity' }
  | { kind: 'fail'; issue: Issue };

interface Ctx {
  layer: KerasLayer;
  /** shapes of the layer's inputs, batch first */
  inputs: Shape[];
}

type Converter = (c: JsonRecord, ctx: Ctx) => Conversion;

const node = (type: string, params: Params, then?: AddedActivation): Conversion => (then ? { kind: 'node', type, params, then } : { kind: 'node', type, params });

class ActivationRefused extends Error {
  constructor(readonly shown: string) {
    super(shown);
  }
}

/** A fused activation as the node's `activation` param plus, if needed, an Activation node. */
function fused(c: JsonRecord): { param: string; then?: AddedActivation } {
  const m = activationMeaning(c['activation']);
  if (m.kind === 'unsupported') throw new ActivationRefused(m.shown);
  if (m.kind === 'identity') return { param: 'linear' };
  return m.kind === 'named' ? { param: m.name } : { param: 'linear', then: m };
}

const PADDING = ['same', 'valid'] as const;

function conv(type: string, transposed: boolean): Converter {
  return (c) => {
    channelsLast(c);
    onlyDefault(c, 'dilation_rate', [1, [1, 1]], 'dilated convolutions have no node yet');
    onlyDefault(c, 'groups', [1], 'grouped convolutions have no node yet');
    if (transposed) onlyDefault(c, 'output_padding', [null], 'the output size follows from the stride and padding alone');
    const a = fused(c);
    const params = {
      filters: num(c, 'filters'),
      kernelSize: square(c, 'kernel_size'),
      strides: square(c, 'strides', 1),
      padding: oneOf(c, 'padding', PADDING, 'valid'),
      activation: a.param,
      useBias: bool(c, 'use_bias', true),
    };
    return node(type, params, a.then);
  };
}

function pool(type: string): Converter {
  return (c) => {
    channelsLast(c);
    const poolSize = square(c, 'pool_size', 2);
    return node(type, { poolSize, strides: c['strides'] == null ? poolSize : square(c, 'strides'), padding: oneOf(c, 'padding', PADDING, 'valid') });
  };
}

function merge(type: string): Converter {
  return (_c, ctx) => node(type, { inputs: ctx.inputs.length });
}

function affineNorm(c: JsonRecord) {
  onlyDefault(c, 'center', [true], 'the Tensorloom node always learns a shift');
  onlyDefault(c, 'scale', [true], 'the Tensorloom node always learns a scale');
}

function reshapeTarget(c: JsonRecord, input: Shape | undefined): number[] {
  const t = c['target_shape'];
  if (!Array.isArray(t) || !t.every((d) => typeof d === 'number' && Number.isInteger(d) && (d > 0 || d === -1))) {
    refuse('target_shape', t, 'a list of positive sizes (and at most one -1) is expected');
  }
  const dims = t as number[];
  const unknown = dims.filter((d) => d === -1).length;
  if (unknown === 0) return dims;
  const size = input?.slice(1).reduce<number | null>((n, d) => (n === null || d === null ? null : n * d), 1) ?? null;
  const known = dims.filter((d) => d !== -1).reduce((a, d) => a * d, 1);
  if (unknown > 1 || size === null || size % known !== 0) refuse('target_shape', t, 'its -1 cannot be worked out from the input size');
  return dims.map((d) => (d === -1 ? size / known : d));
}

const TABLE: Record<string, Converter> = {
  Dense(c) {
    const a = fused(c);
    return node('layers.dense', { units: num(c, 'units'), activation: a.param, useBias: bool(c, 'use_bias', true) }, a.then);
  },
  Conv2D: conv('layers.conv2d', false),
  Conv2DTranspose: conv('layers.conv2dTranspose', true),
  UpSampling2D(c) {
    channelsLast(c);
    return node('layers.upSampling2d', { size: square(c, 'size', 2), interpolation: oneOf(c, 'interpolation', ['nearest', 'bilinear'], 'nearest') });
  },
  MaxPooling2D: pool('layers.maxPool2d'),
  AveragePooling2D: pool('layers.avgPool2d'),
  GlobalAveragePooling2D(c) {
    channelsLast(c);
    onlyDefault(c, 'keepdims', [false], 'the node returns [batch, channels]');
    return node('layers.globalAvgPool', {});
  },
  Flatten(c) {
    channelsLast(c);
    return node('layers.flatten', {});
  },
  Reshape: (c, ctx) => node('layers.reshape', { targetShape: reshapeTarget(c, ctx.inputs[0]) }),
  Concatenate(c, ctx) {
    lastAxis(c, 'axis', ctx.inputs[0]);
    return node('layers.concatenate', { inputs: ctx.inputs.length });
  },
  Add: merge('layers.add'),
  Multiply: merge('layers.multiply'),
  BatchNormalization(c, ctx) {
    lastAxis(c, 'axis', ctx.inputs[0]);
    affineNorm(c);
    return node('layers.batchNorm', { momentum: num(c, 'momentum', 0.99), epsilon: num(c, 'epsilon', 0.001) });
  },
  LayerNormalization(c, ctx) {
    lastAxis(c, 'axis', ctx.inputs[0]);
    affineNorm(c);
    return node('layers.layerNorm', { epsilon: num(c, 'epsilon', 0.001) });
  },
  Dropout(c) {
    onlyDefault(c, 'noise_shape', [null], 'the node drops single values, not whole rows or channels');
    return node('layers.dropout', { rate: num(c, 'rate') });
  },
  Activation(c) {
    const m = activationMeaning(c['activation']);
    if (m.kind === 'unsupported') throw new ActivationRefused(m.shown);
    if (m.kind === 'identity') return { kind: 'identity' };
    return node('layers.activation', m.kind === 'named' ? { activation: m.name } : m.params);
  },
  // tfjs and Keras 2 call the slope alpha, Keras 3 negative_slope; both default to 0.3
  LeakyReLU: (c) => node('layers.activation', { activation: 'leakyRelu', alpha: num(c, c['negative_slope'] !== undefined ? 'negative_slope' : 'alpha', 0.3) }),
  // Tensorloom's own layers, as it saves them
  GroupNorm: (c) => node('layers.groupNorm', { groups: num(c, 'groups'), epsilon: num(c, 'epsilon', 1e-5) }),
  TimestepEmbedding: (c) => node('layers.timestepEmbedding', { dim: num(c, 'dim'), maxPeriod: num(c, c['max_period'] !== undefined ? 'max_period' : 'maxPeriod', 10000) }),
  SelfAttention2D: (c) => node('layers.selfAttention2d', { heads: num(c, 'heads') }),
  FreshMaskDropout: (c) => node('layers.dropout', { rate: num(c, 'rate') }),
};

/** Class names as written by tfjs for registered custom classes may carry a package: "Tensorloom>GroupNorm". */
export const bareClassName = (className: string) => className.slice(className.lastIndexOf('>') + 1);

export const SUPPORTED_LAYERS = ['InputLayer', ...Object.keys(TABLE)].join(', ');

export function convertLayer(layer: KerasLayer, inputs: Shape[]): Conversion {
  const name = bareClassName(layer.className);
  const convert = Object.hasOwn(TABLE, name) ? TABLE[name] : undefined;
  if (!convert) {
    return { kind: 'fail', issue: issue('import.unsupportedLayer', { layer: layer.name, className: layer.className, supported: SUPPORTED_LAYERS }) };
  }
  try {
    return convert(layer.config, { layer, inputs });
  } catch (e) {
    if (e instanceof SettingRefused) {
      return { kind: 'fail', issue: issue('import.unsupportedSetting', { layer: layer.name, className: layer.className, setting: e.setting, detail: e.detail }) };
    }
    if (e instanceof ActivationRefused) {
      return { kind: 'fail', issue: issue('import.unsupportedActivation', { layer: layer.name, activation: e.shown, supported: SUPPORTED_ACTIVATIONS }) };
    }
    throw e;
  }
}
