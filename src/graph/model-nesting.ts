// Models inside models: which models each model's graph calls, an order that puts every model
// after the models it calls (so its analysis and its tfjs model can use theirs), and the cycles
// that make such an order impossible. Pure, over the document's plain data.
import type { Graph, GraphDoc } from './types';

/** The distinct models a graph's Model nodes call, in document order (unknown ids included). */
export function modelsCalledBy(graph: Graph): string[] {
  const ids = graph.nodes.filter((n) => n.type === 'models.call' && typeof n.params.model === 'string').map((n) => n.params.model as string);
  return [...new Set(ids)];
}

export interface ModelNesting {
  /** every model of the document, each after the models it calls; models on a cycle come last, in document order */
  order: string[];
  /** each cycle once, as the models along it, starting from the first in document order: [a, b] for a → b → a */
  cycles: string[][];
}

export function modelNesting(doc: Pick<GraphDoc, 'models'>): ModelNesting {
  const ids = Object.keys(doc.models);
  const known = new Set(ids);
  const callees = new Map(ids.map((id) => [id, modelsCalledBy(doc.models[id]!).filter((m) => known.has(m))]));
  const order: string[] = [];
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const onCycle = new Set<string>();
  const path: string[] = [];
  const visit = (id: string) => {
    state.set(id, 'open');
    path.push(id);
    for (const c of callees.get(id)!) {
      if (state.get(c) === 'open') {
        const cycle = path.slice(path.indexOf(c));
        cycles.push(cycle);
        for (const m of cycle) onCycle.add(m);
      } else if (!state.has(c)) visit(c);
    }
    path.pop();
    state.set(id, 'done');
    order.push(id);
  };
  for (const id of ids) if (!state.has(id)) visit(id);
  // a model that calls (through any chain) a model on a cycle cannot be ordered either
  const blocked = (id: string, seen = new Set<string>()): boolean =>
    onCycle.has(id) || (!seen.has(id) && (seen.add(id), callees.get(id)!.some((c) => blocked(c, seen))));
  const clear = order.filter((id) => !blocked(id));
  const rest = ids.filter((id) => blocked(id));
  return { order: [...clear, ...rest], cycles };
}

/** The models `id` runs inside itself, through any depth of nesting (itself only if on a cycle). */
export function modelsInside(doc: Pick<GraphDoc, 'models'>, id: string): Set<string> {
  const out = new Set<string>();
  const walk = (m: string) => {
    const g = doc.models[m];
    if (!g || !Object.hasOwn(doc.models, m)) return;
    for (const c of modelsCalledBy(g)) {
      if (out.has(c) || !Object.hasOwn(doc.models, c)) continue;
      out.add(c);
      walk(c);
    }
  };
  walk(id);
  return out;
}

/** The given models and every model they run inside themselves. */
export function withModelsInside(doc: Pick<GraphDoc, 'models'>, ids: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const id of ids) {
    out.add(id);
    for (const m of modelsInside(doc, id)) out.add(m);
  }
  return out;
}
