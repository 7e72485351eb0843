// The identity of what a graph trains: node ids, types, params and wiring of every graph, and not
// where nodes sit, their labels or the document's name. A checkpoint is stored under it, so moving
// a node keeps the checkpoint while changing a param or a wire means "a different graph".
import type { Graph, GraphDoc, Params } from '../../graph/types';

const sortedParams = (p: Params) => Object.keys(p).sort().map((k) => [k, p[k]]);

function graphKey(g: Graph): unknown {
  return {
    nodes: g.nodes.map((n) => [n.id, n.type, sortedParams(n.params)]),
    edges: g.edges.map((e) => `${e.source.node}.${e.source.port}>${e.target.node}.${e.target.port}`),
  };
}

/** 64 bits of a string as 16 hex digits: two 32-bit multiply-xorshift lanes (not cryptographic). */
export function hash64(text: string): string {
  let a = 0x811c9dc5 ^ text.length;
  let b = 0x9e3779b9;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  a = Math.imul(a ^ (a >>> 16), 0x85ebca6b);
  a = Math.imul(a ^ (a >>> 13), 0xc2b2ae35) ^ (a >>> 16);
  b = Math.imul(b ^ (b >>> 16), 0x7feb352d);
  b = Math.imul(b ^ (b >>> 15), 0x846ca68b) ^ (b >>> 16);
  const hex = (x: number) => (x >>> 0).toString(16).padStart(8, '0');
  return hex(a) + hex(b);
}

export function trainingFingerprint(doc: GraphDoc): string {
  const models = Object.keys(doc.models).sort().map((id) => [id, graphKey(doc.models[id]!)]);
  return hash64(JSON.stringify({ models, main: graphKey(doc.main) }));
}

/** The identity of one model subgraph alone (not its id, nor where its nodes sit). */
export function modelFingerprint(g: Graph): string {
  return hash64(JSON.stringify(graphKey(g)));
}
