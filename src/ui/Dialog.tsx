// A small modal dialog: a title, a body, and a close button. Escape and the backdrop close it.
import { useEffect, useRef, type ReactNode } from 'react';

export function Dialog({ title, children, onClose, wide = false }: { title: string; children: ReactNode; onClose: () => void; wide?: boolean }) {
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    closeRef.current?.focus();
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <div className="tl-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className={`tl-dialog${wide ? ' wide' : ''}`} role="dialog" aria-modal="true" aria-labelledby="tl-dialog-title" data-testid="dialog">
        <h2 id="tl-dialog-title">{title}</h2>
        <div className="tl-dialog-body">{children}</div>
        <div className="tl-dialog-actions">
          <button ref={closeRef} className="tl-btn primary" onClick={onClose}>Close</button>
        </div>
      </div>
    </div>
  );
}
