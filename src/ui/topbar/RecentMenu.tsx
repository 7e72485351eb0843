// Recent documents: what a template, a file, a share link or a blank graph replaced, kept across
// reloads (see store/recent.ts). Opening one is an undoable replacement like any other.
import { useSyncExternalStore } from 'react';
import { loadDocument } from '../../graph/load';
import type { RecentDocs, RecentEntry } from '../../store/recent';
import { replaceDoc } from '../../store/edits';
import { useStores } from '../context';
import type { Notice } from '../notices';
import { useDismiss } from './useDismiss';

const when = (ms: number) =>
  new Date(ms).toLocaleString(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

export function RecentMenu({ onNotice }: { onNotice: (n: Notice) => void }) {
  const { recent } = useStores();
  return recent ? <RecentList recent={recent} onNotice={onNotice} /> : null;
}

function RecentList({ recent, onNotice }: { recent: RecentDocs; onNotice: (n: Notice) => void }) {
  const stores = useStores();
  const list = useSyncExternalStore(recent.subscribe, recent.getSnapshot);
  const { open, setOpen, ref } = useDismiss();
  const reopen = (e: RecentEntry) => {
    setOpen(false);
    const r = loadDocument(e.text);
    if (!r.ok) {
      onNotice({ title: `Could not open "${e.name}"`, text: 'The kept copy was not opened; your document is unchanged.', diagnostics: r.diagnostics });
      return;
    }
    stores.doc.apply(replaceDoc(r.doc), `Open recent ${e.name}`);
    stores.session.newDocument();
  };
  return (
    <div className="tl-menu" ref={ref}>
      <button className="tl-btn" onClick={() => setOpen(!open)} aria-expanded={open} aria-haspopup="menu" disabled={list.length === 0}
        title={list.length ? 'Documents that a template, a file, a link or a blank graph replaced' : 'Nothing has been replaced yet'}
        data-testid="recent">
        Recent ▾
      </button>
      {open && (
        <div className="tl-menu-pop" role="menu">
          {list.map((e) => (
            <button key={`${e.savedAt}-${e.name}`} role="menuitem" className="tl-menu-item" onClick={() => reopen(e)} data-testid="recent-item">
              <span className="tl-menu-title">{e.name}</span>
              <span className="tl-menu-desc">put aside {when(e.savedAt)}</span>
            </button>
          ))}
          <div className="tl-menu-foot tl-muted">Opening one replaces the document; Ctrl+Z brings it back.</div>
        </div>
      )}
    </div>
  );
}
