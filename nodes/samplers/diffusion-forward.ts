import { issue, showShape } from '../../src/messages';
import type * as TF from '@tensorflow/tfjs';
import type { DiffusionSchedule } from '../../src/diffusion/schedule';
import { philoxInt } from '../../src/runtime/gpu-random/philox';
import { randomNormal } from '../random-draws';
import { code, emitRuntimeCall, inputCode } from '../op-emit';
import { defineOp, fixedPorts, type TFModule } from '../spec';
import { need, ok } from '../shape-utils';
import { checkSchedule, emitSchedule, scheduleOf, scheduleParams, torchSchedule } from './diffusion-common';
import { tensorAt } from './inputs';
import { pyCall } from '../torch-emit';

/**
 * q_sample (Ho et al. 2020): noises clean images x0 to x_t = sqrt(abar_t) x0 + sqrt(1 − abar_t) eps
 * at one timestep per image. The caller draws the timesteps (whole numbers in [0, T)) and the noise.
 */
export function diffusionNoising(tf: TFModule, x0: TF.Tensor, s: DiffusionSchedule, ts: readonly number[], eps: TF.Tensor): { xt: TF.Tensor; t: TF.Tensor; eps: TF.Tensor } {
  const b = ts.length;
  const perSample = [b, ...x0.shape.slice(1).map(() => 1)];
  const a = tf.tensor(ts.map((t) => s.sqrtAlphasCumprod[t] ?? 0), perSample, 'float32');
  const c = tf.tensor(ts.map((t) => s.sqrtOneMinusAlphasCumprod[t] ?? 0), perSample, 'float32');
  return { xt: tf.add(tf.mul(x0, a), tf.mul(eps, c)), t: tf.tensor2d([...ts], [b, 1], 'float32'), eps };
}

export default defineOp({
  role: 'sampler',
  type: 'samplers.diffusionForward',
  category: 'samplers',
  version: 1,
  title: 'Diffusion Noising',
  aliases: ['q_sample', 'forward process', 'ddpm', 'add noise', 'timestep', 'diffusion'],
  docs: {
    summary: 'Picks a random timestep t per image and noises the image to x_t = sqrt(abar_t) x0 + sqrt(1 - abar_t) eps.',
    intuition:
      'A diffusion model learns to undo noise. To train it, take clean images, pick for each a random step t of ' +
      'the T-step noising process, and jump straight there in one go: keep sqrt(abar_t) of the image and add ' +
      'sqrt(1 - abar_t) of fresh Gaussian noise eps (abar_t shrinks from about 1 at t = 0 to about 0 at t = T - 1). ' +
      'The network sees the noisy x_t and t and is trained to predict eps: connect its output and this node\'s eps ' +
      'to a mean-squared-error loss. Early steps barely blur the image; late steps leave almost pure noise.',
    paper: { title: 'Denoising Diffusion Probabilistic Models', authors: 'Ho, Jain, Abbeel', year: 2020, url: 'https://arxiv.org/abs/2006.11239' },
  },
  params: { ...scheduleParams },
  inputs: fixedPorts({ name: 'x0', kind: 'tensor', doc: 'clean images [batch, ...], scaled to [-1, 1]' }),
  outputs: fixedPorts(
    { name: 'xt', kind: 'tensor', doc: 'noised images, shaped like x0' },
    { name: 't', kind: 'tensor', doc: 'the timestep of each image, a whole number in [0, T) stored as float32 [batch, 1]' },
    { name: 'eps', kind: 'tensor', doc: 'the noise that was added, shaped like x0: the target the network predicts' },
  ),
  inferShape(inputs, p) {
    const x0 = need(inputs, 'x0');
    if (x0.length < 2) {
      return { ok: false, port: 'x0', issue: issue('shape.rank', { port: 'x0', expected: 'rank-2 or higher [batch, ...]', got: showShape(x0), hint: '' }) };
    }
    return checkSchedule(p) ?? ok({ xt: x0, t: [x0[0] ?? null, 1], eps: x0 });
  },
  examples: [{ params: { T: 10 }, inputs: { x0: [2, 4, 4, 1] }, outputs: { xt: [2, 4, 4, 1], t: [2, 1], eps: [2, 4, 4, 1] } }],
  run(inputs, p, env) {
    const { tf } = env;
    const x0 = tensorAt(inputs, 'x0');
    const s = scheduleOf(p);
    const b = x0.shape[0] ?? 1;
    // Two draws, one seed each, in this order: the b timesteps, then the noise.
    // The timesteps are Philox whole numbers in [0, T) made by the TypeScript reference on every
    // backend (the same numbers gpuRandomInt makes on the GPU, bit for bit): they index the float64
    // schedule tables here, so the per-sample coefficients are exact, and b numbers cost less in JS
    // than uploading the T-long tables for a gather on the device.
    const ts = Array.from(philoxInt(b, env.rng.seed(), 0, s.T));
    // the noise: Philox normals, made on the GPU under WebGPU
    return diffusionNoising(tf, x0, s, ts, randomNormal(tf, x0.shape, env.rng.seed()));
  },
  // the timesteps first, then the noise, as `run` draws them
  torch: (p, ctx) => {
    return pyCall('tl.diffusion_noising', [ctx.input('x0'), torchSchedule(p), ctx.rng]);
  },
  emit(p, ctx) {
    const schedule = emitSchedule(p, ctx);
    const x0 = ctx.input('x0');
    // the timesteps first, then the noise: the app's order of draws
    const ts = ctx.local('timesteps', `Array.from(${ctx.use('philoxInt')}(${x0}.shape[0] ?? 1, ${ctx.rng}.seed(), 0, ${schedule}.T))`);
    const eps = emitRuntimeCall(ctx, 'philoxNormalTensor', code(`${x0}.shape`), code(`${ctx.rng}.seed()`));
    return emitRuntimeCall(ctx, 'diffusionNoising', inputCode(ctx, 'x0'), code(schedule), code(ts), code(eps));
  },
});
