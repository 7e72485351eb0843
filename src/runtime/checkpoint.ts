// Checkpoints: every model weight (trainable or not), every optimizer's state, the iteration and
// the random stream's state, so a resumed run continues exactly where it stopped. The content and
// binary form are in checkpoint-format.ts, reading it back in checkpoint-check.ts.
import type * as TF from '@tensorflow/tfjs';
import { issue } from '../messages';
import { fitProblem, withPrefix, type GraphWeights } from './checkpoint-fit';
import { CHECKPOINT_FORMAT, type Checkpoint, type TensorEntry } from './checkpoint-format';
import { TensorloomError } from './errors';
import { Rng } from './rng';
import type { Session } from './session';

export { CHECKPOINT_FORMAT, encodeCheckpoint, type Checkpoint, type TensorEntry } from './checkpoint-format';
export { decodeCheckpoint } from './checkpoint-check';

async function entry(name: string, t: TF.Tensor): Promise<TensorEntry> {
  const dtype = t.dtype === 'int32' ? 'int32' : 'float32';
  const data = dtype === 'int32' ? Int32Array.from(await t.data()) : Float32Array.from(await t.data());
  return { name, shape: t.shape.slice(), dtype, data };
}

// tfjs's Adam keeps beta1^t and beta2^t as running products outside getWeights(), and setWeights()
// recomputes them with pow(), which differs in the last float bit; saving the products themselves
// makes a resumed run repeat the uninterrupted one exactly.
const HIDDEN_OPTIMIZER_STATE = ['accBeta1', 'accBeta2'] as const;

function hiddenState(o: TF.Optimizer): [string, TF.Variable][] {
  const fields = o as unknown as Record<string, unknown>;
  return HIDDEN_OPTIMIZER_STATE.flatMap((k) => {
    const v = fields[k] as TF.Variable | undefined;
    return v && typeof v.assign === 'function' ? [[k, v] as [string, TF.Variable]] : [];
  });
}

export async function captureCheckpoint(s: Session): Promise<Checkpoint> {
  const tensors: TensorEntry[] = [];
  for (const [id, m] of Object.entries(s.models)) {
    for (const [i, w] of m.weights.entries()) tensors.push(await entry(`model/${id}/${i}/${w.originalName}`, w.read()));
  }
  for (const u of s.program.updates) {
    const named = await u.optimizer.getWeights();
    for (const [i, w] of named.entries()) {
      tensors.push(await entry(`optimizer/${u.id}/${i}/${w.name}`, w.tensor));
      // getWeights() hands out fresh tensors (the iteration count) beside its own variables
      if (!(w.tensor instanceof s.tf.Variable)) w.tensor.dispose();
    }
    for (const [k, v] of hiddenState(u.optimizer)) tensors.push(await entry(`optimizer-state/${u.id}/${k}`, v));
  }
  return { format: CHECKPOINT_FORMAT, version: 1, step: s.step, seed: s.seed, rng: s.rng.state(), tensors };
}

/** The weights of the session's graph, for checking a checkpoint against them. */
function graphWeights(s: Session): GraphWeights {
  const models = Object.fromEntries(Object.entries(s.models).map(([id, m]) => [id, m.weights.map((w) => ({ shape: w.shape as number[], dtype: w.dtype }))]));
  const updates = s.program.updates.map((u) => ({ id: u.id, variables: u.variables.map((v) => ({ shape: v.shape, dtype: v.dtype })) }));
  return { models, updates };
}

/** The optimizer's own state variables (getWeights() also hands out fresh tensors: those are freed here). */
async function stateVariables(s: Session, o: TF.Optimizer): Promise<Set<TF.Variable>> {
  const own = new Set<TF.Variable>();
  for (const w of await o.getWeights()) {
    if (w.tensor instanceof s.tf.Variable) own.add(w.tensor);
    else w.tensor.dispose();
  }
  return own;
}

/** Restores `c` into the session, or throws run.checkpointMismatch, having changed nothing, where it does not fit. */
export async function restoreCheckpoint(s: Session, c: Checkpoint): Promise<void> {
  const tf = s.tf;
  const problem = fitProblem(graphWeights(s), c.tensors);
  if (problem) throw new TensorloomError(issue('run.checkpointMismatch', { detail: problem }));
  const make = (t: TensorEntry) => tf.tensor(t.data, t.shape, t.dtype);
  for (const [id, m] of Object.entries(s.models)) {
    const values = withPrefix(c.tensors, `model/${id}/`).map(make);
    m.setWeights(values);
    tf.dispose(values);
  }
  for (const u of s.program.updates) {
    const saved = withPrefix(c.tensors, `optimizer/${u.id}/`);
    if (saved.length) {
      const given = saved.map((t) => ({ name: t.name.split('/').slice(3).join('/'), tensor: make(t) }));
      // setWeights() replaces the state variables of an optimizer that has trained without freeing them
      const before = await stateVariables(s, u.optimizer);
      await u.optimizer.setWeights(given);
      const after = await stateVariables(s, u.optimizer);
      for (const v of before) if (!after.has(v)) v.dispose();
      // optimizers copy what they keep into variables of their own (which hold a reference to the data)
      tf.dispose(given.map((g) => g.tensor));
    }
    for (const [k, v] of hiddenState(u.optimizer)) {
      const t = c.tensors.find((x) => x.name === `optimizer-state/${u.id}/${k}`);
      if (t) tf.tidy(() => v.assign(make(t)));
    }
  }
  s.step = c.step;
  s.rng = new Rng(c.rng);
}
