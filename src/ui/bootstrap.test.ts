import { describe, expect, it } from 'vitest';
import { TEMPLATES } from '../../templates';
import { saveDocument } from '../graph/save';
import { memoryDocStorage } from '../store/doc-storage';
import { replaceDoc, setParam } from '../store/edits';
import { parseRecent } from '../store/recent';
import { shareFragment } from '../store/share';
import { freshGraphName, newBlankGraph } from './actions';
import { bootstrap, type BootEnv } from './bootstrap';

const template = (id: string) => {
  const t = TEMPLATES.find((x) => x.id === id);
  if (!t) throw new Error(`no template ${id}`);
  return t;
};

/** My own work: a template with one edit, so it is neither empty nor an untouched template. */
function myWork() {
  const doc = structuredClone(template('gan-2d').doc);
  doc.meta.name = 'My ring GAN';
  return doc;
}

const env = (docStorage: BootEnv['docStorage'], hash = ''): BootEnv => ({ docStorage, local: null, prefersDark: false, hash });

describe('opening a share link', () => {
  it('keeps the work it replaces under Recent, so that a reload still has it', async () => {
    const storage = memoryDocStorage(saveDocument(myWork()));
    const shared = template('vae-mlp').doc;
    const first = await bootstrap(env(storage, await shareFragment(shared)));
    expect(first.stores.doc.current.meta.name).toBe(shared.meta.name);
    await first.autosave?.flushed();
    await first.stores.recent?.flushed();

    // the reload: the autosave now holds the shared graph, and the history is gone
    const second = await bootstrap(env(storage));
    expect(second.stores.doc.current.meta.name).toBe(shared.meta.name);
    const recent = second.stores.recent?.getSnapshot() ?? [];
    expect(recent.map((e) => e.name)).toEqual(['My ring GAN']);
    expect(recent[0]?.text).toBe(saveDocument(myWork()));
  });

  it('keeps nothing when what it replaced was an untouched template or an empty graph', async () => {
    for (const before of [template('dcgan').doc, { ...myWork(), main: { nodes: [], edges: [] }, models: {} }]) {
      const storage = memoryDocStorage(saveDocument(before));
      const booted = await bootstrap(env(storage, await shareFragment(template('vae').doc)));
      await booted.stores.recent?.flushed();
      expect(parseRecent(storage.recent)).toEqual([]);
    }
  });
});

describe('the recent list', () => {
  it('gets every document a template or file replaces, and its undo, newest first and once each', async () => {
    const storage = memoryDocStorage(saveDocument(myWork()));
    const { stores } = await bootstrap(env(storage));
    const ganNode = stores.doc.current.main.nodes.find((n) => n.type === 'optimizers.adam');
    if (!ganNode) throw new Error('the 2-D GAN has an Adam node');
    stores.doc.apply(setParam({ kind: 'main' }, ganNode.id, 'learningRate', 0.01));
    const edited = stores.doc.current;
    stores.doc.apply(replaceDoc(template('vae').doc), 'Open template');
    stores.doc.undo(); // back to my work: the template put aside is untouched, so not kept
    stores.doc.apply(replaceDoc(template('dcgan').doc), 'Open template');
    await stores.recent?.flushed();
    const list = parseRecent(storage.recent);
    expect(list).toHaveLength(1);
    expect(list[0]?.text).toBe(saveDocument(edited));
  });

  it('survives a damaged stored list (it starts empty and the editor opens)', async () => {
    const storage = memoryDocStorage(saveDocument(myWork()));
    storage.recent = '{"not": "a list"';
    const { stores } = await bootstrap(env(storage));
    expect(stores.recent?.getSnapshot()).toEqual([]);
    expect(stores.doc.current.meta.name).toBe('My ring GAN');
  });
});

describe('a new blank graph', () => {
  it('is empty, has a fresh name, and puts the work it replaced under Recent', async () => {
    const storage = memoryDocStorage(saveDocument(myWork()));
    const { stores } = await bootstrap(env(storage));
    newBlankGraph(stores);
    expect(stores.doc.current.main.nodes).toEqual([]);
    expect(stores.doc.current.models).toEqual({});
    expect(stores.doc.current.meta).toEqual({ name: 'Untitled graph', description: '' });
    newBlankGraph(stores); // an empty graph put aside is not kept, and the next name is told apart
    expect(stores.doc.current.meta.name).toBe('Untitled graph 2');
    expect(freshGraphName('Untitled graph 2')).toBe('Untitled graph 3');
    await stores.recent?.flushed();
    expect(parseRecent(storage.recent).map((e) => e.name)).toEqual(['My ring GAN']);
    stores.doc.undo();
    stores.doc.undo();
    expect(stores.doc.current.meta.name).toBe('My ring GAN');
  });
});

/** A stand-in for the Web Lock: `free()` lets the waiting tab take the autosave over. */
function heldElsewhere() {
  let waiting: (() => void) | null = null;
  return {
    lock: { acquire: (onHeld: () => void) => ((waiting = onHeld), Promise.resolve(false)) },
    free: () => waiting?.(),
  };
}

describe('two tabs', () => {
  it('the second does not autosave while the first keeps it, and says so', async () => {
    const storage = memoryDocStorage(saveDocument(myWork()));
    const other = heldElsewhere();
    const booted = await bootstrap({ ...env(storage), tabLock: other.lock });
    expect(booted.notice?.text).toMatch(/^The editor is open in another tab, and that tab keeps the autosave/);
    booted.stores.doc.apply(replaceDoc(template('vae').doc), 'Open template');
    await booted.autosave?.flushed();
    expect(storage.writes).toBe(0);
    expect(await storage.read()).toBe(saveDocument(myWork()));
  });

  /** Tabs by id, open or closed. */
  const tabs = (open: string[]) => (id: string) => ({ id, alive: (other: string) => Promise.resolve(open.includes(other)) });

  it('the second keeps its work in its own slot, and a reload of it brings that work back', async () => {
    const storage = memoryDocStorage(saveDocument(myWork()));
    const tab = tabs(['first', 'second']);
    const booted = await bootstrap({ ...env(storage), tabLock: heldElsewhere().lock, tab: tab('second') });
    booted.stores.doc.apply(replaceDoc(template('vae').doc), 'Open template');
    await booted.autosave?.flushed();
    expect(storage.writes).toBe(0); // the first tab's autosave is untouched
    expect(storage.tabs.get('second')).toBe(saveDocument(template('vae').doc));
    booted.autosave?.stop();
    const reloaded = await bootstrap({ ...env(storage), tabLock: heldElsewhere().lock, tab: tab('second') });
    expect(reloaded.stores.doc.current.meta.name).toBe(template('vae').name);
    expect(reloaded.firstVisit).toBe(false);
  });

  it('the work of a second tab that closed first goes to Recent when the keeper starts next, and its slot goes', async () => {
    const storage = memoryDocStorage(saveDocument(myWork()));
    const theirs = myWork();
    theirs.meta.name = 'Made in the closed tab';
    storage.tabs.set('closed', saveDocument(theirs));
    storage.tabs.set('still open', saveDocument(template('vae').doc));
    const booted = await bootstrap({ ...env(storage), tab: tabs(['first', 'still open'])('first') });
    expect(booted.stores.doc.current.meta.name).toBe('My ring GAN');
    await booted.stores.recent?.flushed();
    expect(parseRecent(storage.recent).map((e) => e.name)).toEqual(['Made in the closed tab']);
    expect([...storage.tabs.keys()]).toEqual(['still open']);
  });

  it('a share link opened in the second tab says it is not autosaved yet, and the tab says the link must stay', async () => {
    const storage = memoryDocStorage(saveDocument(myWork()));
    const booted = await bootstrap({ ...env(storage, await shareFragment(template('vae').doc)), tabLock: heldElsewhere().lock });
    expect(booted.autosaveHeld).toBe(false);
    expect(booted.notice?.text).toMatch(/^The graph from the link is open\..* The editor is open in another tab, and that tab keeps the autosave/);
  });

  it('once the first closes, the second takes over: the first tab\'s last document goes to Recent, then its own is saved', async () => {
    const storage = memoryDocStorage(saveDocument(myWork()));
    const other = heldElsewhere();
    const booted = await bootstrap({ ...env(storage), tabLock: other.lock });
    // the first tab edits on and saves; this tab opens a template meanwhile
    const later = myWork();
    later.meta.name = 'My ring GAN, edited in the first tab';
    await storage.write(saveDocument(later));
    booted.stores.doc.apply(replaceDoc(template('vae').doc), 'Open template');
    other.free();
    await expect.poll(() => storage.read()).toBe(saveDocument(template('vae').doc));
    await booted.stores.recent?.flushed();
    expect(parseRecent(storage.recent).map((e) => e.name)).toEqual(['My ring GAN, edited in the first tab', 'My ring GAN']);
  });

  it('a second tab that takes over moves its own slot\'s work into the autosave and empties the slot', async () => {
    const storage = memoryDocStorage(saveDocument(myWork()));
    const other = heldElsewhere();
    const booted = await bootstrap({ ...env(storage), tabLock: other.lock, tab: { id: 'second', alive: () => Promise.resolve(true) } });
    booted.stores.doc.apply(replaceDoc(template('dcgan').doc), 'Open template');
    await booted.autosave?.flushed();
    expect(storage.tabs.has('second')).toBe(true);
    other.free();
    await expect.poll(() => storage.read()).toBe(saveDocument(template('dcgan').doc));
    await expect.poll(() => storage.tabs.has('second')).toBe(false);
    // and from now on it autosaves to the shared slot
    booted.stores.doc.apply(replaceDoc(template('vae').doc), 'Open template');
    await expect.poll(() => storage.read()).toBe(saveDocument(template('vae').doc));
    expect(storage.tabs.has('second')).toBe(false);
  });
});
