import { defineOp } from '../spec';
import { input, LOSS_OUT, reduce, reductionParam } from './common';
import { inferPair, PAIR_INPUTS } from './pair';

export default defineOp({
  role: 'loss',
  type: 'losses.mse',
  category: 'losses',
  version: 1,
  title: 'MSE',
  aliases: ['mean squared error', 'l2 loss', 'squared error', 'reconstruction', 'diffusion loss'],
  docs: {
    summary: 'Mean of the squared differences between a prediction and a target.',
    intuition:
      'Squaring the error punishes big mistakes much more than small ones, and its minimiser is the average ' +
      'of the targets. It is the loss of a diffusion model (the U-Net predicts the noise that was added, and ' +
      'MSE compares it with the true noise) and the reconstruction loss of a Gaussian autoencoder. With ' +
      '"sumPerSample" each image\'s squared errors are added up before averaging over the batch.',
  },
  params: { reduction: reductionParam },
  inputs: () => PAIR_INPUTS,
  outputs: () => [LOSS_OUT],
  inferShape: (inputs) => inferPair(inputs),
  run(inputs, p, { tf }) {
    const perElement = tf.squaredDifference(input(inputs, 'pred'), input(inputs, 'target'));
    return { loss: reduce(tf, perElement, p.reduction) };
  },
});
