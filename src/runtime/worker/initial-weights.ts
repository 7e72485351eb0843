// A session started afresh (not from a checkpoint) begins each imported model from the weights
// that came with it, where the page kept them (interop/weights-store.ts) and they still fit the
// model exactly; a model edited so that they no longer fit starts from fresh weights, with a
// message naming it.
import type * as TF from '@tensorflow/tfjs';
import { layerName } from '../../compiler/lower';
import type { Graph } from '../../graph/types';
import { applyModelWeights } from '../../interop/apply-weights';
import { weightLeafName, type ModelWeights, type NodeWeight } from '../../interop/model-weights';
import { decodeModelWeights } from '../../interop/weights-codec';
import { pickInitialWeights, weightsFit, type WantedWeights } from '../../interop/weights-fit';
import type { StoredWeights, WeightsStore } from '../../interop/weights-store';
import { issue, renderIssue } from '../../messages';
import type { Session } from '../session';
import { modelFingerprint } from './fingerprint';

/**
 * Each layer of a compiled model that has weights, with the id of the node that built it (else its
 * own name). `graph` is the model as built (Session.built), so a block's copied layers have nodes.
 */
function layersByNode(model: TF.LayersModel, modelId: string, graph: Graph): [node: string, layer: TF.layers.Layer][] {
  const nodeOf = new Map(graph.nodes.map((n) => [layerName(modelId, n.id), n.id]));
  return model.layers.filter((l) => l.weights.length).map((l) => [nodeOf.get(l.name) ?? l.name, l]);
}

/** The weights each node's layer of a compiled model needs. */
export function wantedWeightsOf(model: TF.LayersModel, modelId: string, graph: Graph): WantedWeights {
  return Object.fromEntries(layersByNode(model, modelId, graph).map(([node, l]) => [node, l.weights.map((w) => ({ name: weightLeafName(w.originalName), shape: w.shape }))]));
}

/** A compiled model's weights by node id, as imported and shipped weights are kept (model-weights.ts). */
export async function modelWeightsOf(model: TF.LayersModel, modelId: string, graph: Graph): Promise<ModelWeights> {
  const out: Record<string, NodeWeight[]> = {};
  for (const [node, l] of layersByNode(model, modelId, graph)) {
    out[node] = await Promise.all(l.weights.map(async (w) => ({
      name: weightLeafName(w.originalName), shape: w.shape.map(Number), values: Float32Array.from((await w.read().data()) as Float32Array),
    })));
  }
  return out;
}

/** Loads the kept weights into the session's models; returns the messages to show. */
export async function applyInitialWeights(session: Session, store: Pick<WeightsStore, 'list'>): Promise<string[]> {
  let kept: StoredWeights[];
  try {
    kept = await store.list();
  } catch (e) {
    return [renderIssue(issue('weights.storeUnreadable', { detail: e instanceof Error ? e.message : String(e) }))];
  }
  if (!kept.length) return [];
  const graphs = session.doc.models;
  const models = Object.keys(session.models).filter((id) => Object.hasOwn(graphs, id)).map((id) => ({ id, fingerprint: modelFingerprint(graphs[id]!) }));
  const notes: string[] = [];
  for (const [id, pick] of pickInitialWeights(models, kept)) {
    const decoded = decodeModelWeights(pick.kept.bytes);
    if (!decoded.ok) {
      notes.push(renderIssue(issue('weights.unreadable', { model: id, detail: decoded.detail })));
      continue;
    }
    const model = session.models[id]!;
    const misfit = weightsFit(decoded.value, wantedWeightsOf(model, id, session.built.models[id]!));
    if (misfit) {
      notes.push(renderIssue(issue('weights.noLongerFit', { model: id, detail: misfit })));
      continue;
    }
    applyModelWeights(session.tf, model, id, decoded.value);
  }
  return notes;
}
