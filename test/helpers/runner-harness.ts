// Test support for the training runner in Node: a runner on the CPU backend with an in-memory
// checkpoint store, every message it posts kept, and helpers to pick messages out and wait.
import * as tf from '@tensorflow/tfjs';
import type { CheckpointMeta, CheckpointStore, StoredCheckpoint } from '../../src/runtime/checkpoint-idb';
import { loadDataset } from '../../src/runtime/datasets/node';
import type { FromWorker } from '../../src/runtime/worker/protocol';
import { TrainingRunner, type RunnerDeps } from '../../src/runtime/worker/runner';

export function memoryStore(): CheckpointStore & { records: Map<string, StoredCheckpoint> } {
  const records = new Map<string, StoredCheckpoint>();
  return {
    records,
    save: async (c) => void records.set(c.fingerprint, structuredClone(c)),
    load: async (fp) => structuredClone(records.get(fp) ?? null),
    remove: async (fp) => void records.delete(fp),
    list: async () => [...records.values()].map(({ fingerprint, docName, step, savedAt, bytes }): CheckpointMeta => ({ fingerprint, docName, step, savedAt, bytes })),
  };
}

/** A runner on the CPU backend (unless `extra` says otherwise) that keeps what it posts. */
export function runnerHarness(store = memoryStore(), extra: Partial<RunnerDeps> = {}) {
  const seen: FromWorker[] = [];
  const runner = new TrainingRunner({
    tf,
    post: (m) => void seen.push(m),
    selectBackend: async () => {
      await tf.setBackend('cpu');
      return { name: 'cpu', device: 'CPU (JavaScript)', software: false, notes: [] };
    },
    loadDataset: (k) => loadDataset(k),
    checkpoints: store,
    yieldToEvents: () => new Promise((r) => setImmediate(r)),
    ...extra,
  });
  const of = <T extends FromWorker['type']>(type: T) => seen.filter((m): m is Extract<FromWorker, { type: T }> => m.type === type);
  const lastState = () => of('state').at(-1);
  async function waitFor(test: () => boolean, what: string): Promise<void> {
    const end = Date.now() + 60_000;
    while (!test()) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}; errors: ${JSON.stringify(of('error'))}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }
  return { runner, seen, store, records: store.records, of, lastState, waitFor };
}
