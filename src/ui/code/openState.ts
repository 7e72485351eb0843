// Whether the code view is open: a tiny store shared by its toggle button, its shortcut and the
// layout.
import { useSyncExternalStore } from 'react';

let open = false;
const listeners = new Set<() => void>();

export const codeView = {
  isOpen: (): boolean => open,
  setOpen(next: boolean): void {
    if (next === open) return;
    open = next;
    for (const l of [...listeners]) l();
  },
  toggle(): void {
    codeView.setOpen(!open);
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

export const useCodeViewOpen = (): boolean => useSyncExternalStore(codeView.subscribe, codeView.isOpen);

/** The shortcut that opens and closes the code view, as shown in titles. */
export const CODE_VIEW_SHORTCUT = 'Ctrl+E';

/** Whether a key event is the code view's shortcut (Ctrl+E, or Cmd+E on a Mac). */
export const isCodeViewShortcut = (e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>): boolean =>
  (e.ctrlKey || e.metaKey) && !e.shiftKey && !e.altKey && e.key.toLowerCase() === 'e';
