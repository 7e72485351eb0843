// The weights that came with imported models, in the browser's IndexedDB (`tensorloom-weights`),
// one record per model id and topology fingerprint (see modelFingerprint). The page keeps them
// when it imports a model; the training worker reads them when it starts a session afresh (see
// runtime/worker/initial-weights.ts). The document itself stays free of weights.
import { modelFingerprint } from '../runtime/worker/fingerprint';
import type { Graph } from '../graph/types';
import type { ModelWeights } from './model-weights';
import { encodeModelWeights } from './weights-codec';
import type { KeptWeights } from './weights-fit';

export interface StoredWeights extends KeptWeights {
  /** encodeModelWeights's bytes */
  bytes: Uint8Array;
}

/** What the page and the worker need of the store (tests use one in memory). */
export interface WeightsStore {
  save(record: StoredWeights): Promise<void>;
  remove(modelId: string, fingerprint: string): Promise<void>;
  list(): Promise<StoredWeights[]>;
}

export function storedWeights(modelId: string, graph: Graph, weights: ModelWeights, savedAt: number): StoredWeights {
  return { modelId, fingerprint: modelFingerprint(graph), savedAt, bytes: encodeModelWeights(weights) };
}

const DB_NAME = 'tensorloom-weights';
const STORE = 'imports';
const keyOf = (modelId: string, fingerprint: string) => [modelId, fingerprint];

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: ['modelId', 'fingerprint'] });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB could not be opened'));
    req.onblocked = () => reject(new Error('IndexedDB is blocked by another tab'));
  });
}

async function inStore<T>(mode: IDBTransactionMode, op: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openDb();
  try {
    const t = db.transaction(STORE, mode);
    const req = op(t.objectStore(STORE));
    return await new Promise<T>((resolve, reject) => {
      t.oncomplete = () => resolve(req.result);
      t.onerror = () => reject(t.error ?? req.error ?? new Error('IndexedDB transaction failed'));
      t.onabort = () => reject(t.error ?? new Error('IndexedDB transaction aborted'));
    });
  } finally {
    db.close();
  }
}

export const idbWeights: WeightsStore = {
  save: async (r) => void (await inStore('readwrite', (s) => s.put(r))),
  remove: async (modelId, fingerprint) => void (await inStore('readwrite', (s) => s.delete(keyOf(modelId, fingerprint)))),
  list: async () => (await inStore('readonly', (s) => s.getAll() as IDBRequest<StoredWeights[]>)) ?? [],
};
