// Recent documents: the documents that a whole-document replacement put aside (a template, a
// file or a share link opened over them), kept beside the autosave, so that after a reload the
// work from before is still one click away, not only one Undo (the history does not survive).
import type { GraphDoc } from '../graph/types';
import { coalescingWriter, type DocStorage } from './doc-storage';

export interface RecentEntry {
  /** the document's name when it was put aside */
  name: string;
  /** ms since the epoch */
  savedAt: number;
  /** the saved document, as Save writes it */
  text: string;
}

export const RECENT_LIMIT = 8;

const isEntry = (v: unknown): v is RecentEntry =>
  typeof v === 'object' && v !== null &&
  typeof (v as RecentEntry).name === 'string' &&
  Number.isFinite((v as RecentEntry).savedAt) &&
  typeof (v as RecentEntry).text === 'string';

/** The stored list, with anything malformed dropped (a damaged list must not stop the editor). */
export function parseRecent(text: string | null): RecentEntry[] {
  if (text === null) return [];
  try {
    const raw: unknown = JSON.parse(text);
    return Array.isArray(raw) ? raw.filter(isEntry).slice(0, RECENT_LIMIT) : [];
  } catch {
    return [];
  }
}

/** Newest first; the same text put aside again moves to the top instead of appearing twice. */
export function withEntry(list: readonly RecentEntry[], entry: RecentEntry): RecentEntry[] {
  return [entry, ...list.filter((e) => e.text !== entry.text)].slice(0, RECENT_LIMIT);
}

/** Nothing is lost by dropping an empty graph or an untouched template, so neither is kept. */
export function worthKeeping(doc: GraphDoc, text: string, untouched: ReadonlySet<string>): boolean {
  const empty = doc.main.nodes.length === 0 && Object.keys(doc.models).length === 0;
  return !empty && !untouched.has(text);
}

export class RecentDocs {
  private list: RecentEntry[];
  private listeners = new Set<() => void>();
  private writer: ReturnType<typeof coalescingWriter>;

  private constructor(storage: DocStorage, list: RecentEntry[], onError: (e: unknown) => void) {
    this.list = list;
    this.writer = coalescingWriter({ write: (t) => storage.writeRecent(t) }, onError);
  }

  static async open(storage: DocStorage, onError: (e: unknown) => void = () => {}): Promise<RecentDocs> {
    const text = await storage.readRecent().catch(() => null);
    return new RecentDocs(storage, parseRecent(text), onError);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): readonly RecentEntry[] => this.list;

  keep(name: string, text: string, savedAt = Date.now()): void {
    this.list = withEntry(this.list, { name, savedAt, text });
    this.writer.write(JSON.stringify(this.list));
    for (const l of [...this.listeners]) l();
  }

  /** Resolves once the list as it is now is stored. */
  flushed = (): Promise<void> => this.writer.flushed();
}
