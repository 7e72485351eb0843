// Settings of a Keras layer that an import drops without changing what the layer computes, but
// that change how the original model trained: each is named in a warning.
import type { JsonRecord } from './json-values';

const DROPPED = [
  'kernel_regularizer',
  'bias_regularizer',
  'activity_regularizer',
  'beta_regularizer',
  'gamma_regularizer',
  'kernel_constraint',
  'bias_constraint',
  'beta_constraint',
  'gamma_constraint',
] as const;

/** The dropped settings a layer config sets, as "name = value" (frozen layers as trainable = false). */
export function ignoredSettings(config: JsonRecord): string[] {
  const out: string[] = [];
  if (config['trainable'] === false) out.push('trainable = false');
  for (const key of DROPPED) {
    const v = config[key];
    if (v !== undefined && v !== null) out.push(`${key} = ${typeof v === 'object' && 'class_name' in v ? String(v['class_name']) : JSON.stringify(v)}`);
  }
  return out;
}
