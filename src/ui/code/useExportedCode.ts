// The code of the document, kept up to date: a quiet moment after each edit (debounced) the
// export worker writes it again; while the graph has errors the last good code stays, with a
// notice saying why.
import { useEffect, useReducer, useRef } from 'react';
import type { Analysis } from '../../compiler/analysis';
import type { GraphDoc } from '../../graph/types';
import { codeReducer, exportKey, initialCodeState, type CodeState } from './codeState';
import { CodeExporter } from './exportClient';

export function useExportedCode(doc: GraphDoc, analysis: Analysis, delayMs = 300): CodeState {
  const [state, dispatch] = useReducer(codeReducer, initialCodeState);
  const exporter = useRef<CodeExporter | null>(null);
  const latest = useRef(analysis);
  useEffect(() => {
    latest.current = analysis;
  }, [analysis]);
  // the key of the document whose code is shown, and of the one last sent to the worker
  const keys = useRef({ shown: '', sent: '' });

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
        if (result.ok) keys.current.shown = exportKey(exported);
        dispatch({ type: 'exported', result, analysis: latest.current });
      });
      exporter.current.request(doc);
    }, wait);
    return () => clearTimeout(timer);
  }, [doc, analysis, delayMs]);

  return state;
}
