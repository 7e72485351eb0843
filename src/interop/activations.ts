// Keras activation names and what they become in Tensorloom: the layer's own `activation` param
// (Dense, Conv2D, Conv2DTranspose accept ACTIVATIONS), or an Activation node after the layer.
import { ACTIVATIONS, type ActivationName } from '../../nodes/layers/common';
import type { Params } from '../graph/types';

/** Keras' default slope of leaky_relu used as an activation string (Keras 3). */
const KERAS_LEAKY_SLOPE = 0.2;

const ALIASES: Record<string, string> = { silu: 'swish', leaky_relu: 'leakyRelu', leakyrelu: 'leakyRelu' };

export const SUPPORTED_ACTIVATIONS = [...ACTIVATIONS, 'silu', 'leaky_relu'].join(', ');

/** What one Keras activation is in Tensorloom. */
export type ActivationMeaning =
  | { kind: 'identity' }
  /** a name the fused `activation` params of Dense and Conv layers take */
  | { kind: 'named'; name: Exclude<ActivationName, 'linear'> }
  /** only an Activation node has it, with these params */
  | { kind: 'node'; params: Params }
  | { kind: 'unsupported'; shown: string };

export function activationMeaning(raw: unknown): ActivationMeaning {
  if (raw === undefined || raw === null) return { kind: 'identity' };
  if (typeof raw !== 'string') return { kind: 'unsupported', shown: JSON.stringify(raw) };
  const name = ALIASES[raw] ?? raw;
  if (name === 'linear') return { kind: 'identity' };
  if (name === 'leakyRelu') return { kind: 'node', params: { activation: 'leakyRelu', alpha: KERAS_LEAKY_SLOPE } };
  if ((ACTIVATIONS as readonly string[]).includes(name)) return { kind: 'named', name: name as Exclude<ActivationName, 'linear'> };
  return { kind: 'unsupported', shown: raw };
}

/** The params of an Activation node for a meaning that needs one. */
export function activationNodeParams(m: Extract<ActivationMeaning, { kind: 'named' | 'node' }>): Params {
  return m.kind === 'named' ? { activation: m.name } : m.params;
}
