// Small documents for the store's tests (plain data; node types need not be registered here), and
// a seeded random stream for its randomised ones.
import { GRAPH_FORMAT, GRAPH_VERSION, type GraphDoc, type GraphNode } from '../graph/types';

export const node = (id: string, type: string, x = 0, y = 0, params: GraphNode['params'] = {}): GraphNode => ({
  id,
  type,
  params,
  position: { x, y },
});

export function sampleDoc(): GraphDoc {
  return {
    format: GRAPH_FORMAT,
    version: GRAPH_VERSION,
    meta: { name: 'sample', description: 'a tiny document for tests' },
    models: {
      mlp: {
        nodes: [
          node('input1', 'models.input', 0, 0, { name: 'x', shape: [784] }),
          node('dense1', 'layers.dense', 200, 0, { units: 64 }),
          node('output1', 'models.output', 400, 0, { name: 'y' }),
        ],
        edges: [
          { id: 'e1', source: { node: 'input1', port: 'out' }, target: { node: 'dense1', port: 'in' } },
          { id: 'e2', source: { node: 'dense1', port: 'out' }, target: { node: 'output1', port: 'in' } },
        ],
      },
    },
    main: {
      nodes: [node('call1', 'models.call', 0, 0, { model: 'mlp' })],
      edges: [],
    },
  };
}

export interface Random {
  /** uniform in [0, 1) */
  next(): number;
  /** an integer in [0, n) */
  int(n: number): number;
}

/** A seeded stream (mulberry32) for randomised tests: the same seed gives the same edits. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n) => Math.floor(next() * n) };
}
