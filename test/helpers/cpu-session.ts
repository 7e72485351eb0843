// Sessions on the tfjs CPU backend for tests: a template with a small batch, datasets from public/data.
import * as tf from '@tensorflow/tfjs';
import { applyOverrides } from '../../src/graph/overrides';
import type { GraphDoc } from '../../src/graph/types';
import { loadDataset } from '../../src/runtime/datasets/node';
import { createSession, type Session } from '../../src/runtime/session';
import { TEMPLATES } from '../../templates';

export { tf };

export function template(id: string): GraphDoc {
  const t = TEMPLATES.find((x) => x.id === id);
  if (!t) throw new Error(`no template ${id}`);
  return t.doc;
}

export async function cpuSession(doc: GraphDoc, opts: { seed?: number; batchSize?: number } = {}): Promise<Session> {
  await tf.setBackend('cpu');
  const d = opts.batchSize ? applyOverrides(doc, { batchSize: opts.batchSize }).doc : doc;
  return createSession(tf, d, { seed: opts.seed ?? 1, loadDataset: (k) => loadDataset(k) });
}
