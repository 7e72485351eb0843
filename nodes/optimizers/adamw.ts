import { fastPaths } from '../fast-paths';
import { defineOptimizer, fixedPorts } from '../spec';
import type * as TF from '@tensorflow/tfjs';
import { emitRuntimeCall } from '../op-emit';
import { code } from '../layers/emit';
import type { TFModule } from '../spec';
import { adamParams, commonParams, emitAdam, inferLoss, LOSS_IN, tfjsAdam } from './common';
import { py, pyCall, pyCode } from '../torch-emit';

/**
 * AdamW's decoupled weight decay, after the Adam step: every weight shrinks by lr·decay of
 * itself, v ← v − lr·wd·v (PyTorch shrinks before the step; the two differ by O(lr²)).
 */
export function decoupledWeightDecay(tf: TFModule, variables: readonly TF.Variable[], learningRate: number, weightDecay: number): void {
  const keep = 1 - learningRate * weightDecay;
  if (keep === 1) return;
  tf.tidy(() => {
    for (const v of variables) v.assign(tf.mul(v, keep));
  });
}

export default defineOptimizer({
  role: 'optimizer',
  type: 'optimizers.adamw',
  category: 'optimizers',
  version: 1,
  title: 'AdamW',
  aliases: ['adam weight decay', 'decoupled weight decay', 'optimizer'],
  docs: {
    summary: 'Adam with decoupled weight decay: after each Adam step, every weight shrinks by lr·weightDecay of itself.',
    intuition:
      'Weight decay pulls weights towards zero so the model prefers simple solutions. Adding it to the loss (L2) ' +
      'does not work well with Adam, because Adam rescales that pull per weight along with the gradient. AdamW ' +
      'applies the decay separately, shrinking every weight by the same fraction each step, which regularises ' +
      'as intended and generalises better. tfjs has no AdamW, so here Adam takes its step and the shrink follows; ' +
      'it applies to every weight of the chosen models, biases included.',
    paper: { title: 'Decoupled Weight Decay Regularization', authors: 'Loshchilov, Hutter', year: 2017, url: 'https://arxiv.org/abs/1711.05101' },
  },
  params: {
    ...adamParams,
    weightDecay: { kind: 'float', default: 0.01, min: 0, max: 1, step: 0.001, doc: 'Fraction (times the learning rate) by which every weight shrinks each step.' },
    ...commonParams,
  },
  inputs: fixedPorts(LOSS_IN),
  outputs: () => [],
  inferShape: (inputs) => inferLoss(inputs),
  create: (tf, p) => (fastPaths.adam ?? tfjsAdam)(tf, p.learningRate, p.beta1, p.beta2, p.epsilon),
  afterUpdate: (tf, variables, p) => decoupledWeightDecay(tf, variables, p.learningRate, p.weightDecay),
  emitCreate: emitAdam,
  // Adam, then the decay after the step as here (torch.optim.AdamW decays before it)
  torchCreate: (p, parameters) => pyCall('tl.AdamThenDecay', [parameters], {
    lr: p.learningRate, betas: pyCode(`(${py(p.beta1)}, ${py(p.beta2)})`), eps: p.epsilon, weight_decay: p.weightDecay,
  }),
  emitAfterUpdate: (p, variables, ctx) => `${emitRuntimeCall(ctx, 'decoupledWeightDecay', code(variables), p.learningRate, p.weightDecay)};`,
});
