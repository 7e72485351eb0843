// Whether a checkpoint fits a session's graph, checked in full before anything is restored, so a
// refusal leaves the session as it was. Model weights must match in number, shape and type. An
// optimizer's state is its iteration count (first) and then one value per weight per kind of state
// (Adam's two moments, RMSProp's averages), each kind in the order of the optimizer's weights, as
// tfjs's optimizers number it; its hidden state (Adam's beta powers) is scalars. Pure.
import type { TensorEntry } from './checkpoint-format';

export interface WeightSpec {
  shape: readonly number[];
  dtype: string;
}

/** What a session's graph holds: each model's weights, each update's trainable weights. */
export interface GraphWeights {
  models: Record<string, WeightSpec[]>;
  updates: { id: string; variables: WeightSpec[] }[];
}

type Saved = Pick<TensorEntry, 'name' | 'shape' | 'dtype'> & { data?: ArrayLike<number> };

const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);
const show = (t: Saved) => `${t.name} is [${t.shape}] ${t.dtype} in the checkpoint`;

export const withPrefix = <T extends Saved>(tensors: readonly T[], prefix: string): T[] => tensors.filter((t) => t.name.startsWith(prefix));

function modelProblem(id: string, want: WeightSpec[], saved: Saved[]): string | null {
  if (saved.length !== want.length) return `model "${id}" has ${want.length} weights, the checkpoint ${saved.length}`;
  for (const [i, t] of saved.entries()) {
    const w = want[i]!;
    if (!sameShape(w.shape, t.shape) || w.dtype !== t.dtype) return `weight ${show(t)} but [${w.shape}] ${w.dtype} in the graph`;
  }
  return null;
}

function optimizerProblem(id: string, variables: WeightSpec[], saved: Saved[], hidden: Saved[]): string | null {
  const scalar = hidden.find((t) => t.shape.length !== 0);
  if (scalar) return `optimizer state ${show(scalar)}, not a single value`;
  // an optimizer the checkpoint knows nothing of starts afresh
  if (!saved.length) return null;
  const [iter, ...slots] = saved;
  const count = iter!.data?.[0];
  if (!iter!.name.endsWith('/iter') || iter!.shape.length !== 0 || iter!.dtype !== 'int32' || !(Number.isInteger(count) && count! >= 0)) {
    return `optimizer "${id}" has no iteration count first in the checkpoint`;
  }
  const n = variables.length;
  if (n === 0 ? slots.length > 0 : slots.length % n !== 0) return `optimizer "${id}" has ${slots.length} state tensors for its ${n} weights`;
  for (const [j, t] of slots.entries()) {
    const w = variables[j % n]!;
    if (!sameShape(w.shape, t.shape) || w.dtype !== t.dtype) return `optimizer state ${show(t)} but its weight is [${w.shape}] ${w.dtype} in the graph`;
  }
  return null;
}

/** Why `tensors` cannot be restored into a graph holding `g`, or null when they fit. */
export function fitProblem(g: GraphWeights, tensors: readonly Saved[]): string | null {
  for (const [id, want] of Object.entries(g.models)) {
    const p = modelProblem(id, want, withPrefix(tensors, `model/${id}/`));
    if (p) return p;
  }
  for (const u of g.updates) {
    const p = optimizerProblem(u.id, u.variables, withPrefix(tensors, `optimizer/${u.id}/`), withPrefix(tensors, `optimizer-state/${u.id}/`));
    if (p) return p;
  }
  return null;
}
