// Where the autosaved document lives: IndexedDB in the browser (room for big graphs, survives a
// crash), a Map in tests. One text under one key; writes are serialised and coalesced so a burst
// of edits costs at most one write in flight and one waiting, and the newest text always wins.
import { inIdbStore } from '../util/idb-store';

export interface DocStorage {
  read(): Promise<string | null>;
  write(text: string): Promise<void>;
  clear(): Promise<void>;
  /** Keeps a text aside (a damaged autosave), where a person can still recover it by hand. */
  keepAside(text: string): Promise<void>;
  /** The recent-documents list (see recent.ts), one text beside the autosave. */
  readRecent(): Promise<string | null>;
  writeRecent(text: string): Promise<void>;
}

export const AUTOSAVE_DB = 'tensorloom-editor';
const STORE = 'documents';
const KEY = 'autosave';
export const REJECTED_KEY = 'autosave.rejected';
const RECENT_KEY = 'recent';

const SPEC = { db: AUTOSAVE_DB, store: STORE };

/** The autosave slot in IndexedDB. Rejects (and the caller falls back) where IndexedDB is disabled. */
export async function idbDocStorage(): Promise<DocStorage> {
  const run = <T>(mode: IDBTransactionMode, op: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> => inIdbStore(SPEC, mode, op);
  await run('readonly', (s) => s.count()); // refuses here, not at the first edit, where IndexedDB is disabled
  return {
    read: async () => {
      const v: unknown = await run('readonly', (s) => s.get(KEY));
      return typeof v === 'string' ? v : null;
    },
    write: async (text) => void (await run('readwrite', (s) => s.put(text, KEY))),
    clear: async () => void (await run('readwrite', (s) => s.delete(KEY))),
    keepAside: async (text) => void (await run('readwrite', (s) => s.put(text, REJECTED_KEY))),
    readRecent: async () => {
      const v: unknown = await run('readonly', (s) => s.get(RECENT_KEY));
      return typeof v === 'string' ? v : null;
    },
    writeRecent: async (text) => void (await run('readwrite', (s) => s.put(text, RECENT_KEY))),
  };
}

export function memoryDocStorage(initial: string | null = null): DocStorage & { writes: number; aside: string | null; recent: string | null } {
  let text = initial;
  const s = {
    writes: 0,
    aside: null as string | null,
    recent: null as string | null,
    readRecent: () => Promise.resolve(s.recent),
    writeRecent: (t: string) => {
      s.recent = t;
      return Promise.resolve();
    },
    keepAside: (t: string) => {
      s.aside = t;
      return Promise.resolve();
    },
    read: () => Promise.resolve(text),
    write: (t: string) => {
      s.writes++;
      text = t;
      return Promise.resolve();
    },
    clear: () => {
      text = null;
      return Promise.resolve();
    },
  };
  return s;
}

/**
 * Serialises writes: while one is in flight, later texts replace each other and only the newest
 * is written next. `flushed()` resolves once everything asked for so far is stored.
 */
export function coalescingWriter(storage: Pick<DocStorage, 'write'>, onError: (e: unknown) => void) {
  let inFlight: Promise<void> | null = null;
  let pending: string | null = null;
  const pump = (): Promise<void> => {
    if (pending === null) {
      inFlight = null;
      return Promise.resolve();
    }
    const text = pending;
    pending = null;
    inFlight = storage.write(text).catch(onError).then(pump);
    return inFlight;
  };
  return {
    write(text: string): void {
      pending = text;
      if (!inFlight) void pump();
    },
    flushed: (): Promise<void> => inFlight ?? Promise.resolve(),
  };
}

interface SyncStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Where IndexedDB is refused but localStorage works: the same slot, smaller room. */
export function localDocStorage(local: SyncStorage): DocStorage {
  const key = 'tensorloom.autosave.local';
  return {
    read: () => Promise.resolve(local.getItem(key)),
    write: (text) => Promise.resolve(local.setItem(key, text)),
    clear: () => Promise.resolve(local.removeItem(key)),
    keepAside: (text) => Promise.resolve(local.setItem(`${key}.rejected`, text)),
    readRecent: () => Promise.resolve(local.getItem(`${key}.recent`)),
    writeRecent: (text) => Promise.resolve(local.setItem(`${key}.recent`, text)),
  };
}
