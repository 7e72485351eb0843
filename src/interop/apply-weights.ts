// Loads imported weights into a compiled model: each node's layer (named as lower.ts names it)
// gets its weights by name, shapes checked. All checks run before any value is set, so a mismatch
// leaves the model as it was.
import type * as TF from '@tensorflow/tfjs';
import type { TFModule } from '../../nodes/spec';
import { layerName } from '../compiler/lower';
import { issue } from '../messages';
import { TensorloomError } from '../runtime/errors';
import { weightLeafName, type ModelWeights, type NodeWeight } from './model-weights';

const sameShape = (a: readonly number[], b: readonly (number | null)[]) => a.length === b.length && a.every((d, i) => d === b[i]);

export function applyModelWeights(tf: TFModule, model: TF.LayersModel, modelId: string, weights: ModelWeights): void {
  const mismatch = (detail: string) => new TensorloomError(issue('import.weightMismatch', { model: modelId, detail }));
  const plan: { layer: TF.layers.Layer; values: NodeWeight[] }[] = [];
  const covered = new Set<TF.layers.Layer>();
  for (const [nodeId, given] of Object.entries(weights)) {
    const name = layerName(modelId, nodeId);
    const layer = model.layers.find((l) => l.name === name);
    if (!layer) throw mismatch(`there are weights for node "${nodeId}", which builds no layer of the model`);
    const values = layer.weights.map((w) => {
      const leaf = weightLeafName(w.originalName);
      const v = given.find((g) => g.name === leaf);
      if (!v) throw mismatch(`node "${nodeId}" needs a weight "${leaf}", which was not imported`);
      if (!sameShape(v.shape, w.shape)) throw mismatch(`weight "${leaf}" of node "${nodeId}" is [${v.shape.join(', ')}], the layer's is [${w.shape.join(', ')}]`);
      return v;
    });
    if (given.length !== values.length) throw mismatch(`node "${nodeId}" has ${given.length} imported weights, its layer ${values.length}`);
    plan.push({ layer, values });
    covered.add(layer);
  }
  const missed = model.layers.find((l) => l.weights.length > 0 && !covered.has(l));
  if (missed) throw mismatch(`layer "${missed.name}" has weights but none were imported for it`);
  for (const { layer, values } of plan) {
    const tensors = values.map((v) => tf.tensor(v.values, [...v.shape], 'float32'));
    layer.setWeights(tensors);
    tf.dispose(tensors);
  }
}
