// A training session: a checked document compiled into tfjs models and a TrainingProgram, its data
// loaded, its random stream seeded. The trainer and the checkpoints work on this.
import type * as TF from '@tensorflow/tfjs';
import type { Dataset, RunEnv, TFModule } from '../../nodes/spec';
import { releaseDeviceCopy } from '../../nodes/data/batch';
import { registerCustomLayers } from '../../nodes/layers/custom';
import { analyzeFront } from '../compiler/analyze';
import { hasErrors } from '../compiler/diagnostics';
import { disposeModels, lowerModels } from '../compiler/lower';
import { buildProgram, type TrainingProgram } from '../compiler/program';
import type { GraphDoc } from '../graph/types';
import { issue } from '../messages';
import { registerFusedActivations } from './fused-activations';
import { registerHigherOrderGradients } from './higher-order-gradients';
import { registerProductKernels } from './kernels/register';
import { TensorloomError } from './errors';
import { Rng } from './rng';

export interface Session {
  tf: TFModule;
  doc: GraphDoc;
  /** the document the models were built from: doc with its own-weights blocks written out as layers */
  built: GraphDoc;
  seed: number;
  models: Record<string, TF.LayersModel>;
  program: TrainingProgram;
  datasets: Record<string, Dataset>;
  rng: Rng;
  /** iterations completed */
  step: number;
}

export interface SessionOptions {
  seed: number;
  loadDataset: (key: string) => Promise<Dataset>;
}

export async function createSession(tf: TFModule, doc: GraphDoc, opts: SessionOptions): Promise<Session> {
  const front = analyzeFront(doc);
  const errors = front.diagnostics.filter((d) => d.severity === 'error');
  if (hasErrors(errors)) throw new TensorloomError(issue('run.invalidGraph', { count: errors.length, first: errors[0]!.message }));
  registerCustomLayers(tf);
  registerFusedActivations(tf);
  registerHigherOrderGradients(tf);
  registerProductKernels(tf, tf.getBackend());
  const rng = new Rng(opts.seed);
  // the stream the session holds when a mask is drawn: restoring a checkpoint replaces it
  const made: { session?: Session } = {};
  const models = lowerModels(tf, front, { seed: opts.seed, nextSeed: () => (made.session?.rng ?? rng).seed() });
  const program = buildProgram(tf, front, models);
  const datasets: Record<string, Dataset> = {};
  for (const key of program.datasets) datasets[key] = await opts.loadDataset(key);
  made.session = { tf, doc, built: front.doc, seed: opts.seed, models, program, datasets, rng, step: 0 };
  return made.session;
}

export function runEnv(s: Session, training: boolean): RunEnv {
  return { tf: s.tf, rng: s.rng, datasets: s.datasets, models: s.models, training, step: s.step };
}

export function disposeSession(s: Session): void {
  for (const ds of Object.values(s.datasets)) releaseDeviceCopy(ds);
  disposeModels(s.doc, s.models);
  for (const u of s.program.updates) u.optimizer.dispose();
}
