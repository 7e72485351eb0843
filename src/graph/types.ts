// The graph document: the one thing a person saves, shares and undoes.
// Plain data only; the schema in ./schema.ts checks untrusted input against these shapes.

export const GRAPH_FORMAT = 'tensorloom-graph';
export const GRAPH_VERSION = 1;

/** A param value as stored in the document; each node's spec says which kind a param holds. */
export type ParamValue = number | string | boolean | number[] | string[];
export type Params = Record<string, ParamValue>;

export interface Position {
  x: number;
  y: number;
}

export interface GraphNode {
  id: string;
  /** registry key, e.g. 'layers.conv2d' */
  type: string;
  params: Params;
  position: Position;
  label?: string;
}

export interface PortRef {
  node: string;
  port: string;
}

export interface GraphEdge {
  id: string;
  source: PortRef;
  target: PortRef;
}

export interface Graph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export interface GraphMeta {
  name: string;
  description: string;
}

export interface GraphDoc {
  format: typeof GRAPH_FORMAT;
  version: number;
  meta: GraphMeta;
  /** reusable networks (generator, discriminator, encoder, unet...), each compiled to one tf.LayersModel */
  models: Record<string, Graph>;
  /** the training graph: data, samplers, model instances, losses, optimizers, previews */
  main: Graph;
}

/** Where a graph lives inside a document: the main graph or one model subgraph. */
export type GraphScope = { kind: 'main' } | { kind: 'model'; modelId: string };
