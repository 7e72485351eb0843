// What the pure passes tell about a document: everything the editor shows live on every edit.
import type { ModelSignature, Shape } from '../../nodes/spec';
import type { GraphScope } from '../graph/types';
import type { Diagnostic } from './diagnostics';

/** Output shapes of one graph: node id → output port → shape (absent where unknown). */
export type GraphShapes = Record<string, Record<string, Shape>>;

export interface Analysis {
  /** every problem, errors first */
  diagnostics: Diagnostic[];
  /** output shapes per graph, keyed by scopeKey(scope) */
  shapes: Record<string, GraphShapes>;
  /** each model's ports, with inferred output shapes */
  signatures: Record<string, ModelSignature>;
}

/** 'main' for the training graph, 'model:<id>' for a model subgraph. */
export function scopeKey(scope: GraphScope): string {
  return scope.kind === 'main' ? 'main' : `model:${scope.modelId}`;
}
