import type * as TF from '@tensorflow/tfjs';
import { emitRuntimeCall, inputCode } from '../op-emit';
import { defineOp, type TFModule } from '../spec';
import { input, LOSS_OUT, reduceLoss, reductionParam, type Reduction } from './common';
import { inferPair, PAIR_INPUTS } from './pair';
import { py } from '../torch-emit';

/** Absolute differences between a prediction and a target, reduced to a scalar. */
export function meanAbsoluteError(tf: TFModule, pred: TF.Tensor, target: TF.Tensor, reduction: Reduction): TF.Scalar {
  return reduceLoss(tf, tf.abs(tf.sub(pred, target)), reduction);
}

export default defineOp({
  role: 'loss',
  type: 'losses.mae',
  category: 'losses',
  version: 1,
  title: 'MAE',
  aliases: ['mean absolute error', 'l1 loss', 'absolute error'],
  docs: {
    summary: 'Mean of the absolute differences between a prediction and a target.',
    intuition:
      'The absolute error grows linearly, so a few large mistakes weigh less than under MSE: it is more robust ' +
      'to outliers, and its minimiser is the median of the targets. Image-to-image models often use it because ' +
      'it blurs less than MSE.',
    paper: { title: 'Image-to-Image Translation with Conditional Adversarial Networks', authors: 'Isola, Zhu, Zhou, Efros', year: 2016, url: 'https://arxiv.org/abs/1611.07004' },
  },
  params: { reduction: reductionParam },
  inputs: () => PAIR_INPUTS,
  outputs: () => [LOSS_OUT],
  inferShape: (inputs) => inferPair(inputs),
  examples: [{ inputs: { pred: [4, 3], target: [4, 3] }, outputs: { loss: [] } }],
  run: (inputs, p, { tf }) => ({ loss: meanAbsoluteError(tf, input(inputs, 'pred'), input(inputs, 'target'), p.reduction) }),
  torch: (p, ctx) => `tl.reduce_loss((${ctx.input('pred')} - ${ctx.input('target')}).abs(), ${py(p.reduction)})`,
  emit: (p, ctx) => emitRuntimeCall(ctx, 'meanAbsoluteError', inputCode(ctx, 'pred'), inputCode(ctx, 'target'), p.reduction),
});
