// The ports of every model of a document, read off its Model Input / Model Output nodes.
// Input shapes come from the declared params; output shapes are filled in by shape inference.
import type { ModelSignature, Shape } from '../../nodes/spec';
import type { Graph, GraphDoc } from './types';

const str = (v: unknown, fallback: string) => (typeof v === 'string' && v ? v : fallback);
const dims = (v: unknown): number[] => (Array.isArray(v) ? v.filter((d): d is number => typeof d === 'number') : []);

export function modelSignature(graph: Graph, outputShapes?: Record<string, Shape | undefined>): ModelSignature {
  return {
    inputs: graph.nodes
      .filter((n) => n.type === 'models.input')
      .map((n) => ({ name: str(n.params.name, n.id), shape: [null, ...dims(n.params.shape)], dtype: n.params.dtype === 'int32' ? ('int32' as const) : ('float32' as const) })),
    outputs: graph.nodes
      .filter((n) => n.type === 'models.output')
      .map((n) => ({ name: str(n.params.name, n.id), shape: outputShapes?.[n.id] })),
  };
}

/**
 * Signatures of all models, without output shapes: enough to know every model node's ports.
 * Without a prototype, so that a node naming a model "constructor" or "toString" that the document
 * lacks finds nothing rather than what every object inherits.
 */
export function modelSignatures(doc: Pick<GraphDoc, 'models'>): Record<string, ModelSignature> {
  const out: Record<string, ModelSignature> = Object.create(null);
  for (const [id, g] of Object.entries(doc.models)) out[id] = modelSignature(g);
  return out;
}
