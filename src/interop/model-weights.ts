// Weights that come with an imported model, kept beside the document rather than in it (the
// document stays small, diff-friendly JSON; checkpoints likewise keep trained weights apart).
// Keyed by node id, so they survive renaming the model; each weight by its name inside its layer
// ("kernel", "bias", "gamma", "moving_mean"...), as tfjs names the weights of the layer a node builds.

export interface NodeWeight {
  /** the weight's name inside its layer, e.g. "kernel" */
  name: string;
  shape: readonly number[];
  values: Float32Array;
}

/** Node id → the weights of the layer that node builds. */
export type ModelWeights = Readonly<Record<string, readonly NodeWeight[]>>;

/** The weight's own name from a full tfjs/Keras name: "gen__h1/kernel" or "dense/kernel:0" → "kernel". */
export const weightLeafName = (full: string) => (full.split('/').pop() ?? full).replace(/:\d+$/, '');
