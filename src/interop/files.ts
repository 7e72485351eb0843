// The files of a tfjs layers model, as Tensorloom writes and reads them.

/** model.json and its one weights shard, as bytes, for Node (files) and the browser (downloads). */
export interface LayersModelFiles {
  /** model.json: modelTopology + weightsManifest (+ Tensorloom's port names) */
  modelJson: string;
  /** weights.bin: every weight, float32 little-endian, in the manifest's order */
  weightsBin: Uint8Array;
}

export const MODEL_JSON = 'model.json';
export const WEIGHTS_BIN = 'weights.bin';

/**
 * The port names of a Tensorloom model (the `name` params of its Model Input and Model Output
 * nodes, in document order). Keras has no place for them, so they travel in model.json's
 * `userDefinedMetadata` under METADATA_KEY, and an import gives the ports their names back.
 */
export interface PortNames {
  inputs: string[];
  outputs: string[];
}

export const METADATA_KEY = 'tensorloom';

/** Weight files given to an import, by their path in the manifest (or file name). */
export type WeightFiles = Readonly<Record<string, Uint8Array>>;
