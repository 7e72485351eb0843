// How many weights a layer node has, from its type, params and input shape alone: no tfjs, so the
// inspector and the model summary can show it on every edit. paramCount.test.ts holds each entry
// against tfjs's own countParams.
import type { Shape } from '../../../nodes/spec';

export interface ParamCount {
  /** weights an optimizer updates */
  trainable: number;
  /** weights that are kept but not trained (BatchNorm's running statistics) */
  nonTrainable: number;
}

type Values = Readonly<Record<string, unknown>>;
/** Counts for one layer type, given its resolved params and the shape on its first input. */
type Counter = (p: Values, input: Shape) => ParamCount | undefined;

const num = (p: Values, name: string): number => (typeof p[name] === 'number' ? p[name] : 0);
const trained = (n: number): ParamCount => ({ trainable: n, nonTrainable: 0 });
const NONE: Counter = () => trained(0);

/** The last dimension of the input when it is known: features or channels. */
function channels(input: Shape): number | undefined {
  const c = input.at(-1);
  return typeof c === 'number' && input.length >= 2 ? c : undefined;
}

const perChannel = (weights: number, frozen = 0): Counter => (_p, x) => {
  const c = channels(x);
  return c === undefined ? undefined : { trainable: weights * c, nonTrainable: frozen * c };
};

function conv(p: Values, x: Shape): ParamCount | undefined {
  const c = channels(x);
  if (c === undefined) return undefined;
  const filters = num(p, 'filters');
  const k = num(p, 'kernelSize');
  return trained(k * k * c * filters + (p.useBias === false ? 0 : filters));
}

/** Every layer type the registry knows; the test fails when a new layer type is missing here. */
export const COUNTERS: Readonly<Record<string, Counter>> = {
  'layers.dense': (p, x) => {
    const c = channels(x);
    const units = num(p, 'units');
    return c === undefined ? undefined : trained(c * units + (p.useBias === false ? 0 : units));
  },
  'layers.conv2d': conv,
  'layers.conv2dTranspose': conv,
  // gamma and beta are trained; the moving mean and variance are kept for inference
  'layers.batchNorm': perChannel(2, 2),
  'layers.layerNorm': perChannel(2),
  'layers.groupNorm': perChannel(2),
  // query, key, value and output projections (c × c each), biases on all but the key
  'layers.selfAttention2d': (_p, x) => {
    const c = channels(x);
    return c === undefined ? undefined : trained(4 * c * c + 3 * c);
  },
  'layers.activation': NONE,
  'layers.dropout': NONE,
  'layers.flatten': NONE,
  'layers.reshape': NONE,
  'layers.upSampling2d': NONE,
  'layers.maxPool2d': NONE,
  'layers.avgPool2d': NONE,
  'layers.globalAvgPool': NONE,
  'layers.concatenate': NONE,
  'layers.add': NONE,
  'layers.multiply': NONE,
  'layers.timestepEmbedding': NONE,
};

/**
 * The weights of a layer node, or undefined when its type is not a known layer or its input shape
 * is not known yet. Layers without weights count 0 even with no input.
 */
export function layerParamCount(type: string, params: Values, input: Shape | undefined): ParamCount | undefined {
  const counter = COUNTERS[type];
  if (!counter) return undefined;
  if (counter === NONE) return trained(0);
  return input ? counter(params, input) : undefined;
}

export const totalOf = (c: ParamCount) => c.trainable + c.nonTrainable;

export function addCounts(a: ParamCount, b: ParamCount): ParamCount {
  return { trainable: a.trainable + b.trainable, nonTrainable: a.nonTrainable + b.nonTrainable };
}

/** 1234567 → '1,234,567' (a fixed locale, so tests and screenshots read the same everywhere). */
export const countText = (n: number) => n.toLocaleString('en-US');
