// A compiled (possibly trained) model → tfjs's own files: model.json (modelTopology and
// weightsManifest) and weights.bin, as bytes, so that Node writes them to disk and the browser
// offers them as downloads. tf.loadLayersModel reads them back once registerCustomLayers(tf) ran.
import type * as TF from '@tensorflow/tfjs';
import type { TFModule } from '../../nodes/spec';
import type { Graph } from '../graph/types';
import { METADATA_KEY, WEIGHTS_BIN, type LayersModelFiles, type PortNames } from './files';

/** The port names of a model subgraph, in the order lower.ts gives the model its inputs and outputs. */
export function portNamesOf(graph: Graph): PortNames {
  const names = (type: string) => graph.nodes.filter((n) => n.type === type).map((n) => String(n.params['name'] ?? n.id));
  return { inputs: names('models.input'), outputs: names('models.output') };
}

function joinWeightData(tf: TFModule, data: TF.io.WeightData | undefined): Uint8Array {
  if (data === undefined) return new Uint8Array(0);
  return new Uint8Array(tf.io.CompositeArrayBuffer.join(data));
}

export async function exportLayersModel(tf: TFModule, model: TF.LayersModel, ports?: PortNames): Promise<LayersModelFiles> {
  let artifacts: TF.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!artifacts) throw new Error('internal: tfjs saved no model artifacts');
  const json: Record<string, unknown> = {
    format: artifacts.format ?? 'layers-model',
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy ?? null,
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths: [WEIGHTS_BIN], weights: artifacts.weightSpecs ?? [] }],
  };
  if (artifacts.trainingConfig) json['trainingConfig'] = artifacts.trainingConfig;
  const meta = { ...(artifacts.userDefinedMetadata ?? {}), ...(ports ? { [METADATA_KEY]: ports } : {}) };
  if (Object.keys(meta).length) json['userDefinedMetadata'] = meta;
  return { modelJson: `${JSON.stringify(json)}\n`, weightsBin: joinWeightData(tf, artifacts.weightData) };
}
