import { fastPaths } from '../fast-paths';
import { bceFromLogits, type BceTarget } from './bce-formula';
import { code, emitRuntimeCall, inputCode } from '../op-emit';
import { defineOp, type PortSpec } from '../spec';
import { need } from '../shape-utils';
import { expectBatched, expectSame, input, LOSS_OUT, lossOut, reduceLoss, reductionParam } from './common';
import { py, pyCall } from '../torch-emit';

const LOGITS: PortSpec = { name: 'logits', kind: 'tensor', doc: 'raw scores before the sigmoid [batch, ...]' };
const TARGET: PortSpec = { name: 'target', kind: 'tensor', doc: 'target probabilities in [0, 1], same shape as logits' };

/** A constant target ("ones" or "zeros") after label smoothing: z·(1 − s) + s/2. */
const smoothedConstant = (p: { target: string; labelSmoothing: number }) => (p.target === 'ones' ? 1 : 0) * (1 - p.labelSmoothing) + p.labelSmoothing / 2;

export default defineOp({
  role: 'loss',
  type: 'losses.bceLogits',
  category: 'losses',
  version: 1,
  title: 'BCE with Logits',
  aliases: ['binary cross-entropy', 'bce', 'sigmoid cross entropy', 'log loss', 'gan loss', 'discriminator loss'],
  docs: {
    summary: 'Binary cross-entropy between sigmoid(logits) and a target, computed stably from the logits.',
    intuition:
      'Binary cross-entropy measures how surprised a yes/no classifier is by the truth: predicting 0.99 for ' +
      'something that is true costs almost nothing, predicting 0.01 costs a lot. A GAN discriminator is trained ' +
      'with target "ones" on real images and "zeros" on fakes; the generator is trained with target "ones" on its ' +
      'fakes, to fool it. Working on logits rather than probabilities, as max(x,0) − x·z + log(1 + e^−|x|), stays ' +
      'exact when the discriminator is very sure, where log(sigmoid(x)) would round to log(0). For pixels in [0, 1], ' +
      'target "input" with reduction "sumPerSample" is the reconstruction term of a Bernoulli VAE.',
    paper: { title: 'Generative Adversarial Networks', authors: 'Goodfellow et al.', year: 2014, url: 'https://arxiv.org/abs/1406.2661' },
  },
  params: {
    target: {
      kind: 'enum',
      options: ['ones', 'zeros', 'input'],
      default: 'ones',
      doc: '"ones" or "zeros": every target is 1 or 0 (real or fake in a GAN). "input": targets come from the "target" port.',
    },
    labelSmoothing: {
      kind: 'float', default: 0, min: 0, max: 1, step: 0.05,
      doc: 'Moves targets towards 0.5: z·(1 − s) + s/2. s = 0.2 turns target 1 into 0.9 (one-sided smoothing when used on the real-image loss only).',
    },
    reduction: reductionParam,
  },
  inputs: (p) => (p.target === 'input' ? [LOGITS, TARGET] : [LOGITS]),
  outputs: () => [LOSS_OUT],
  inferShape(inputs, p) {
    const x = need(inputs, 'logits');
    const bad = expectBatched('logits', x);
    if (bad) return bad;
    if (p.target === 'input') {
      const z = need(inputs, 'target');
      const mismatch = expectSame('logits', x, 'target', z, 'Targets are compared value by value with the logits.');
      if (mismatch) return mismatch;
    }
    return lossOut();
  },
  examples: [{ inputs: { logits: [4, 1] }, outputs: { loss: [] } }, { params: { target: 'input', reduction: 'sumPerSample' }, inputs: { logits: [2, 3, 3, 1], target: [2, 3, 3, 1] }, outputs: { loss: [] } }],
  run(inputs, p, { tf }) {
    const target: BceTarget = p.target === 'input'
      ? { tensor: input(inputs, 'target'), smoothing: p.labelSmoothing }
      : { constant: smoothedConstant(p) };
    // one fused WGSL pass (and one for the gradient) on WebGPU; the export has the tfjs ops
    return { loss: reduceLoss(tf, (fastPaths.bceWithLogits ?? bceFromLogits)(tf, input(inputs, 'logits'), target), p.reduction) };
  },
  torch(p, ctx) {
    const perElement = p.target === 'input'
      ? pyCall('tl.bce_from_logits', [ctx.input('logits'), ctx.input('target')], { smoothing: p.labelSmoothing || undefined })
      : pyCall('tl.bce_from_logits', [ctx.input('logits'), py(smoothedConstant(p))]);
    return pyCall('tl.reduce_loss', [perElement, py(p.reduction)]);
  },
  emit(p, ctx) {
    const target = p.target === 'input' ? `{ tensor: ${ctx.input('target')}, smoothing: ${p.labelSmoothing} }` : `{ constant: ${smoothedConstant(p)} }`;
    return emitRuntimeCall(ctx, 'reduceLoss', code(emitRuntimeCall(ctx, 'bceFromLogits', inputCode(ctx, 'logits'), code(target))), p.reduction);
  },
});
