// The top bar's toggle for the code view, and the shortcut that does the same.
import { useEffect } from 'react';
import { CODE_VIEW_SHORTCUT, codeView, isCodeViewShortcut, useCodeViewOpen } from './openState';

export function CodeViewButton() {
  const open = useCodeViewOpen();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!isCodeViewShortcut(e) || document.querySelector('[role="dialog"]')) return;
      e.preventDefault();
      codeView.toggle();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <button
      className={`tl-btn${open ? ' tl-pressed' : ''}`}
      onClick={() => codeView.toggle()}
      aria-pressed={open}
      title={`${open ? 'Hide' : 'Show'} the graph as TypeScript code (${CODE_VIEW_SHORTCUT})`}
      data-testid="code-toggle"
    >
      {'</>'} Code
    </button>
  );
}
