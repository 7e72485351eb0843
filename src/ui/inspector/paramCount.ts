// How many weights a layer node has, from its type, params and input shape alone: each layer
// node counts its own (LayerNodeSpec.paramCount), so the inspector and the model summary can show
// it on every edit without tfjs.
import { getSpec } from '../../../nodes';
import type { ParamCount, ParamSpecs, ParamValues, Shape } from '../../../nodes/spec';

export type { ParamCount } from '../../../nodes/spec';

/**
 * The weights of a layer node, or undefined when its type is not a known layer or its input shape
 * is not known yet. Layers without weights count 0 even with no input. `params` are the resolved
 * values (defaults filled in), as the graph index and the inspector hold them.
 */
export function layerParamCount(type: string, params: Readonly<Record<string, unknown>>, input: Shape | undefined): ParamCount | undefined {
  const spec = getSpec(type);
  return spec?.role === 'layer' ? spec.paramCount(params as ParamValues<ParamSpecs>, input) : undefined;
}

export const totalOf = (c: ParamCount) => c.trainable + c.nonTrainable;

export function addCounts(a: ParamCount, b: ParamCount): ParamCount {
  return { trainable: a.trainable + b.trainable, nonTrainable: a.nonTrainable + b.nonTrainable };
}

/** 1234567 → '1,234,567' (a fixed locale, so tests and screenshots read the same everywhere). */
export const countText = (n: number) => n.toLocaleString('en-US');
