// One object store in its own IndexedDB database, opened for each operation and closed after it
// (so no connection stays open to block an upgrade or a deletion from another tab). Shared by the
// editor's autosave, the picture folders chosen as datasets and the imported models' weights.

export interface IdbStoreSpec {
  db: string;
  store: string;
  /** absent: keys are given with each put */
  keyPath?: string | string[];
}

function openDb(spec: IdbStoreSpec): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(spec.db, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(spec.store, spec.keyPath === undefined ? {} : { keyPath: spec.keyPath });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB could not be opened'));
    req.onblocked = () => reject(new Error('IndexedDB is blocked by another tab'));
  });
}

/** Runs one request in a transaction and resolves with its result once the transaction commits. */
export async function inIdbStore<T>(spec: IdbStoreSpec, mode: IDBTransactionMode, op: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openDb(spec);
  try {
    const t = db.transaction(spec.store, mode);
    const req = op(t.objectStore(spec.store));
    return await new Promise<T>((resolve, reject) => {
      t.oncomplete = () => resolve(req.result);
      t.onerror = () => reject(t.error ?? req.error ?? new Error('IndexedDB transaction failed'));
      t.onabort = () => reject(t.error ?? new Error('IndexedDB transaction aborted'));
    });
  } finally {
    db.close();
  }
}
