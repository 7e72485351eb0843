// lower: the first pass that touches tfjs. Builds one tf.LayersModel per model subgraph with the
// functional API, in the order the front passes worked out.
import type * as TF from '@tensorflow/tfjs';
import type { LayerNodeSpec, TFModule } from '../../nodes/spec';
import type { GraphDoc } from '../graph/types';
import { installFastPaths } from '../runtime/fast-paths';
import { hashString } from '../runtime/rng';
import type { Front } from './analyze';
import { feeder, type GraphIndex } from './graph-index';
import { layerName, modelName } from './names';

export interface LowerOptions {
  /** training seed: weight initialisers derive theirs from it and the node id */
  seed: number;
  /** fresh seeds at call time (dropout masks), from the training's random stream */
  nextSeed: () => number;
}

export { layerName } from './names';

function buildModel(tf: TFModule, modelId: string, ix: GraphIndex, order: string[], opts: LowerOptions): TF.LayersModel {
  const made = new Map<string, TF.SymbolicTensor>();
  const inputOf = (nodeId: string, port: string): TF.SymbolicTensor => {
    const e = feeder(ix, nodeId, port);
    const t = e && made.get(e.source.node);
    if (!t) throw new Error(`internal: ${modelId}.${nodeId}.${port} has no input (the graph should not have passed validation)`);
    return t;
  };
  // inputs and outputs in document order, as modelSignature lists them
  const inputs = ix.graph.nodes
    .filter((nd) => nd.type === 'models.input' && ix.nodes.has(nd.id))
    .map((nd) => {
      const params = ix.nodes.get(nd.id)!.params;
      const t = tf.input({ shape: params.shape as number[], dtype: params.dtype as 'float32' | 'int32', name: layerName(modelId, nd.id) });
      made.set(nd.id, t);
      return t;
    });
  for (const id of order) {
    const n = ix.nodes.get(id)!;
    if (n.spec.role !== 'layer') continue;
    const spec = n.spec as LayerNodeSpec;
    const layer = spec.build(tf, n.params, {
      name: layerName(modelId, id),
      seed: hashString(`${opts.seed}/${modelId}/${id}`),
      nextSeed: opts.nextSeed,
    });
    const args = n.inputs.map((p) => inputOf(id, p.name));
    made.set(id, layer.apply(args.length === 1 ? args[0]! : args) as TF.SymbolicTensor);
  }
  const outputs = ix.graph.nodes.filter((nd) => nd.type === 'models.output' && ix.nodes.has(nd.id)).map((nd) => inputOf(nd.id, 'in'));
  return tf.model({ inputs, outputs, name: modelName(modelId) });
}

export function lowerModels(tf: TFModule, doc: GraphDoc, front: Front, opts: LowerOptions): Record<string, TF.LayersModel> {
  installFastPaths(tf);
  const models: Record<string, TF.LayersModel> = {};
  for (const id of Object.keys(doc.models)) {
    const ix = front.models[id]!;
    models[id] = buildModel(tf, id, ix, front.orderings.get(ix)!.order, opts);
  }
  return models;
}
