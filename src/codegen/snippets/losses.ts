// The losses of the exported program, as small named functions doing the tensor work of the loss
// nodes (nodes/losses/*.ts) op for op, so that losses and gradients match the app's exactly.
import { snippet } from '../snippet';

export const reduceLoss = snippet(
  'reduceLoss',
  'losses',
  `
/** "mean": the mean of every value. "sumPerSample": each sample's values summed, then averaged. */
type Reduction = 'mean' | 'sumPerSample';

function reduceLoss(perElement: tf.Tensor, reduction: Reduction): tf.Scalar {
  if (reduction === 'mean' || perElement.rank <= 1) return tf.mean(perElement);
  const sampleAxes = Array.from({ length: perElement.rank - 1 }, (_, i) => i + 1);
  return tf.mean(tf.sum(perElement, sampleAxes));
}
`,
  [],
  ['Reduction'],
);

export const bceWithLogits = snippet(
  'bceWithLogits',
  'losses',
  `
/**
 * Binary cross-entropy between sigmoid(logits) and targets in [0, 1], computed from the logits as
 * max(x, 0) − x·z + log(1 + e^−|x|), which stays exact where the sigmoid would round to 0 or 1.
 */
function bceWithLogits(logits: tf.Tensor, targets: tf.Tensor | number, reduction: Reduction): tf.Scalar {
  const x = logits;
  const perElement = tf.add(tf.sub(tf.relu(x), tf.mul(x, targets)), tf.log1p(tf.exp(tf.neg(tf.abs(x)))));
  return reduceLoss(perElement, reduction);
}
`,
  [reduceLoss],
);

export const smoothTarget = snippet(
  'smoothTarget',
  'losses',
  `
/** Label smoothing of a constant target: z·(1 − s) + s/2 (s = 0.2 turns 1 into 0.9). */
function smoothTarget(z: number, s: number): number {
  return z * (1 - s) + s / 2;
}
`,
);

export const smoothTargets = snippet(
  'smoothTargets',
  'losses',
  `
/** Label smoothing of target tensors: z·(1 − s) + s/2. */
function smoothTargets(z: tf.Tensor, s: number): tf.Tensor {
  return tf.add(tf.mul(z, 1 - s), s / 2);
}
`,
);

export const meanSquaredError = snippet(
  'meanSquaredError',
  'losses',
  `
/** Squared differences between a prediction and a target, reduced to a scalar. */
function meanSquaredError(pred: tf.Tensor, target: tf.Tensor, reduction: Reduction): tf.Scalar {
  return reduceLoss(tf.squaredDifference(pred, target), reduction);
}
`,
  [reduceLoss],
);

export const meanAbsoluteError = snippet(
  'meanAbsoluteError',
  'losses',
  `
/** Absolute differences between a prediction and a target, reduced to a scalar. */
function meanAbsoluteError(pred: tf.Tensor, target: tf.Tensor, reduction: Reduction): tf.Scalar {
  return reduceLoss(tf.abs(tf.sub(pred, target)), reduction);
}
`,
  [reduceLoss],
);

export const klToNormal = snippet(
  'klToNormal',
  'losses',
  `
/**
 * KL(N(mu, exp(logvar)) ‖ N(0, 1)) = −½ Σ (1 + logvar − mu² − exp(logvar)), summed over each
 * sample's latent dimensions, averaged over the batch.
 */
function klToNormal(mu: tf.Tensor, logvar: tf.Tensor): tf.Scalar {
  const perElement = tf.mul(-0.5, tf.sub(tf.sub(tf.add(1, logvar), tf.square(mu)), tf.exp(logvar)));
  return reduceLoss(perElement, 'sumPerSample');
}
`,
  [reduceLoss],
);

export const hingeLoss = snippet(
  'hingeLoss',
  'losses',
  `
/**
 * The hinge GAN loss (Lim & Ye 2017): "real" is mean(relu(1 − D(x))), "fake" mean(relu(1 + D(G(z)))),
 * "generator" −mean(D(G(z))).
 */
function hingeLoss(scores: tf.Tensor, mode: 'real' | 'fake' | 'generator'): tf.Scalar {
  switch (mode) {
    case 'real':
      return tf.mean(tf.relu(tf.sub(1, scores)));
    case 'fake':
      return tf.mean(tf.relu(tf.add(1, scores)));
    case 'generator':
      return tf.neg(tf.mean<tf.Scalar>(scores));
  }
}
`,
);

export const wassersteinLoss = snippet(
  'wassersteinLoss',
  'losses',
  `
/** The WGAN loss: "real" −mean(critic) raises the scores, "fake" +mean(critic) lowers them. */
function wassersteinLoss(critic: tf.Tensor, sign: 'real' | 'fake'): tf.Scalar {
  const m = tf.mean<tf.Scalar>(critic);
  return sign === 'real' ? tf.neg(m) : m;
}
`,
);

export const featureMatching = snippet(
  'featureMatching',
  'losses',
  `
/** Mean squared distance between features: paired sample by sample, or between the two batch means. */
function featureMatching(a: tf.Tensor, b: tf.Tensor, match: 'perSample' | 'batchMean'): tf.Scalar {
  if (match === 'perSample') return tf.mean(tf.squaredDifference(a, b));
  return tf.mean(tf.squaredDifference(tf.mean(a, 0), tf.mean(b, 0)));
}
`,
);
