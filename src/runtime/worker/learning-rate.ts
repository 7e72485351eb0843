// Learning rates changed while training. tfjs optimizers read their rate from a field at every
// step (Adam, RMSProp) or from a scalar made from it (SGD and momentum: setLearningRate renews
// it), so a change applies from the next step on. Work an optimizer node does after its step with
// the rate (AdamW's decoupled decay) is bound again with the new rate. A change lasts for the
// session and goes into its checkpoints; the graph's own param stays as it is.
import type * as TF from '@tensorflow/tfjs';
import { getSpec } from '../../../nodes';
import { resolveParams } from '../../../nodes/params';
import type { OptimizerNodeSpec } from '../../../nodes/spec';
import type { Session } from '../session';

/** The range the optimizer nodes' learningRate param allows. */
export const LEARNING_RATE_RANGE = { min: 1e-8, max: 10 } as const;

export function isLearningRate(value: number): boolean {
  return Number.isFinite(value) && value >= LEARNING_RATE_RANGE.min && value <= LEARNING_RATE_RANGE.max;
}

type WithRate = TF.Optimizer & { learningRate?: number; setLearningRate?: (lr: number) => void };

export function learningRateOf(o: TF.Optimizer): number | null {
  const lr = (o as WithRate).learningRate;
  return typeof lr === 'number' ? lr : null;
}

/** Sets the rate of a live optimizer; its next step uses it. */
export function setOptimizerRate(o: TF.Optimizer, lr: number): void {
  const w = o as WithRate;
  if (typeof w.setLearningRate === 'function') w.setLearningRate(lr);
  else w.learningRate = lr;
}

/** Each update's current rate, by optimizer node id. */
export function learningRates(s: Session): Record<string, number> {
  const out: Record<string, number> = {};
  for (const u of s.program.updates) {
    const lr = learningRateOf(u.optimizer);
    if (lr !== null) out[u.id] = lr;
  }
  return out;
}

/**
 * Sets the rate of the update of optimizer node `id`. Returns false (and changes nothing) when
 * there is no such update or the value is not a usable rate.
 */
export function setLearningRate(s: Session, id: string, lr: number): boolean {
  const u = s.program.updates.find((x) => x.id === id);
  if (!u || !isLearningRate(lr) || learningRateOf(u.optimizer) === null) return false;
  setOptimizerRate(u.optimizer, lr);
  const node = s.doc.main.nodes.find((n) => n.id === id);
  const spec = node && (getSpec(node.type) as OptimizerNodeSpec | undefined);
  if (node && spec?.afterUpdate) {
    const params = { ...resolveParams(spec, node.params).values, learningRate: lr };
    const variables = u.variables;
    u.after = () => spec.afterUpdate!(s.tf, variables, params);
  }
  return true;
}
