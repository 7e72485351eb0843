// Autosave: the document goes to IndexedDB after every committed edit, and comes back on load
// through the same loader as an opened file (so an old autosave is migrated, a damaged one refused).
// Autosaves from before IndexedDB (localStorage) are read once and moved over. The session's
// lasting bits (theme, open graph, viewports, which side panels show, the dashboard's width) are small and stay in localStorage.
import type { GraphDoc, GraphScope } from '../graph/types';
import type { DocStore } from './docStore';
import { coalescingWriter, type DocStorage, type Slot } from './doc-storage';
import type { PanelsShown, SessionState, SessionStore, Theme, Viewport } from './session';

/** The localStorage key of autosaves written before they moved to IndexedDB. */
export const LEGACY_AUTOSAVE_KEY = 'tensorloom.autosave.v1';
export const SESSION_KEY = 'tensorloom.session.v1';

export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem?(key: string): void;
}

export interface DocCodec<D> {
  save(doc: GraphDoc): string;
  load(text: string): { ok: true; doc: GraphDoc; diagnostics: D[] } | { ok: false; diagnostics: D[] };
}

export type Restored<D> =
  | { kind: 'none' }
  | { kind: 'ok'; doc: GraphDoc; text: string; diagnostics: D[] }
  | { kind: 'failed'; text: string; diagnostics: D[] };

function readLegacy(legacy: KeyValueStorage | null): string | null {
  try {
    return legacy?.getItem(LEGACY_AUTOSAVE_KEY) ?? null;
  } catch {
    return null;
  }
}

/** The autosaved document, from IndexedDB or else from a pre-IndexedDB autosave. */
export async function restoreDoc<D>(storage: DocStorage, legacy: KeyValueStorage | null, codec: DocCodec<D>): Promise<Restored<D>> {
  let text: string | null = null;
  try {
    text = await storage.read();
  } catch {
    text = null;
  }
  text ??= readLegacy(legacy);
  if (text === null) return { kind: 'none' };
  const r = codec.load(text);
  return r.ok ? { kind: 'ok', doc: r.doc, text, diagnostics: r.diagnostics } : { kind: 'failed', text, diagnostics: r.diagnostics };
}

export interface Autosave {
  stop(): void;
  /** Resolves once every edit so far is stored. */
  flushed(): Promise<void>;
  /** Stores the document as it is now (a tab taking the autosave over). */
  saveNow(): void;
}

/** Saves after every committed edit (not on each frame of a drag). */
export function startAutosave(
  store: DocStore,
  storage: Pick<Slot, 'write'>,
  save: (doc: GraphDoc) => string,
  onError: (e: unknown) => void = () => {},
  legacy: KeyValueStorage | null = null,
): Autosave {
  const writer = coalescingWriter(storage, onError);
  let last = store.getSnapshot().committed;
  const write = (doc: GraphDoc) => {
    try {
      writer.write(save(doc));
      // the document now lives in IndexedDB: a stale localStorage copy must not come back later
      legacy?.removeItem?.(LEGACY_AUTOSAVE_KEY);
    } catch (e) {
      onError(e);
    }
  };
  const stop = store.subscribe(() => {
    const { committed } = store.getSnapshot();
    if (committed === last) return;
    last = committed;
    write(committed);
  });
  return { stop, flushed: writer.flushed, saveNow: () => write(store.getSnapshot().committed) };
}

interface SavedSession {
  theme?: Theme;
  scope?: GraphScope;
  viewports?: Record<string, Viewport>;
  panels?: Partial<Record<keyof PanelsShown, unknown>>;
  dashboardWidth?: unknown;
}

const isViewport = (v: unknown): v is Viewport =>
  typeof v === 'object' && v !== null &&
  ['x', 'y', 'zoom'].every((k) => typeof (v as Record<string, unknown>)[k] === 'number');

/** The lasting part of the session, checked field by field (anything odd is dropped). */
export function restoreSession(storage: KeyValueStorage, base: SessionState, doc: GraphDoc): SessionState {
  let raw: unknown;
  try {
    raw = JSON.parse(storage.getItem(SESSION_KEY) ?? 'null');
  } catch {
    return base;
  }
  if (typeof raw !== 'object' || raw === null) return base;
  const s = raw as SavedSession;
  const theme = s.theme === 'dark' || s.theme === 'light' ? s.theme : base.theme;
  const scope: GraphScope =
    s.scope?.kind === 'model' && typeof s.scope.modelId === 'string' && s.scope.modelId in doc.models
      ? { kind: 'model', modelId: s.scope.modelId }
      : { kind: 'main' };
  const viewports: Record<string, Viewport> = {};
  if (typeof s.viewports === 'object' && s.viewports !== null) {
    for (const [k, v] of Object.entries(s.viewports)) if (isViewport(v)) viewports[k] = v;
  }
  const panels: PanelsShown = {
    left: typeof s.panels?.left === 'boolean' ? s.panels.left : base.panels.left,
    right: typeof s.panels?.right === 'boolean' ? s.panels.right : base.panels.right,
  };
  const w = s.dashboardWidth;
  const dashboardWidth = typeof w === 'number' && Number.isFinite(w) && w > 0 ? w : base.dashboardWidth;
  return { ...base, theme, scope, viewports, panels, dashboardWidth };
}

export function startSessionSave(session: SessionStore, storage: KeyValueStorage): () => void {
  let last = '';
  return session.subscribe(() => {
    const { theme, scope, viewports, panels, dashboardWidth } = session.getSnapshot();
    const text = JSON.stringify({ theme, scope, viewports, panels, dashboardWidth } satisfies SavedSession);
    if (text === last) return;
    last = text;
    try {
      storage.setItem(SESSION_KEY, text);
    } catch {
      // storage full or disabled: the session is a convenience, losing it is harmless
    }
  });
}
