// The training loop. One iteration runs every update in order (each `repeats` times); losses stay
// on the device and are read back in one batch every `metricsEvery` iterations, where a non-finite
// value stops training and names the update and the exact iteration.
import type * as TF from '@tensorflow/tfjs';
import { issue, type Issue } from '../messages';
import { runEnv, type Session } from './session';

export interface StepMetrics {
  step: number;
  /** loss of each update (by name), the last repeat's when an update repeats */
  losses: Record<string, number>;
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

async function flush(s: Session, pending: Pending[]): Promise<{ metrics: StepMetrics[]; bad?: Pending & { value: number } }> {
  if (!pending.length) return { metrics: [] };
  const stacked = s.tf.stack(pending.map((p) => p.loss));
  const values = await stacked.data();
  stacked.dispose();
  for (const p of pending) p.loss.dispose();
  const byStep = new Map<number, StepMetrics>();
  let bad: (Pending & { value: number }) | undefined;
  pending.forEach((p, i) => {
    const v = values[i]!;
    if (!Number.isFinite(v) && !bad) bad = { ...p, value: v };
    const m = byStep.get(p.step) ?? { step: p.step, losses: {} };
    m.losses[p.update] = v;
    byStep.set(p.step, m);
  });
  pending.length = 0;
  return { metrics: [...byStep.values()], bad };
}

export async function train(s: Session, o: TrainOptions): Promise<TrainResult> {
  const metricsEvery = Math.max(1, o.metricsEvery ?? 10);
  const end = s.step + o.steps;
  const pending: Pending[] = [];
  const read = async (): Promise<TrainResult | null> => {
    const { metrics, bad } = await flush(s, pending);
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
