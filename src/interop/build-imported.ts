// Compiles an imported model on its own (the same lower pass the training uses) and loads its
// imported weights: for checking an import, and for running a model without a training graph.
import type * as TF from '@tensorflow/tfjs';
import { registerCustomLayers } from '../../nodes/layers/custom';
import type { TFModule } from '../../nodes/spec';
import { analyzeFront } from '../compiler/analyze';
import { lowerModels } from '../compiler/lower';
import { GRAPH_FORMAT, GRAPH_VERSION, type GraphDoc } from '../graph/types';
import { issue } from '../messages';
import { Rng } from '../runtime/rng';
import { TensorloomError } from '../runtime/errors';
import { applyModelWeights } from './apply-weights';
import type { ImportedModel } from './import-model';

/** A document holding the model alone, with an empty training graph. */
export function docOfModel(m: Pick<ImportedModel, 'id' | 'graph'>): GraphDoc {
  return {
    format: GRAPH_FORMAT,
    version: GRAPH_VERSION,
    meta: { name: m.id, description: '' },
    models: { [m.id]: structuredClone(m.graph) },
    main: { nodes: [], edges: [] },
  };
}

/** The model as a tf.LayersModel; fresh weights drawn from `seed` where the import brought none. */
export function buildImportedModel(tf: TFModule, m: ImportedModel, seed = 1): TF.LayersModel {
  const doc = docOfModel(m);
  const front = analyzeFront(doc);
  const errors = front.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new TensorloomError(issue('run.invalidGraph', { count: errors.length, first: errors[0]!.message }));
  registerCustomLayers(tf);
  const rng = new Rng(seed);
  const model = lowerModels(tf, front, { seed, nextSeed: () => rng.seed() })[m.id]!;
  if (m.weights) {
    try {
      applyModelWeights(tf, model, m.id, m.weights);
    } catch (e) {
      model.dispose();
      throw e;
    }
  }
  return model;
}
