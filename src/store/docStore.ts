// The document store: the one GraphDoc, its undo/redo history as immer patches, and a
// "preview" mode for continuous gestures (dragging nodes) that become ONE history entry at the end.
// Framework-free; React reads it through useSyncExternalStore (see ui/context.ts).
import { applyPatches, enablePatches, produce, produceWithPatches, type Draft, type Patch } from 'immer';
import type { GraphDoc } from '../graph/types';

enablePatches();

/** An edit recipe: mutate the draft, or return a whole new document. */
export type Recipe = (draft: Draft<GraphDoc>) => void | GraphDoc;

interface Entry {
  label: string;
  patches: Patch[];
  inverse: Patch[];
}

export interface DocSnapshot {
  doc: GraphDoc;
  /**
   * The document as of the last committed edit. While a drag is previewed it lags behind `doc`
   * by node positions only, so shape analysis (which ignores positions) need not rerun per frame.
   */
  committed: GraphDoc;
  canUndo: boolean;
  canRedo: boolean;
  undoLabel: string | undefined;
  redoLabel: string | undefined;
  /** bumps on every change, previews included */
  revision: number;
}

export class DocStore {
  private doc: GraphDoc;
  private past: Entry[] = [];
  private future: Entry[] = [];
  private previewBase: GraphDoc | null = null;
  private previewRecipes: Recipe[] = [];
  private listeners = new Set<() => void>();
  private replaceListeners = new Set<(before: GraphDoc) => void>();
  private snapshot: DocSnapshot;
  private revision = 0;

  constructor(doc: GraphDoc, private readonly limit = 500) {
    this.doc = doc;
    this.snapshot = this.makeSnapshot();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): DocSnapshot => this.snapshot;

  /**
   * Hears of every whole-document replacement (opening a file, a template or a share link, and
   * undoing or redoing one) with the document it put aside, so that it can be kept.
   */
  onReplace = (listener: (before: GraphDoc) => void): (() => void) => {
    this.replaceListeners.add(listener);
    return () => this.replaceListeners.delete(listener);
  };

  get current(): GraphDoc {
    return this.doc;
  }

  get previewing(): boolean {
    return this.previewBase !== null;
  }

  /** Applies an edit as one history entry. Returns false when it changed nothing. */
  apply(recipe: Recipe, label = 'Edit'): boolean {
    this.commitPreview();
    const [next, patches, inverse] = produceWithPatches(this.doc, recipe);
    if (patches.length === 0) return false;
    const before = this.doc;
    this.doc = next;
    this.past.push({ label, patches, inverse });
    if (this.past.length > this.limit) this.past.shift();
    this.future = [];
    this.emit();
    this.tellReplaced(before, patches);
    return true;
  }

  /**
   * Shows an edit without recording it; the gesture's edits become one entry at commitPreview.
   * `supersedes`: this edit includes the gesture's previous one (a drag sends every moved node's
   * position so far), so only it is replayed at the end, not one edit per frame.
   */
  preview(recipe: Recipe, supersedes = false): void {
    if (!this.previewBase) {
      this.previewBase = this.doc;
      this.previewRecipes = [];
    }
    if (supersedes && this.previewRecipes.length) this.previewRecipes[this.previewRecipes.length - 1] = recipe;
    else this.previewRecipes.push(recipe);
    const next = produce(this.doc, recipe);
    if (next === this.doc) return;
    this.doc = next;
    this.emit();
  }

  /** Ends a gesture: replays its edits on the document from before it, as one history entry. */
  commitPreview(label = 'Move'): boolean {
    const base = this.previewBase;
    if (!base) return false;
    const recipes = this.previewRecipes;
    this.previewBase = null;
    this.previewRecipes = [];
    const [next, patches, inverse] = produceWithPatches(base, (d) => {
      for (const r of recipes) {
        const replaced = r(d);
        if (replaced !== undefined) throw new Error('internal: a previewed edit may not replace the document');
      }
    });
    this.doc = next;
    if (patches.length > 0) {
      this.past.push({ label, patches, inverse });
      if (this.past.length > this.limit) this.past.shift();
      this.future = [];
    }
    this.emit();
    return patches.length > 0;
  }

  cancelPreview(): void {
    if (!this.previewBase) return;
    this.doc = this.previewBase;
    this.previewBase = null;
    this.previewRecipes = [];
    this.emit();
  }

  undo(): boolean {
    this.commitPreview();
    const e = this.past.pop();
    if (!e) return false;
    const before = this.doc;
    this.doc = applyPatches(this.doc, e.inverse);
    this.future.push(e);
    this.emit();
    this.tellReplaced(before, e.inverse);
    return true;
  }

  redo(): boolean {
    this.commitPreview();
    const e = this.future.pop();
    if (!e) return false;
    const before = this.doc;
    this.doc = applyPatches(this.doc, e.patches);
    this.past.push(e);
    this.emit();
    this.tellReplaced(before, e.patches);
    return true;
  }

  /** Starts afresh from a document with an empty history (restoring an autosave). */
  reset(doc: GraphDoc): void {
    this.previewBase = null;
    this.previewRecipes = [];
    this.doc = doc;
    this.past = [];
    this.future = [];
    this.emit();
  }

  private makeSnapshot(): DocSnapshot {
    return {
      doc: this.doc,
      committed: this.previewBase ?? this.doc,
      canUndo: this.past.length > 0,
      canRedo: this.future.length > 0,
      undoLabel: this.past.at(-1)?.label,
      redoLabel: this.future.at(-1)?.label,
      revision: this.revision,
    };
  }

  /** A patch at the root path is a whole new document. */
  private tellReplaced(before: GraphDoc, patches: readonly Patch[]): void {
    if (!patches.some((p) => p.path.length === 0)) return;
    for (const l of [...this.replaceListeners]) l(before);
  }

  private emit(): void {
    this.revision++;
    this.snapshot = this.makeSnapshot();
    for (const l of [...this.listeners]) l();
  }
}
