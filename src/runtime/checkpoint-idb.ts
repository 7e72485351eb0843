// Checkpoints in the browser's IndexedDB, one per training fingerprint (see worker/fingerprint.ts):
// the encoded checkpoint, the graph it was trained from and the loss history up to it, so a reload
// resumes at the same iteration with its charts. A small metadata record beside each lets the page
// list checkpoints without reading their weights. The few most recent are kept. A save puts the
// header, the weights and the metadata in one transaction, which IndexedDB commits whole or not at
// all; the header's checksum of the weights (checkpoint-format.ts) refuses any other pairing.
import type { UpdateInfo } from './worker/protocol';

export interface CheckpointMeta {
  fingerprint: string;
  /** the document's name when saved, to recognise an edited version of the same graph */
  docName: string;
  step: number;
  /** ms since the epoch */
  savedAt: number;
  bytes: number;
}

export interface StoredHistory {
  updates: UpdateInfo[];
  steps: Float64Array;
  losses: Float32Array[];
}

export interface StoredCheckpoint extends CheckpointMeta {
  /** the graph file it was trained from (saveDocument text) */
  graph: string;
  /** encodeCheckpoint's header and body */
  header: string;
  body: Uint8Array;
  history: StoredHistory;
}

export interface CheckpointStore {
  save(c: StoredCheckpoint): Promise<void>;
  load(fingerprint: string): Promise<StoredCheckpoint | null>;
  remove(fingerprint: string): Promise<void>;
  list(): Promise<CheckpointMeta[]>;
}

const DB_NAME = 'tensorloom-checkpoints';
const META = 'meta';
const DATA = 'data';
/** how many checkpoints (of different graphs) to keep; older ones are deleted on save */
export const CHECKPOINTS_KEPT = 6;

let opened: Promise<IDBDatabase> | null = null;

function openDb(): Promise<IDBDatabase> {
  opened ??= new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => {
      req.result.createObjectStore(META, { keyPath: 'fingerprint' });
      req.result.createObjectStore(DATA, { keyPath: 'fingerprint' });
    };
    req.onsuccess = () => {
      const db = req.result;
      // another tab upgrading the database: let it, and reopen on next use
      db.onversionchange = () => {
        db.close();
        opened = null;
      };
      resolve(db);
    };
    req.onerror = () => reject(req.error ?? new Error('IndexedDB could not be opened'));
    req.onblocked = () => reject(new Error('IndexedDB is blocked by another tab'));
  });
  opened.catch(() => (opened = null));
  return opened;
}

function done(t: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    t.oncomplete = () => resolve();
    t.onerror = () => reject(t.error ?? new Error('IndexedDB transaction failed'));
    t.onabort = () => reject(t.error ?? new Error('IndexedDB transaction aborted'));
  });
}

function result<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

const metaOf = (c: StoredCheckpoint): CheckpointMeta => ({
  fingerprint: c.fingerprint,
  docName: c.docName,
  step: c.step,
  savedAt: c.savedAt,
  bytes: c.bytes,
});

export const idbCheckpoints: CheckpointStore = {
  async save(c) {
    const db = await openDb();
    const t = db.transaction([META, DATA], 'readwrite');
    const finished = done(t);
    finished.catch(() => undefined); // awaited below; this only keeps an early failure from going unhandled
    const { graph, header, body, history, fingerprint } = c;
    t.objectStore(DATA).put({ fingerprint, graph, header, body, history });
    t.objectStore(META).put(metaOf(c));
    const all = await result(t.objectStore(META).getAll() as IDBRequest<CheckpointMeta[]>);
    const stale = all.filter((m) => m.fingerprint !== fingerprint).sort((a, b) => b.savedAt - a.savedAt).slice(CHECKPOINTS_KEPT - 1);
    for (const m of stale) {
      t.objectStore(META).delete(m.fingerprint);
      t.objectStore(DATA).delete(m.fingerprint);
    }
    await finished;
  },

  async load(fingerprint) {
    const db = await openDb();
    const t = db.transaction([META, DATA], 'readonly');
    const [meta, data] = await Promise.all([
      result(t.objectStore(META).get(fingerprint) as IDBRequest<CheckpointMeta | undefined>),
      result(t.objectStore(DATA).get(fingerprint) as IDBRequest<Omit<StoredCheckpoint, keyof CheckpointMeta> | undefined>),
    ]);
    return meta && data ? { ...meta, ...data, fingerprint } : null;
  },

  async remove(fingerprint) {
    const db = await openDb();
    const t = db.transaction([META, DATA], 'readwrite');
    t.objectStore(META).delete(fingerprint);
    t.objectStore(DATA).delete(fingerprint);
    await done(t);
  },

  async list() {
    const db = await openDb();
    const all = await result(db.transaction(META, 'readonly').objectStore(META).getAll() as IDBRequest<CheckpointMeta[]>);
    return all.sort((a, b) => b.savedAt - a.savedAt);
  },
};
