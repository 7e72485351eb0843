// The weights that came with imported models, in the browser's IndexedDB (`tensorloom-weights`),
// one record per model id and topology fingerprint (see modelFingerprint). The page keeps them
// when it imports a model; the training worker reads them when it starts a session afresh (see
// runtime/worker/initial-weights.ts). The document itself stays free of weights.
import { modelFingerprint } from '../runtime/worker/fingerprint';
import type { Graph } from '../graph/types';
import type { ModelWeights } from './model-weights';
import { encodeModelWeights } from './weights-codec';
import type { KeptWeights } from './weights-fit';
import { inIdbStore } from '../util/idb-store';

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

const SPEC = { db: 'tensorloom-weights', store: 'imports', keyPath: ['modelId', 'fingerprint'] };
const keyOf = (modelId: string, fingerprint: string) => [modelId, fingerprint];
const inStore = <T>(mode: IDBTransactionMode, op: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> => inIdbStore(SPEC, mode, op);

export const idbWeights: WeightsStore = {
  save: async (r) => void (await inStore('readwrite', (s) => s.put(r))),
  remove: async (modelId, fingerprint) => void (await inStore('readwrite', (s) => s.delete(keyOf(modelId, fingerprint)))),
  list: async () => (await inStore('readonly', (s) => s.getAll() as IDBRequest<StoredWeights[]>)) ?? [],
};
