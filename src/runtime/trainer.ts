// The training loop. One iteration runs every update in order (each `repeats` times); losses stay
// on the device and are read back in one batch every `metricsEvery` iterations, where a non-finite
// value stops training and names the update and the exact iteration. Metric nodes are evaluated
// before the iterations their `every` falls on, read back with the losses.
import type * as TF from '@tensorflow/tfjs';
import type { MetricProbe } from '../compiler/program';
import { issue, type Issue } from '../messages';
import { hashString, Rng } from './rng';
import { runEnv, type Session } from './session';

export interface StepMetrics {
  step: number;
  /** loss of each update (by name), the last repeat's when an update repeats */
  losses: Record<string, number>;
  /** value of each Metric node (by id) evaluated before this iteration, from the weights after `step` iterations */
  metrics?: Record<string, number>;
}

export interface PreviewFrame {
  step: number;
  id: string;
  name: string;
  type: string;
  /** the preview's tensors read back: shape and values */
  values: Record<string, { shape: number[]; data: Float32Array }>;
}

export interface TrainOptions {
  /** iterations to run from the session's current step */
  steps: number;
  metricsEvery?: number;
  /** 0: never */
  previewEvery?: number;
  /** called after each metrics read-back, with the iterations read */
  onMetrics?: (m: StepMetrics[]) => void | Promise<void>;
  onPreview?: (frames: PreviewFrame[]) => void | Promise<void>;
  /** which previews to render (ids); default all. A DDPM preview runs its model T times. */
  previewIds?: ReadonlySet<string>;
  /**
   * called after a read-back that found every loss before `step` finite: a moment to checkpoint.
   * The weights then are those after iteration `step - 1`, whose own loss (iteration `step`'s) is
   * read back later: a checkpoint taken here is good only once that loss is (checkpoint-keep.ts).
   */
  onHealthy?: (step: number) => void | Promise<void>;
  /** asked between iterations; true stops the loop */
  shouldStop?: () => boolean;
}

export type TrainResult =
  | { status: 'done' | 'stopped'; step: number }
  /** `step`: the first iteration with a non-finite loss, computed from the weights after `step` iterations */
  | { status: 'nonFinite'; step: number; update: string; issue: Issue };

interface Pending {
  step: number;
  update: string;
  loss: TF.Scalar;
}

interface PendingMetric {
  step: number;
  id: string;
  value: TF.Scalar;
}

/**
 * A Metric's value from the current weights: the mean of `batches` evaluations with training off,
 * drawing from a stream of its own (seeded by the run's seed, the node and the step) so that a
 * Metric changes nothing of the training's randomness and resumes to the same numbers.
 */
export function evaluateMetric(s: Session, m: MetricProbe): TF.Scalar {
  const env = { ...runEnv(s, false), rng: new Rng(hashString(`metric ${s.seed} ${m.id} ${s.step}`)) };
  // one evaluation at a time, so only its scalar outlives it
  const parts = Array.from({ length: m.batches }, () => s.tf.tidy(() => m.run(env)));
  if (parts.length === 1) return parts[0]!;
  const mean = s.tf.tidy(() => s.tf.div(s.tf.addN(parts), m.batches) as TF.Scalar);
  s.tf.dispose(parts);
  return mean;
}

/** Every Metric's value from the current weights, read back: by id. */
export async function readMetrics(s: Session): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const m of s.program.metrics) {
    const v = evaluateMetric(s, m);
    out[m.id] = (await v.data())[0]!;
    v.dispose();
  }
  return out;
}

/** Evaluates the previews (all, or those whose id is in `only`) and reads their values back. */
export async function readPreviews(s: Session, only?: ReadonlySet<string>): Promise<PreviewFrame[]> {
  const frames: PreviewFrame[] = [];
  for (const p of s.program.previews) {
    if (only && !only.has(p.id)) continue;
    const tensors = s.tf.tidy(() => p.run(runEnv(s, false)));
    const values: PreviewFrame['values'] = {};
    for (const [k, t] of Object.entries(tensors)) {
      values[k] = { shape: t.shape.slice(), data: (await t.data()) as Float32Array };
      t.dispose();
    }
    frames.push({ step: s.step, id: p.id, name: p.name, type: p.type, values });
  }
  return frames;
}

async function flush(s: Session, pending: Pending[], probes: PendingMetric[]): Promise<{ metrics: StepMetrics[]; bad?: Pending & { value: number } }> {
  if (!pending.length && !probes.length) return { metrics: [] };
  const scalars = [...pending.map((p) => p.loss), ...probes.map((p) => p.value)];
  const stacked = s.tf.stack(scalars);
  const values = await stacked.data();
  stacked.dispose();
  for (const t of scalars) t.dispose();
  const byStep = new Map<number, StepMetrics>();
  const row = (step: number) => {
    let m = byStep.get(step);
    if (!m) byStep.set(step, (m = { step, losses: {} }));
    return m;
  };
  // metrics come before the losses of their step, so rows keep the order of their steps
  probes.forEach((p, i) => ((row(p.step).metrics ??= {})[p.id] = values[pending.length + i]!));
  probes.length = 0;
  let bad: (Pending & { value: number }) | undefined;
  pending.forEach((p, i) => {
    const v = values[i]!;
    if (!Number.isFinite(v) && !bad) bad = { ...p, value: v };
    row(p.step).losses[p.update] = v;
  });
  pending.length = 0;
  return { metrics: [...byStep.values()].sort((a, b) => a.step - b.step), bad };
}

/** What a person is told of a non-finite stop: the loss, then which checkpoint (if any) is left to resume. */
export function nonFiniteIssues(r: Extract<TrainResult, { status: 'nonFinite' }>, kept: number | null): Issue[] {
  return [r.issue, kept === null ? issue('run.noGoodCheckpoint', {}) : issue('run.keptCheckpoint', { step: kept })];
}

export async function train(s: Session, o: TrainOptions): Promise<TrainResult> {
  const metricsEvery = Math.max(1, o.metricsEvery ?? 10);
  const end = s.step + o.steps;
  const pending: Pending[] = [];
  const probes: PendingMetric[] = [];
  const read = async (): Promise<TrainResult | null> => {
    const { metrics, bad } = await flush(s, pending, probes);
    if (metrics.length) await o.onMetrics?.(metrics);
    if (bad) {
      const i = issue('run.nonFinite', { step: bad.step, update: bad.update, value: String(bad.value) });
      return { status: 'nonFinite', step: bad.step, update: bad.update, issue: i };
    }
    await o.onHealthy?.(s.step);
    return null;
  };
  while (s.step < end) {
    if (o.shouldStop?.()) {
      const stop = await read();
      return stop ?? { status: 'stopped', step: s.step };
    }
    for (const m of s.program.metrics) if (s.step % m.every === 0) probes.push({ step: s.step, id: m.id, value: evaluateMetric(s, m) });
    for (const u of s.program.updates) {
      for (let r = 0; r < u.repeats; r++) {
        const env = runEnv(s, true);
        const loss = u.optimizer.minimize(() => u.loss(env), true, u.variables)!;
        s.tf.tidy(u.after);
        if (r === u.repeats - 1) pending.push({ step: s.step, update: u.name, loss });
        else loss.dispose();
      }
    }
    s.step++;
    if (s.step % metricsEvery === 0 || s.step === end) {
      const stop = await read();
      if (stop) return stop;
    }
    if (o.previewEvery && o.onPreview && (s.step % o.previewEvery === 0 || s.step === end)) await o.onPreview(await readPreviews(s, o.previewIds));
  }
  return { status: 'done', step: s.step };
}
