// Keyboard shortcuts and the system clipboard for the canvas. Keys typed into a form field belong
// to the field (its own undo, its own copy), never to the graph.
import { useEffect } from 'react';
import type { Position } from '../../graph/types';
import { deleteSelection, duplicateSelection, newBlankGraph, pasteFragment, selectAll, selectedFragment } from '../actions';
import type { Stores } from '../context';
import { createModelFromSelection } from './canvasActions';
import { fragmentToText, textToFragment } from './clipboard';
import { leftOutOfPaste } from './paste-notice';
import type { Notice } from '../notices';

export function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** Ctrl+B and Ctrl+Alt+B show or hide the side panels, Ctrl+Alt+P toggles presentation mode; true when handled. */
function layoutShortcut(stores: Stores, e: KeyboardEvent, mod: boolean, k: string): boolean {
  if (!mod || e.shiftKey) return false;
  const { presenting } = stores.session.getSnapshot();
  if (k === 'p' && e.altKey) stores.session.setPresenting(!presenting);
  else if (k === 'b' && !presenting) stores.session.togglePanel(e.altKey ? 'right' : 'left');
  else return false;
  return true;
}

/**
 * `pastePosition` gives where pasted nodes go (the pointer over the canvas), or undefined;
 * `onNotice` (stable) hears what a paste left out.
 */
export function useShortcuts(stores: Stores, pastePosition: () => Position | undefined, onNotice: (n: Notice) => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.altKey && e.key.toLowerCase() === 'n' && !document.querySelector('[role="dialog"]')) {
        e.preventDefault();
        newBlankGraph(stores);
        return;
      }
      if (isEditable(e.target) || document.querySelector('[role="dialog"]')) return;
      const mod = e.ctrlKey || e.metaKey;
      const k = e.key.toLowerCase();
      if (layoutShortcut(stores, e, mod, k)) {
        e.preventDefault();
        return;
      }
      if (e.altKey) return;
      let handled = true;
      if (mod && k === 'z' && !e.shiftKey) stores.doc.undo();
      else if (mod && ((k === 'z' && e.shiftKey) || k === 'y')) stores.doc.redo();
      else if (mod && k === 'd') duplicateSelection(stores);
      else if (mod && k === 'a') selectAll(stores);
      else if (mod && k === 'g' && !e.shiftKey) createModelFromSelection(stores);
      else if (!mod && (e.key === 'Delete' || e.key === 'Backspace')) deleteSelection(stores);
      else if (!mod && e.key === 'Escape') {
        stores.session.select([]);
        stores.session.setPresenting(false);
      }
      else if (!mod && !e.shiftKey && k === 'f') stores.session.requestFit();
      else handled = false;
      if (handled) e.preventDefault();
    };
    const onCopy = (e: ClipboardEvent, cut: boolean) => {
      if (isEditable(e.target) || (window.getSelection()?.toString() ?? '') !== '') return;
      const frag = selectedFragment(stores);
      if (!frag || !e.clipboardData) return;
      e.clipboardData.setData('text/plain', fragmentToText(frag));
      e.preventDefault();
      if (cut) deleteSelection(stores);
    };
    const copy = (e: ClipboardEvent) => onCopy(e, false);
    const cut = (e: ClipboardEvent) => onCopy(e, true);
    const onPaste = (e: ClipboardEvent) => {
      if (isEditable(e.target)) return;
      const frag = textToFragment(e.clipboardData?.getData('text/plain') ?? '');
      if (!frag) return;
      e.preventDefault();
      const pasted = pasteFragment(stores, frag, pastePosition());
      const left = leftOutOfPaste(frag, pasted, stores.session.getSnapshot().scope);
      if (left) onNotice({ title: pasted ? `Pasted ${pasted} of ${frag.nodes.length} nodes` : 'Nothing pasted', text: left, diagnostics: [] });
    };
    window.addEventListener('keydown', onKey);
    document.addEventListener('copy', copy);
    document.addEventListener('cut', cut);
    document.addEventListener('paste', onPaste);
    return () => {
      window.removeEventListener('keydown', onKey);
      document.removeEventListener('copy', copy);
      document.removeEventListener('cut', cut);
      document.removeEventListener('paste', onPaste);
    };
  }, [stores, pastePosition, onNotice]);
}
