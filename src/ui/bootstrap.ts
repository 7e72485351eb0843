// Starting the editor: restore the autosaved document (through the file loader, so it is checked
// and migrated like an opened file) and the session, keep both saved on every change, and open a
// graph carried by the URL as an undoable step over the restored work.
import { TEMPLATES } from '../../templates';
import { loadDocument } from '../graph/load';
import { saveDocument } from '../graph/save';
import type { GraphDoc } from '../graph/types';
import { emptyDoc } from './actions';
import { issue, renderIssue, type MessageCode } from '../messages';
import type { DocStorage } from '../store/doc-storage';
import { DocStore } from '../store/docStore';
import { replaceDoc } from '../store/edits';
import { RecentDocs, worthKeeping } from '../store/recent';
import type { TabLock } from '../store/tab-lock';
import { restoreDoc, restoreSession, startAutosave, startSessionSave, type Autosave, type KeyValueStorage } from '../store/persist';
import { initialSession, SessionStore } from '../store/session';
import { readShareFragment } from '../store/share';
import type { Stores } from './context';
import type { Notice } from './notices';


/** What a first visit shows: the first template, so there is something to look at and change. */
export const starterDoc = (): GraphDoc => structuredClone(TEMPLATES[0]?.doc ?? emptyDoc());

export interface BootEnv {
  /** the autosave slot (IndexedDB), or null where the browser stores nothing */
  docStorage: DocStorage | null;
  /** localStorage: the session, and autosaves from before IndexedDB */
  local: KeyValueStorage | null;
  prefersDark: boolean;
  /** location.hash: may carry a shared graph */
  hash: string;
  /** who keeps the autosave when several tabs are open; absent: this tab does */
  tabLock?: TabLock;
  /**
   * this tab, where tabs can be told apart: its id (kept over a reload of the tab) names the slot
   * its work goes to while another tab keeps the autosave; `alive` says whether a tab is still open
   */
  tab?: { id: string; alive(id: string): Promise<boolean> };
}

export interface Booted {
  stores: Stores;
  notice: Notice | null;
  /** nothing was autosaved and no graph came with the URL: a newcomer */
  firstVisit: boolean;
  autosave: Autosave | null;
  /** false while another tab keeps the autosave: this tab's document is kept in its own slot only */
  autosaveHeld: boolean;
}

const note = (title: string, code: MessageCode, diagnostics: Notice['diagnostics'] = []): Notice => ({
  title,
  text: renderIssue(issue(code, {} as never)),
  diagnostics,
});

export async function bootstrap(env: BootEnv): Promise<Booted> {
  let doc = starterDoc();
  let notice: Notice | null = env.docStorage ? null : note('Autosave is off', 'autosave.unavailable');
  let firstVisit = true;
  /** the autosave this tab opened with: a tab taking the autosave over later compares against it */
  let bootText: string | null = null;
  if (env.docStorage) {
    const r = await restoreDoc(env.docStorage, env.local, { load: loadDocument, save: saveDocument });
    if (r.kind !== 'none') {
      firstVisit = false;
      bootText = r.text;
    }
    if (r.kind === 'ok') doc = r.doc;
    if (r.kind === 'failed') {
      await env.docStorage.keepAside(r.text).catch(() => undefined);
      notice = note('Could not restore your last session', 'autosave.rejected', r.diagnostics);
    }
  }
  // the autosave's keeper is one tab; the others keep their work in their own slots meanwhile
  let takeOverWhenBooted: (() => void) | null = null;
  let bootDone = false;
  let keeperLeftEarly = false;
  const held = env.docStorage && env.tabLock
    ? await env.tabLock.acquire(() => (bootDone ? takeOverWhenBooted?.() : (keeperLeftEarly = true)))
    : true;
  const own = env.docStorage && env.tab && !held ? env.docStorage.tabSlot(env.tab.id) : null;
  const ownText = own ? await own.read().catch(() => null) : null;
  if (ownText !== null) {
    // this tab reloaded while another kept the autosave: its own work, not the keeper's
    const r = loadDocument(ownText);
    if (r.ok) [doc, firstVisit] = [r.doc, false];
  }
  const docStore = new DocStore(doc);
  const base = initialSession(env.prefersDark ? 'dark' : 'light');
  const session = new SessionStore(env.local ? restoreSession(env.local, base, doc) : base);
  if (env.local) startSessionSave(session, env.local);
  const recent = env.docStorage ? await RecentDocs.open(env.docStorage, (e) => console.error('Keeping a recent document failed:', e)) : null;
  if (recent) keepReplacedDocs(docStore, recent);
  if (env.docStorage && env.tab && held && recent) await keepClosedTabsWork(env.docStorage, env.tab, recent);
  let autosave: Autosave | null = null;
  if (env.docStorage) {
    const storage = env.docStorage;
    const onError = (e: unknown) => console.error('Autosave failed:', e);
    const start = () => (autosave = startAutosave(docStore, storage, saveDocument, onError, env.local));
    if (held) start();
    else {
      notice = note('Another tab keeps the autosave', 'autosave.otherTab');
      if (own) autosave = startAutosave(docStore, own, saveDocument, onError);
      takeOverWhenBooted = () =>
        void takeOver(storage, bootText, recent).then(async () => {
          const apart = autosave;
          apart?.stop();
          await apart?.flushed();
          start().saveNow();
          await own?.clear().catch(onError);
        });
      // the keeper went while this tab was starting
      if (keeperLeftEarly) takeOverWhenBooted();
    }
  }
  bootDone = true;

  const shared = await readShareFragment(env.hash);
  if (shared.kind === 'ok') {
    docStore.apply(replaceDoc(shared.doc), 'Open shared graph');
    session.newDocument();
    firstVisit = false;
    const noteworthy = shared.diagnostics.filter((d) => d.severity !== 'info');
    notice = note('Opened a shared graph', 'share.opened', noteworthy);
    // not autosaved yet: the link must stay in the address, and the person must know why
    if (!held) notice = { ...notice, text: `${notice.text} ${renderIssue(issue('autosave.otherTab', {}))}` };
  } else if (shared.kind === 'failed') {
    notice = note('Could not open the shared graph', 'share.refused', shared.diagnostics);
  }
  const current = (): Autosave | null => autosave;
  const saving: Autosave | null = env.docStorage
    ? { stop: () => current()?.stop(), flushed: () => current()?.flushed() ?? Promise.resolve(), saveNow: () => current()?.saveNow() }
    : null;
  return { stores: { doc: docStore, session, ...(recent ? { recent } : {}) }, notice, firstVisit, autosave: saving, autosaveHeld: held };
}

/** The work of tabs that closed while another kept the autosave goes to Recent, and their slots go. */
async function keepClosedTabsWork(storage: DocStorage, tab: NonNullable<BootEnv['tab']>, recent: RecentDocs): Promise<void> {
  const slots = await storage.tabSlots().catch(() => []);
  for (const [id, text] of slots) {
    if (id === tab.id || (await tab.alive(id))) continue;
    const r = loadDocument(text);
    if (r.ok) keepIfWorth(recent, r.doc, text);
    await storage.tabSlot(id).clear().catch(() => undefined);
  }
}

/**
 * The tab that kept the autosave has closed: what it stored last goes to Recent (unless it is what
 * this tab opened with, or nothing is lost without it) before this tab's document replaces it.
 */
async function takeOver(storage: DocStorage, bootText: string | null, recent: RecentDocs | null): Promise<void> {
  const text = await storage.read().catch(() => null);
  if (text === null || text === bootText || !recent) return;
  const r = loadDocument(text);
  if (r.ok) keepIfWorth(recent, r.doc, text);
}

let untouchedTemplates: Set<string> | null = null;

/** Every document a replacement puts aside goes to the recent list, unless nothing is lost without it. */
function keepReplacedDocs(docStore: DocStore, recent: RecentDocs): void {
  docStore.onReplace((before) => keepIfWorth(recent, before, saveDocument(before)));
}

function keepIfWorth(recent: RecentDocs, doc: GraphDoc, text: string): void {
  untouchedTemplates ??= new Set(TEMPLATES.map((t) => saveDocument(t.doc)));
  if (worthKeeping(doc, text, untouchedTemplates)) recent.keep(doc.meta.name || 'Untitled graph', text);
}

