// Where the autosaved document lives: IndexedDB in the browser (room for big graphs, survives a
// crash), a Map in tests. One text under one key; writes are serialised and coalesced so a burst
// of edits costs at most one write in flight and one waiting, and the newest text always wins.
// Beside it, one slot per tab that does not keep the autosave (another tab does): that tab's work,
// kept apart so that neither tab overwrites the other's (see bootstrap.ts).
import { inIdbStore } from '../util/idb-store';

/** One stored text. */
export interface Slot {
  read(): Promise<string | null>;
  write(text: string): Promise<void>;
  clear(): Promise<void>;
}

export interface DocStorage extends Slot {
  /** The slot of the tab `tabId`, for while another tab keeps the autosave. */
  tabSlot(tabId: string): Slot;
  /** Every tab slot that holds a text, as [tab id, text]. */
  tabSlots(): Promise<[string, string][]>;
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
const TAB_PREFIX = 'tab:';

const SPEC = { db: AUTOSAVE_DB, store: STORE };

/** The autosave slot in IndexedDB. Rejects (and the caller falls back) where IndexedDB is disabled. */
export async function idbDocStorage(): Promise<DocStorage> {
  const run = <T>(mode: IDBTransactionMode, op: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> => inIdbStore(SPEC, mode, op);
  await run('readonly', (s) => s.count()); // refuses here, not at the first edit, where IndexedDB is disabled
  const slot = (key: string): Slot => ({
    read: async () => {
      const v: unknown = await run('readonly', (s) => s.get(key));
      return typeof v === 'string' ? v : null;
    },
    write: async (text) => void (await run('readwrite', (s) => s.put(text, key))),
    clear: async () => void (await run('readwrite', (s) => s.delete(key))),
  });
  const tabRange = IDBKeyRange.bound(TAB_PREFIX, `${TAB_PREFIX}\uffff`);
  return {
    ...slot(KEY),
    tabSlot: (tabId) => slot(TAB_PREFIX + tabId),
    tabSlots: async () => {
      // each text read under its own key (two bulk reads could pair a key with another's text)
      const ids = (await run('readonly', (s) => s.getAllKeys(tabRange))).map((k) => String(k).slice(TAB_PREFIX.length));
      const texts = await Promise.all(ids.map((id) => slot(TAB_PREFIX + id).read()));
      return ids.flatMap((id, i) => (texts[i] === null ? [] : [[id, texts[i]!] as [string, string]]));
    },
    keepAside: async (text) => void (await run('readwrite', (s) => s.put(text, REJECTED_KEY))),
    readRecent: async () => {
      const v: unknown = await run('readonly', (s) => s.get(RECENT_KEY));
      return typeof v === 'string' ? v : null;
    },
    writeRecent: async (text) => void (await run('readwrite', (s) => s.put(text, RECENT_KEY))),
  };
}

export function memoryDocStorage(initial: string | null = null): DocStorage & { writes: number; aside: string | null; recent: string | null; tabs: Map<string, string> } {
  let text = initial;
  const tabs = new Map<string, string>();
  const s = {
    writes: 0,
    aside: null as string | null,
    recent: null as string | null,
    tabs,
    tabSlot: (tabId: string): Slot => ({
      read: () => Promise.resolve(tabs.get(tabId) ?? null),
      write: (t: string) => Promise.resolve(void tabs.set(tabId, t)),
      clear: () => Promise.resolve(void tabs.delete(tabId)),
    }),
    tabSlots: () => Promise.resolve([...tabs.entries()]),
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
  readonly length: number;
  key(index: number): string | null;
}

/** Where IndexedDB is refused but localStorage works: the same slots, smaller room. */
export function localDocStorage(local: SyncStorage): DocStorage {
  const key = 'tensorloom.autosave.local';
  const tabKey = `${key}.${TAB_PREFIX}`;
  const slot = (k: string): Slot => ({
    read: () => Promise.resolve(local.getItem(k)),
    write: (text) => Promise.resolve(local.setItem(k, text)),
    clear: () => Promise.resolve(local.removeItem(k)),
  });
  return {
    ...slot(key),
    tabSlot: (tabId) => slot(tabKey + tabId),
    tabSlots: () => {
      const out: [string, string][] = [];
      for (let i = 0; i < local.length; i++) {
        const k = local.key(i);
        const text = k?.startsWith(tabKey) ? local.getItem(k) : null;
        if (k && text !== null) out.push([k.slice(tabKey.length), text]);
      }
      return Promise.resolve(out);
    },
    keepAside: (text) => Promise.resolve(local.setItem(`${key}.rejected`, text)),
    readRecent: () => Promise.resolve(local.getItem(`${key}.recent`)),
    writeRecent: (text) => Promise.resolve(local.setItem(`${key}.recent`, text)),
  };
}
