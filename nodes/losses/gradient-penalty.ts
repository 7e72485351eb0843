import type * as TF from '@tensorflow/tfjs';
import { issue, showShape } from '../../src/messages';
import { TensorloomError } from '../../src/runtime/errors';
import { code, emitRuntimeCall } from '../op-emit';
import { defineOp, type TFModule } from '../spec';
import { LOSS_OUT, lossOut } from './common';
import { py, pyCall } from '../torch-emit';

export const PENALTIES = ['wgan-gp', 'r1'] as const;
export type Penalty = (typeof PENALTIES)[number];

/**
 * `weight` times the batch mean of a function of each sample's gradient of the model's (first)
 * output with respect to its float inputs, all of them together: WGAN-GP (‖∇‖₂ − 1)², R1 ‖∇‖₂².
 * Int32 inputs (class ids) are passed as they are. The norm has 1e-12 under its root, so that a
 * zero gradient does not give an infinite second derivative.
 */
export function gradientPenalty(
  tf: TFModule, model: TF.LayersModel, inputs: readonly TF.Tensor[], penalty: Penalty, weight: number, training: boolean,
): TF.Scalar {
  const floats = inputs.map((t, i) => (t.dtype === 'float32' ? i : -1)).filter((i) => i >= 0);
  const output = (...xs: TF.Tensor[]) => {
    const args = inputs.map((t, i) => (floats.includes(i) ? xs[floats.indexOf(i)]! : t));
    const y = model.apply(args.length === 1 ? args[0]! : args, { training }) as TF.Tensor | TF.Tensor[];
    return tf.sum(Array.isArray(y) ? y[0]! : y);
  };
  const grads = tf.grads(output)(floats.map((i) => inputs[i]!));
  const batch = inputs[0]!.shape[0]!;
  const squared = tf.addN(grads.map((g) => tf.sum(tf.square(tf.reshape(g, [batch, -1])), 1)));
  const perSample = penalty === 'wgan-gp' ? tf.square(tf.sub(tf.sqrt(tf.add(squared, 1e-12)), 1)) : squared;
  return tf.mul(tf.mean(perSample), weight);
}

export default defineOp({
  role: 'loss',
  type: 'losses.gradientPenalty',
  category: 'losses',
  version: 1,
  title: 'Gradient Penalty',
  aliases: ['wgan-gp', 'gp', 'r1', 'lipschitz', 'critic penalty', 'wasserstein gradient penalty'],
  docs: {
    summary: 'Penalises the size of a critic\'s gradient with respect to its input: WGAN-GP or R1.',
    intuition:
      'A Wasserstein critic must not change faster than its input: its gradient should have length at most 1 ' +
      'everywhere (it must be 1-Lipschitz). WGAN-GP checks this where it matters, on points between real and ' +
      'generated images (an Interpolate node makes them), and adds λ·(‖∇D(x̂)‖ − 1)² to the critic\'s loss, λ = 10. ' +
      'R1 instead pushes the gradient on real images towards 0 with (γ/2)·‖∇D(x)‖², which steadies ordinary GANs. ' +
      'The node runs the critic itself on its input, takes the gradient, and gives the penalty; the critic\'s ' +
      'optimizer then differentiates it once more, so every layer of the critic must have a second derivative.',
    paper: { title: 'Improved Training of Wasserstein GANs', authors: 'Gulrajani, Ahmed, Arjovsky, Dumoulin, Courville', year: 2017, url: 'https://arxiv.org/abs/1704.00028' },
  },
  params: {
    model: { kind: 'model', default: '', doc: 'The critic (discriminator) whose gradient is penalised.' },
    penalty: {
      kind: 'enum', options: PENALTIES, default: 'wgan-gp',
      doc: '"wgan-gp": (‖∇‖ − 1)², on points between real and fake. "r1": ‖∇‖², on real images.',
    },
    weight: { kind: 'float', default: 10, min: 0, max: 1000, step: 0.5, doc: 'λ for WGAN-GP (10 in the paper); γ/2 for R1.' },
  },
  inputs: (p, ctx) =>
    (ctx.models[p.model]?.inputs ?? []).map((i) => ({ name: i.name, kind: 'tensor' as const, dtype: i.dtype, doc: `the critic's input ${showShape(i.shape)}` })),
  outputs: () => [LOSS_OUT],
  inferShape(inputs, p, ctx) {
    const sig = ctx.models[p.model];
    if (!sig) return { ok: false, issue: issue('graph.unknownModel', { model: p.model, models: Object.keys(ctx.models).join(', ') }) };
    if (!sig.inputs.some((i) => i.dtype === 'float32')) return { ok: false, issue: issue('graph.penaltyNoFloatInput', { model: p.model }) };
    // a record lists keys like "0" or "12" first, whatever order they were made in
    const numeric = sig.inputs.find((i) => /^(0|[1-9]\d*)$/.test(i.name));
    if (numeric) return { ok: false, issue: issue('graph.penaltyInputName', { model: p.model, name: numeric.name }) };
    for (const i of sig.inputs) {
      const got = inputs[i.name];
      if (got && (got.length !== i.shape.length || got.some((d, k) => k > 0 && d !== i.shape[k]))) {
        return { ok: false, port: i.name, issue: issue('shape.modelInput', { port: i.name, model: p.model, expected: showShape(i.shape), got: showShape(got) }) };
      }
    }
    return lossOut();
  },
  models: (p) => [p.model],
  secondOrderModels: (p) => [p.model],
  run(inputs, p, env) {
    // WebGPU's one-pass activation gradients are programs of their own, without a gradient
    if (env.tf.getBackend() === 'webgpu') throw new TensorloomError(issue('run.penaltyBackend', { backend: 'webgpu' }));
    // the ports follow the model's inputs (inferShape refuses names that would reorder a record)
    const ordered = Object.values(inputs);
    return { loss: gradientPenalty(env.tf, env.models[p.model]!, ordered, p.penalty, p.weight, env.training) };
  },
  torch: (p, ctx) => pyCall('tl.gradient_penalty', [ctx.model(p.model), `[${ctx.inputPorts.map((port) => ctx.input(port)).join(', ')}]`, py(p.penalty), py(p.weight)]),
  emit(p, ctx) {
    const inputs = code(`[${ctx.inputPorts.map((port) => ctx.input(port)).join(', ')}]`);
    return emitRuntimeCall(ctx, 'gradientPenalty', code(ctx.model(p.model)), inputs, p.penalty, p.weight, ctx.training);
  },
});
