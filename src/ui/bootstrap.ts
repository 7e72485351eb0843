// Starting the editor: restore the autosaved document (through the file loader, so it is checked
// and migrated like an opened file) and the session, then keep both saved on every change.
import { TEMPLATES } from '../../templates';
import { loadDocument } from '../graph/load';
import { saveDocument } from '../graph/save';
import { GRAPH_FORMAT, GRAPH_VERSION, type GraphDoc } from '../graph/types';
import { DocStore } from '../store/docStore';
import { AUTOSAVE_KEY, restoreDoc, restoreSession, startAutosave, startSessionSave, type KeyValueStorage } from '../store/persist';
import { initialSession, SessionStore } from '../store/session';
import type { Stores } from './context';
import type { Notice } from './notices';

export function emptyDoc(): GraphDoc {
  return { format: GRAPH_FORMAT, version: GRAPH_VERSION, meta: { name: 'Untitled graph', description: '' }, models: {}, main: { nodes: [], edges: [] } };
}

/** What a first visit shows: the first template, so there is something to look at and change. */
export const starterDoc = (): GraphDoc => structuredClone(TEMPLATES[0]?.doc ?? emptyDoc());

export function bootstrap(storage: KeyValueStorage | null, prefersDark: boolean): { stores: Stores; notice: Notice | null } {
  let doc = starterDoc();
  let notice: Notice | null = null;
  if (storage) {
    const r = restoreDoc(storage, { load: loadDocument, save: saveDocument });
    if (r.kind === 'ok') doc = r.doc;
    if (r.kind === 'failed') {
      try {
        // keep the damaged autosave where a person can still recover it by hand
        storage.setItem(`${AUTOSAVE_KEY}.rejected`, storage.getItem(AUTOSAVE_KEY) ?? '');
      } catch {
        // nothing more to do: the notice below says what happened
      }
      notice = {
        title: 'Could not restore your last session',
        text: `The autosaved document could not be read, so a template was opened instead. The old text is kept in localStorage under "${AUTOSAVE_KEY}.rejected".`,
        diagnostics: r.diagnostics,
      };
    }
  }
  const docStore = new DocStore(doc);
  const base = initialSession(prefersDark ? 'dark' : 'light');
  const session = new SessionStore(storage ? restoreSession(storage, base, doc) : base);
  if (storage) {
    startAutosave(docStore, storage, saveDocument, (e) => console.error('Autosave failed:', e));
    startSessionSave(session, storage);
  }
  return { stores: { doc: docStore, session }, notice };
}
