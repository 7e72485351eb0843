// Commands of the canvas's menus and shortcuts beyond ../actions.ts: "Create model" from the
// selection, and adding a node connected to a port (the edge-drop menu). One history entry each.
import { getSpec } from '../../../nodes';
import type { ParamSpec, PortKind, Shape } from '../../../nodes/spec';
import { scopeKey, type Analysis } from '../../compiler/analysis';
import { modelSignatures } from '../../graph/signatures';
import type { PortRef, Position } from '../../graph/types';
import { renderIssue, issue } from '../../messages';
import { addNode, batch, connect, createModelFromNodes, edgeIds, freshId, nodeIds } from '../../store/edits';
import { openGraph } from '../actions';
import { safeAnalyze, type Stores } from '../context';
import { fitsScope, newNode, portsOf } from '../specs';

/**
 * The selected nodes "Create model" would move: the layers and Model nodes among them (a Model node
 * moved into the new model runs inside it, its weights still shared with every other instance).
 */
export function selectedLayers(stores: Stores): string[] {
  const g = openGraph(stores);
  const { selectedNodes } = stores.session.getSnapshot();
  const chosen = new Set(selectedNodes);
  const movable = (type: string) => ['layer', 'model-call'].includes(getSpec(type)?.role ?? '');
  return (g?.nodes ?? []).filter((n) => chosen.has(n.id) && movable(n.type)).map((n) => n.id);
}

/** Why "Create model" cannot run on the current selection, or null when it can. */
export function createModelBlocker(stores: Stores): string | null {
  return selectedLayers(stores).length ? null : renderIssue(issue('editor.createModelNoLayers', {}));
}

const inputShapeDefault = (): number[] => {
  const p = getSpec('models.input')?.params as Record<string, ParamSpec> | undefined;
  const d = p?.shape?.default;
  return Array.isArray(d) ? d.map(Number) : [1];
};

/**
 * The shape a Model Input declares for a tensor of `shape`: without the batch dimension, when every
 * other size is known and it fits a Model Input (1 to 4 sizes); else the Model Input's default,
 * and the model node then reports the mismatch so the person can fix it.
 */
export function sampleShapeOf(shape: Shape | undefined): number[] {
  const sample = shape?.slice(1) ?? [];
  const known = sample.every((d): d is number => typeof d === 'number' && d > 0);
  return known && sample.length >= 1 && sample.length <= 4 ? sample : inputShapeDefault();
}

/** Moves the selected layers into a new model and selects the Model node in their place. */
export function createModelFromSelection(stores: Stores, analysis: Analysis = safeAnalyze(stores.doc.current)): string | null {
  if (createModelBlocker(stores)) return null;
  const { scope } = stores.session.getSnapshot();
  const ids = selectedLayers(stores);
  const modelId = freshId('model', new Set(Object.keys(stores.doc.current.models)));
  const shapes = analysis.shapes[scopeKey(scope)] ?? {};
  const sampleShape = (r: PortRef) => sampleShapeOf(shapes[r.node]?.[r.port]);
  const before = nodeIds(openGraph(stores) ?? { nodes: [], edges: [] });
  if (!stores.doc.apply(createModelFromNodes(scope, ids, { modelId, sampleShape }), `Create model ${modelId}`)) return null;
  const call = openGraph(stores)?.nodes.find((n) => n.type === 'models.call' && !before.has(n.id));
  stores.session.select(call ? [call.id] : []);
  return modelId;
}

/** One end of the wire being dragged: the port it starts at and which side of its node that is. */
export interface WireEnd {
  node: string;
  port: string;
  /** 'source': dragged out of an output; 'target': dragged back out of an input */
  side: 'source' | 'target';
  kind: PortKind | 'any';
}

/** Adds a node of `type` at `position` and connects `port` of it to the wire's end, as one edit. */
export function addConnectedNode(stores: Stores, type: string, port: string, from: WireEnd, position: Position): string | null {
  const spec = getSpec(type);
  const { scope } = stores.session.getSnapshot();
  const g = openGraph(stores);
  if (!spec || !g || !fitsScope(spec, scope)) return null;
  const n = newNode(spec, nodeIds(g), position, Object.keys(stores.doc.current.models));
  const id = freshId('e', edgeIds(g));
  const edge = from.side === 'source'
    ? { id, source: { node: from.node, port: from.port }, target: { node: n.id, port } }
    : { id, source: { node: n.id, port }, target: { node: from.node, port: from.port } };
  if (!stores.doc.apply(batch(addNode(scope, n), connect(scope, edge)), `Add ${spec.title}`)) return null;
  stores.session.select([n.id]);
  return n.id;
}

/** The kind of a port of a node in the open graph, read off its spec. */
export function portKind(stores: Stores, nodeId: string, port: string, side: 'source' | 'target'): PortKind | 'any' | undefined {
  const g = openGraph(stores);
  const n = g?.nodes.find((x) => x.id === nodeId);
  if (!n) return undefined;
  const ports = portsOf(n, { models: modelSignatures(stores.doc.current) });
  return (side === 'source' ? ports.outputs : ports.inputs).find((p) => p.name === port)?.kind;
}
