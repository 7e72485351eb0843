// The code of the document, kept up to date: a quiet moment after each edit (debounced) the
// export worker writes it again; while the graph has errors the last good code stays, with a
// notice saying why. Another document opened starts afresh: no code of the last one is shown, nor
// an export of it that was still running.
import { useEffect, useReducer, useRef } from 'react';
import type { Analysis } from '../../compiler/analysis';
import type { GraphDoc } from '../../graph/types';
import { codeReducer, exportKey, initialCodeState, type CodeState } from './codeState';
import { CodeExporter } from './exportClient';

/** `opened` counts the documents opened (SessionState.document): a new count is another document. */
export function useExportedCode(doc: GraphDoc, analysis: Analysis, opened: number, delayMs = 300): CodeState {
  const [state, dispatch] = useReducer(codeReducer, initialCodeState);
  const exporter = useRef<CodeExporter | null>(null);
  const latest = useRef(analysis);
  useEffect(() => {
    latest.current = analysis;
  }, [analysis]);
  // the key of the document whose code is shown, and of the one last sent to the worker
  const keys = useRef({ shown: '', sent: '' });
  // the versions sent since this document was opened: a result for any other is dropped
  const sentHere = useRef(new WeakSet<GraphDoc>());
  const openedNow = useRef(opened);
  if (openedNow.current !== opened) {
    openedNow.current = opened;
    keys.current = { shown: '', sent: '' };
    sentHere.current = new WeakSet();
  }
  useEffect(() => dispatch({ type: 'opened' }), [opened]);

  useEffect(() => {
    return () => {
      exporter.current?.dispose();
      exporter.current = null;
    };
  }, []);

  useEffect(() => {
    if (analysis.diagnostics.some((d) => d.severity === 'error')) {
      keys.current.sent = '';
      dispatch({ type: 'errors', analysis });
      return;
    }
    const key = exportKey(doc);
    if (key === keys.current.shown) {
      dispatch({ type: 'current' });
      return;
    }
    if (key === keys.current.sent) return;
    // the first export runs at once; later ones wait for a quiet moment
    const wait = keys.current.shown === '' && keys.current.sent === '' ? 0 : delayMs;
    const timer = setTimeout(() => {
      keys.current.sent = key;
      exporter.current ??= new CodeExporter((result, exported) => {
        if (!sentHere.current.has(exported)) return;
        if (result.ok) keys.current.shown = exportKey(exported);
        dispatch({ type: 'exported', result, analysis: latest.current });
      });
      sentHere.current.add(doc);
      exporter.current.request(doc);
    }, wait);
    return () => clearTimeout(timer);
  }, [doc, analysis, delayMs]);

  return state;
}
