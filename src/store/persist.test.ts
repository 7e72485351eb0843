import { describe, expect, it } from 'vitest';
import { loadDocument } from '../graph/load';
import { saveDocument } from '../graph/save';
import { DocStore } from './docStore';
import { moveNodes, setParam } from './edits';
import { sampleDoc } from './fixtures';
import { memoryDocStorage } from './doc-storage';
import { LEGACY_AUTOSAVE_KEY, restoreDoc, restoreSession, SESSION_KEY, startAutosave, startSessionSave, type KeyValueStorage } from './persist';
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
  removeItem(k: string) {
    this.data.delete(k);
  }
}

const codec = { load: loadDocument, save: saveDocument };
const mlp = { kind: 'model', modelId: 'mlp' } as const;

describe('autosave', () => {
  it('saves after each committed edit, not on each frame of a drag, and restores the document', async () => {
    const storage = memoryDocStorage();
    const store = new DocStore(sampleDoc());
    const autosave = startAutosave(store, storage, saveDocument);
    store.apply(setParam(mlp, 'dense1', 'units', 32));
    await autosave.flushed();
    expect(storage.writes).toBe(1);
    for (let i = 0; i < 10; i++) store.preview(moveNodes(mlp, [{ id: 'dense1', position: { x: i, y: i } }]));
    await autosave.flushed();
    expect(storage.writes).toBe(1);
    store.commitPreview();
    await autosave.flushed();
    expect(storage.writes).toBe(2);
    const r = await restoreDoc(storage, null, codec);
    expect(r.kind).toBe('ok');
    if (r.kind === 'ok') expect(r.doc).toEqual(store.current);
  });

  it('writes a burst of edits as at most two writes, the newest last', async () => {
    const storage = memoryDocStorage();
    const store = new DocStore(sampleDoc());
    const autosave = startAutosave(store, storage, saveDocument);
    for (const units of [11, 12, 13, 14, 15]) store.apply(setParam(mlp, 'dense1', 'units', units));
    await autosave.flushed();
    expect(storage.writes).toBe(2);
    const r = await restoreDoc(storage, null, codec);
    expect(r.kind === 'ok' && r.doc.models.mlp?.nodes.find((n) => n.id === 'dense1')?.params.units).toBe(15);
  });

  it('reports a damaged autosave instead of using it, with its text to keep aside', async () => {
    expect((await restoreDoc(memoryDocStorage(), null, codec)).kind).toBe('none');
    const damaged = '{"format": "tensorloom-graph", ';
    const r = await restoreDoc(memoryDocStorage(damaged), null, codec);
    expect(r.kind).toBe('failed');
    if (r.kind === 'failed') {
      expect(r.diagnostics[0]?.code).toBe('doc.json');
      expect(r.text).toBe(damaged);
    }
  });

  it('moves an autosave from before IndexedDB over, and drops the old copy on the next save', async () => {
    const legacy = new MemoryStorage();
    legacy.setItem(LEGACY_AUTOSAVE_KEY, saveDocument(sampleDoc()));
    const storage = memoryDocStorage();
    const r = await restoreDoc(storage, legacy, codec);
    expect(r.kind === 'ok' && r.doc).toEqual(sampleDoc());
    const store = new DocStore(sampleDoc());
    const autosave = startAutosave(store, storage, saveDocument, () => {}, legacy);
    store.apply(setParam(mlp, 'dense1', 'units', 7));
    await autosave.flushed();
    expect(legacy.getItem(LEGACY_AUTOSAVE_KEY)).toBeNull();
    expect((await restoreDoc(storage, legacy, codec)).kind).toBe('ok');
  });

  it('prefers the IndexedDB copy over an old localStorage one', async () => {
    const legacy = new MemoryStorage();
    legacy.setItem(LEGACY_AUTOSAVE_KEY, 'not even JSON');
    const r = await restoreDoc(memoryDocStorage(saveDocument(sampleDoc())), legacy, codec);
    expect(r.kind).toBe('ok');
  });

  it('reports a failing write and goes on with the next one', async () => {
    const errors: unknown[] = [];
    let fail = true;
    const base = memoryDocStorage();
    const flaky = { ...base, write: (t: string) => (fail ? Promise.reject(new Error('quota')) : base.write(t)) };
    const store = new DocStore(sampleDoc());
    const autosave = startAutosave(store, flaky, saveDocument, (e) => errors.push(e));
    store.apply(setParam(mlp, 'dense1', 'units', 21));
    await autosave.flushed();
    expect(errors).toHaveLength(1);
    fail = false;
    store.apply(setParam(mlp, 'dense1', 'units', 22));
    await autosave.flushed();
    expect(base.writes).toBe(1);
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

  it('remembers which side panels are shown and the dashboard\'s width, but not presentation mode', () => {
    const storage = new MemoryStorage();
    const session = new SessionStore(initialSession());
    startSessionSave(session, storage);
    session.togglePanel('left');
    session.setPresenting(true);
    session.setDashboardWidth(420);
    const back = restoreSession(storage, initialSession(), sampleDoc());
    expect(back.panels).toEqual({ left: false, right: true });
    expect(back.dashboardWidth).toBe(420);
    expect(back.presenting).toBe(false);
    storage.setItem(SESSION_KEY, '{"panels": {"left": "no", "right": false}, "dashboardWidth": "wide"}');
    expect(restoreSession(storage, initialSession(), sampleDoc())).toMatchObject({ panels: { left: true, right: false }, dashboardWidth: null });
  });
});
