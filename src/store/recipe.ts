// What an edit is: an immer recipe on a draft of the document (the document store runs it through
// produceWithPatches, so every edit is undoable); how a recipe finds the graph of a scope; how
// several edits become one.
import type { Draft } from 'immer';
import type { Graph, GraphDoc, GraphScope } from '../graph/types';

export type Edit = (draft: Draft<GraphDoc>) => void;

export function graphIn<G extends Graph | Draft<Graph>>(doc: { main: G; models: Record<string, G> }, scope: GraphScope): G | undefined {
  return scope.kind === 'main' ? doc.main : doc.models[scope.modelId];
}

/** Runs several edits as one (one history entry). */
export function batch(...edits: Edit[]): Edit {
  return (d) => {
    for (const e of edits) e(d);
  };
}
