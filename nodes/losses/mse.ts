import type * as TF from '@tensorflow/tfjs';
import { emitRuntimeCall, inputCode } from '../op-emit';
import { defineOp, type TFModule } from '../spec';
import { input, LOSS_OUT, reduceLoss, reductionParam, type Reduction } from './common';
import { inferPair, PAIR_INPUTS } from './pair';
import { py } from '../torch-emit';

/** Squared differences between a prediction and a target, reduced to a scalar. */
export function meanSquaredError(tf: TFModule, pred: TF.Tensor, target: TF.Tensor, reduction: Reduction): TF.Scalar {
  return reduceLoss(tf, tf.squaredDifference(pred, target), reduction);
}

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
    paper: { title: 'Denoising Diffusion Probabilistic Models', authors: 'Ho, Jain, Abbeel', year: 2020, url: 'https://arxiv.org/abs/2006.11239' },
  },
  params: { reduction: reductionParam },
  inputs: () => PAIR_INPUTS,
  outputs: () => [LOSS_OUT],
  inferShape: (inputs) => inferPair(inputs),
  examples: [{ inputs: { pred: [4, 3], target: [4, 3] }, outputs: { loss: [] } }, { params: { reduction: 'sumPerSample' }, inputs: { pred: [2, 4, 4, 1], target: [2, 4, 4, 1] }, outputs: { loss: [] } }],
  run: (inputs, p, { tf }) => ({ loss: meanSquaredError(tf, input(inputs, 'pred'), input(inputs, 'target'), p.reduction) }),
  torch: (p, ctx) => `tl.reduce_loss((${ctx.input('pred')} - ${ctx.input('target')}).square(), ${py(p.reduction)})`,
  emit: (p, ctx) => emitRuntimeCall(ctx, 'meanSquaredError', inputCode(ctx, 'pred'), inputCode(ctx, 'target'), p.reduction),
});
