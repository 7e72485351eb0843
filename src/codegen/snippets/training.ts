// Helpers of the training section of the exported program.
import { snippet } from '../snippet';

export const trainableVariables = snippet(
  'trainableVariables',
  'training',
  `
/** The weights an optimizer may change: the trainable weights of its own models, no others. */
function trainableVariables(...models: tf.LayersModel[]): tf.Variable[] {
  return models.flatMap((model) => model.trainableWeights.map((w) => w.read() as tf.Variable));
}
`,
);

export const decoupledWeightDecay = snippet(
  'decoupledWeightDecay',
  'training',
  `
/** AdamW's decoupled weight decay, after the Adam step: every weight shrinks by lr · decay of itself. */
function decoupledWeightDecay(variables: tf.Variable[], learningRate: number, weightDecay: number): void {
  const keep = 1 - learningRate * weightDecay;
  if (keep === 1) return;
  tf.tidy(() => {
    for (const v of variables) v.assign(tf.mul(v, keep));
  });
}
`,
);
