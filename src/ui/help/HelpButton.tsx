// The "?" button and key: every shortcut of the editor in one panel.
import { useEffect, useState } from 'react';
import { isEditable } from '../canvas/useShortcuts';
import { Dialog } from '../Dialog';
import { SHORTCUTS } from './shortcuts';

export function HelpButton() {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== '?' || e.ctrlKey || e.metaKey || e.altKey || isEditable(e.target)) return;
      if (document.querySelector('[role="dialog"]')) return;
      e.preventDefault();
      setOpen(true);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <>
      <button className="tl-btn" onClick={() => setOpen(true)} title="Keyboard shortcuts (?)" data-testid="help">?</button>
      {open && (
        <Dialog title="Keyboard and mouse" onClose={() => setOpen(false)} wide>
          <div className="tl-shortcuts" data-testid="shortcuts">
            {SHORTCUTS.map((g) => (
              <section key={g.title}>
                <h3>{g.title}</h3>
                <table>
                  <tbody>
                    {g.items.map((s) => (
                      <tr key={s.does}>
                        <td className="tl-keys">{s.keys.map((k, i) => <span key={k}>{i > 0 && ' or '}<kbd>{k}</kbd></span>)}</td>
                        <td>{s.does}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
            ))}
          </div>
        </Dialog>
      )}
    </>
  );
}
