import { defineOp } from '../spec';
import { input, LOSS_OUT, reduce, reductionParam } from './common';
import { inferPair, PAIR_INPUTS } from './pair';

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
  },
  params: { reduction: reductionParam },
  inputs: () => PAIR_INPUTS,
  outputs: () => [LOSS_OUT],
  inferShape: (inputs) => inferPair(inputs),
  run(inputs, p, { tf }) {
    const perElement = tf.abs(tf.sub(input(inputs, 'pred'), input(inputs, 'target')));
    return { loss: reduce(tf, perElement, p.reduction) };
  },
});
