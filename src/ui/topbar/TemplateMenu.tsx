// The template menu: replaces the document with a template (undoable, like any edit).
import { useEffect, useRef, useState } from 'react';
import { TEMPLATES } from '../../../templates';
import { replaceDoc } from '../../store/edits';
import { useStores } from '../context';

export function TemplateMenu() {
  const stores = useStores();
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => !ref.current?.contains(e.target as Node) && setOpen(false);
    const esc = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    window.addEventListener('mousedown', close);
    window.addEventListener('keydown', esc);
    return () => {
      window.removeEventListener('mousedown', close);
      window.removeEventListener('keydown', esc);
    };
  }, [open]);
  return (
    <div className="tl-menu" ref={ref}>
      <button className="tl-btn" onClick={() => setOpen(!open)} aria-expanded={open} aria-haspopup="menu" data-testid="templates">
        Templates ▾
      </button>
      {open && (
        <div className="tl-menu-pop" role="menu">
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
