import { describe, expect, it } from 'vitest';
import { loadDocument } from '../graph/load';
import { saveDocument } from '../graph/save';
import { DocStore } from './docStore';
import { moveNodes, setParam } from './edits';
import { sampleDoc } from './fixtures';
import { AUTOSAVE_KEY, restoreDoc, restoreSession, SESSION_KEY, startAutosave, startSessionSave, type KeyValueStorage } from './persist';
import { initialSession, SessionStore } from './session';

class MemoryStorage implements KeyValueStorage {
  data = new Map<string, string>();
  writes = 0;
  getItem(k: string) {
    return this.data.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.writes++;
    this.data.set(k, v);
  }
}

const codec = { load: loadDocument, save: saveDocument };
const mlp = { kind: 'model', modelId: 'mlp' } as const;

describe('autosave', () => {
  it('saves after each committed edit, not on each frame of a drag, and restores the document', () => {
    const storage = new MemoryStorage();
    const store = new DocStore(sampleDoc());
    startAutosave(store, storage, saveDocument);
    store.apply(setParam(mlp, 'dense1', 'units', 32));
    expect(storage.writes).toBe(1);
    for (let i = 0; i < 10; i++) store.preview(moveNodes(mlp, [{ id: 'dense1', position: { x: i, y: i } }]));
    expect(storage.writes).toBe(1);
    store.commitPreview();
    expect(storage.writes).toBe(2);
    const r = restoreDoc(storage, codec);
    expect(r.kind).toBe('ok');
    if (r.kind === 'ok') expect(r.doc).toEqual(store.current);
  });

  it('reports a damaged autosave instead of using it', () => {
    const storage = new MemoryStorage();
    expect(restoreDoc(storage, codec).kind).toBe('none');
    storage.setItem(AUTOSAVE_KEY, '{"format": "tensorloom-graph", ');
    const r = restoreDoc(storage, codec);
    expect(r.kind).toBe('failed');
    if (r.kind === 'failed') expect(r.diagnostics[0]?.code).toBe('doc.json');
  });

  it('keeps theme, open graph and viewports; drops what no longer fits', () => {
    const storage = new MemoryStorage();
    const session = new SessionStore(initialSession());
    startSessionSave(session, storage);
    session.setTheme('dark');
    session.open(mlp);
    session.setViewport('model:mlp', { x: 1, y: 2, zoom: 1.5 });
    const back = restoreSession(storage, initialSession(), sampleDoc());
    expect(back).toMatchObject({ theme: 'dark', scope: mlp, viewports: { 'model:mlp': { x: 1, y: 2, zoom: 1.5 } } });
    const noModel = { ...sampleDoc(), models: {} };
    expect(restoreSession(storage, initialSession(), noModel).scope).toEqual({ kind: 'main' });
    storage.setItem(SESSION_KEY, '{"theme": "neon", "viewports": {"a": {"x": "1"}}}');
    expect(restoreSession(storage, initialSession(), sampleDoc())).toMatchObject({ theme: 'light', viewports: {} });
  });
});
