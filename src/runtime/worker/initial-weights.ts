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

/** The weights each node's layer of a compiled model needs (a layer no node names goes by its own name). */
export function wantedWeightsOf(model: TF.LayersModel, modelId: string, graph: Graph): WantedWeights {
  const nodeOf = new Map(graph.nodes.map((n) => [layerName(modelId, n.id), n.id]));
  const out: Record<string, { name: string; shape: (number | null)[] }[]> = {};
  for (const l of model.layers) {
    if (l.weights.length) out[nodeOf.get(l.name) ?? l.name] = l.weights.map((w) => ({ name: weightLeafName(w.originalName), shape: w.shape }));
  }
  return out;
}

/** A compiled model's weights by node id, as imported and shipped weights are kept (model-weights.ts). */
export function modelWeightsOf(model: TF.LayersModel, modelId: string, graph: Graph): ModelWeights {
  const nodeOf = new Map(graph.nodes.map((n) => [layerName(modelId, n.id), n.id]));
  const out: Record<string, NodeWeight[]> = {};
  for (const l of model.layers) {
    if (!l.weights.length) continue;
    out[nodeOf.get(l.name) ?? l.name] = l.weights.map((w) => ({
      name: weightLeafName(w.originalName), shape: w.shape.map(Number), values: Float32Array.from(w.read().dataSync() as Float32Array),
    }));
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
    const misfit = weightsFit(decoded.value, wantedWeightsOf(model, id, graphs[id]!));
    if (misfit) {
      notes.push(renderIssue(issue('weights.noLongerFit', { model: id, detail: misfit })));
      continue;
    }
    applyModelWeights(session.tf, model, id, decoded.value);
  }
  return notes;
}
