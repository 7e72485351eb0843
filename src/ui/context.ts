// React access to the stores: one context holding both, and hooks that subscribe to each.
import { createContext, useContext, useMemo, useSyncExternalStore } from 'react';
import { analyze } from '../compiler/analyze';
import type { Analysis } from '../compiler/analysis';
import { diagnostic } from '../compiler/diagnostics';
import type { GraphDoc } from '../graph/types';
import { issue } from '../messages';
import type { DocSnapshot, DocStore } from '../store/docStore';
import type { RecentDocs } from '../store/recent';
import type { SessionState, SessionStore } from '../store/session';

export interface Stores {
  doc: DocStore;
  session: SessionStore;
  /** absent where the browser stores nothing */
  recent?: RecentDocs;
}

export const StoresContext = createContext<Stores | null>(null);

export function useStores(): Stores {
  const s = useContext(StoresContext);
  if (!s) throw new Error('internal: useStores outside <StoresContext.Provider>');
  return s;
}

export function useDocSnapshot(): DocSnapshot {
  const { doc } = useStores();
  return useSyncExternalStore(doc.subscribe, doc.getSnapshot);
}

export const useDoc = (): GraphDoc => useDocSnapshot().doc;

export function useSession(): SessionState {
  const { session } = useStores();
  return useSyncExternalStore(session.subscribe, session.getSnapshot);
}

/** analyze(), but a bug in a pass shows as a problem instead of a blank editor. */
export function safeAnalyze(doc: GraphDoc): Analysis {
  try {
    return analyze(doc);
  } catch (e) {
    const d = diagnostic(issue('internal.analyze', { detail: e instanceof Error ? e.message : String(e) }), { scope: { kind: 'main' } });
    return { diagnostics: [d], shapes: {}, signatures: {} };
  }
}

export const AnalysisContext = createContext<Analysis>({ diagnostics: [], shapes: {}, signatures: {} });

export const useAnalysis = (): Analysis => useContext(AnalysisContext);

/** The live analysis of the committed document (a drag in progress does not rerun it). */
export function useLiveAnalysis(): Analysis {
  const { committed } = useDocSnapshot();
  return useMemo(() => safeAnalyze(committed), [committed]);
}
