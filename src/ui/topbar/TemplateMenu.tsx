// The template menu: replaces the document with a template or a blank graph (undoable, like any
// edit; what it replaced also goes to Recent).
import { TEMPLATES } from '../../../templates';
import { replaceDoc } from '../../store/edits';
import { newBlankGraph } from '../actions';
import { useStores } from '../context';
import { useDismiss } from './useDismiss';

export function TemplateMenu() {
  const stores = useStores();
  const { open, setOpen, ref } = useDismiss();
  return (
    <div className="tl-menu" ref={ref}>
      <button className="tl-btn" onClick={() => setOpen(!open)} aria-expanded={open} aria-haspopup="menu" data-testid="templates"
        title="Open a template or a new blank graph: it replaces the document (Ctrl+Z brings it back, Recent keeps it)">
        Templates ▾
      </button>
      {open && (
        <div className="tl-menu-pop" role="menu">
          <button role="menuitem" className="tl-menu-item" data-testid="new-blank"
            onClick={() => {
              newBlankGraph(stores);
              setOpen(false);
            }}>
            <span className="tl-menu-title">New blank graph <span className="tl-muted">Ctrl+Alt+N</span></span>
            <span className="tl-menu-desc">An empty canvas with a fresh name.</span>
          </button>
          {TEMPLATES.map((t) => (
            <button
              key={t.id}
              role="menuitem"
              className="tl-menu-item"
              onClick={() => {
                stores.doc.apply(replaceDoc(t.doc), `Open template ${t.name}`);
                stores.session.newDocument();
                setOpen(false);
              }}
              data-testid={`template-${t.id}`}
            >
              <span className="tl-menu-title">{t.name}</span>
              <span className="tl-menu-desc">{t.description}</span>
            </button>
          ))}
          <div className="tl-menu-foot tl-muted">Opening a template replaces the document; Ctrl+Z brings it back.</div>
        </div>
      )}
    </div>
  );
}
