// lower: the first pass that touches tfjs. Builds one tf.LayersModel per model subgraph with the
// functional API, in the order the front passes worked out; a model inside a model is that
// model's own tf.LayersModel applied as a layer (tfjs nested models), so its weights are one set.
import type * as TF from '@tensorflow/tfjs';
import type { LayerNodeSpec, TFModule } from '../../nodes/spec';
import type { GraphDoc } from '../graph/types';
import { installFastPaths } from '../runtime/fast-paths';
import { hashString } from '../runtime/rng';
import type { Front } from './analyze';
import { modelNesting } from '../graph/model-nesting';
import { feeder, portKey, type GraphIndex } from './graph-index';
import { layerName, modelName } from './names';

export interface LowerOptions {
  /** training seed: weight initialisers derive theirs from it and the node id */
  seed: number;
  /** fresh seeds at call time (dropout masks), from the training's random stream */
  nextSeed: () => number;
}

export { layerName } from './names';

function buildModel(
  tf: TFModule,
  modelId: string,
  ix: GraphIndex,
  order: string[],
  built: Readonly<Record<string, TF.LayersModel>>,
  opts: LowerOptions,
): TF.LayersModel {
  // one symbolic tensor per output port
  const made = new Map<string, TF.SymbolicTensor>();
  const inputOf = (nodeId: string, port: string): TF.SymbolicTensor => {
    const e = feeder(ix, nodeId, port);
    const t = e && made.get(portKey(e.source.node, e.source.port));
    if (!t) throw new Error(`internal: ${modelId}.${nodeId}.${port} has no input (the graph should not have passed validation)`);
    return t;
  };
  // inputs and outputs in document order, as modelSignature lists them
  const inputs = ix.graph.nodes
    .filter((nd) => nd.type === 'models.input' && ix.nodes.has(nd.id))
    .map((nd) => {
      const params = ix.nodes.get(nd.id)!.params;
      const t = tf.input({ shape: params.shape as number[], dtype: params.dtype as 'float32' | 'int32', name: layerName(modelId, nd.id) });
      made.set(portKey(nd.id, 'out'), t);
      return t;
    });
  for (const id of order) {
    const n = ix.nodes.get(id)!;
    const args = n.inputs.map((p) => inputOf(id, p.name));
    const arg = args.length === 1 ? args[0]! : args;
    if (n.spec.role === 'model-call') {
      // a model inside a model: the one tf.LayersModel of that model, so every instance shares its weights
      const inner = built[String(n.params.model)];
      if (!inner) throw new Error(`internal: ${modelId}.${id} runs a model not built before it`);
      const result = inner.apply(arg) as TF.SymbolicTensor | TF.SymbolicTensor[];
      const list = Array.isArray(result) ? result : [result];
      n.outputs.forEach((p, i) => made.set(portKey(id, p.name), list[i]!));
      continue;
    }
    if (n.spec.role !== 'layer') continue;
    const spec = n.spec as LayerNodeSpec;
    const layer = spec.build(tf, n.params, {
      name: layerName(modelId, id),
      seed: hashString(`${opts.seed}/${modelId}/${id}`),
      nextSeed: opts.nextSeed,
    });
    made.set(portKey(id, 'out'), layer.apply(arg) as TF.SymbolicTensor);
  }
  const outputs = ix.graph.nodes.filter((nd) => nd.type === 'models.output' && ix.nodes.has(nd.id)).map((nd) => inputOf(nd.id, 'in'));
  return tf.model({ inputs, outputs, name: modelName(modelId) });
}

/** One tf.LayersModel per model, each built after the models it runs inside itself (and holding those). */
export function lowerModels(tf: TFModule, front: Front, opts: LowerOptions): Record<string, TF.LayersModel> {
  installFastPaths(tf);
  const built: Record<string, TF.LayersModel> = {};
  // the analysed document: own-weights blocks are plain layers of the models holding them there
  for (const id of modelNesting(front.doc).order) {
    if (front.copiedOnly.has(id)) continue;
    const ix = front.models[id]!;
    built[id] = buildModel(tf, id, ix, front.orderings.get(ix)!.order, built, opts);
  }
  // in document order, as before models could nest
  return Object.fromEntries(Object.keys(front.doc.models).filter((id) => built[id]).map((id) => [id, built[id]!]));
}

/**
 * Frees the models' weights, outermost first. tfjs counts a model's uses inside other models and
 * frees an inner model with the last model holding it, so one already freed that way is skipped.
 */
export function disposeModels(doc: Pick<GraphDoc, 'models'>, models: Readonly<Record<string, TF.LayersModel>>): void {
  for (const id of modelNesting(doc).order.reverse()) {
    const m = Object.hasOwn(models, id) ? models[id] : undefined;
    try {
      m?.dispose();
    } catch (err) {
      if (!(err instanceof Error && /already disposed/.test(err.message))) throw err;
    }
  }
}
