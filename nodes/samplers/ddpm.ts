import type * as TF from '@tensorflow/tfjs';
import { type DiffusionSchedule, pSampleCoefficients, predictX0Coefficients } from '../../src/diffusion/schedule';
import { showShape } from '../../src/messages';
import { randomNoise } from '../random-draws';
import type { NormalNoise } from '../../src/runtime/gpu-random/reference';
import { code, emitRuntimeCall } from '../op-emit';
import { defineOp, fixedPorts, type RandomStream, type TFModule } from '../spec';
import { ok } from '../shape-utils';
import { checkSchedule, denoiser, denoiserImageShape, emitSchedule, imageShapeOf, predictNoise, scheduleOf, scheduleParams, torchImageShape, torchSchedule } from './diffusion-common';
import { py, pyCall } from '../torch-emit';

/**
 * DDPM ancestral sampling (Ho et al. 2020): from pure noise, T steps from t = T − 1 down to 0, each
 * moving x_t to the posterior mean of x_{t−1} given the predicted clean image, plus fresh noise of
 * variance beta tilde_t (none at the last step). One seed from `rng` per noise draw.
 */
export function ddpmSample(
  tf: TFModule,
  net: TF.LayersModel,
  s: DiffusionSchedule,
  o: { batchSize: number; clipDenoised: boolean },
  rng: RandomStream,
  noise: NormalNoise,
): TF.Tensor {
  let x: TF.Tensor = noise([o.batchSize, ...imageShapeOf(net)], rng.seed());
  for (let t = s.T - 1; t >= 0; t--) {
    const toX0 = predictX0Coefficients(s, t);
    const step = pSampleCoefficients(s, t);
    const seed = step.sigma > 0 ? rng.seed() : 0;
    const xt = x;
    const next = tf.tidy(() => {
      const eps = predictNoise(tf, net, xt, t);
      let x0 = tf.sub(tf.mul(xt, toX0.a), tf.mul(eps, toX0.b));
      if (o.clipDenoised) x0 = tf.clipByValue(x0, -1, 1);
      const mean = tf.add(tf.mul(x0, step.coef1), tf.mul(xt, step.coef2));
      return step.sigma > 0 ? tf.add(mean, noise(xt.shape, seed, step.sigma)) : mean;
    });
    // free each x_t as soon as x_{t-1} exists, so memory stays flat over T steps
    xt.dispose();
    x = next;
  }
  return x;
}

export default defineOp({
  role: 'sampler',
  type: 'samplers.ddpm',
  category: 'samplers',
  version: 1,
  title: 'DDPM Sampler',
  aliases: ['diffusion', 'p_sample', 'ancestral sampling', 'denoise', 'generate'],
  docs: {
    summary: 'Makes images from pure noise by running the trained noise predictor T times, one denoising step each.',
    intuition:
      'Start from pure Gaussian noise x_T. At every step t, from T - 1 down to 0, the network guesses the noise ' +
      'eps in x_t; from that guess follows an estimate of the clean image, and the step moves x_t to the most ' +
      'likely x_{t-1} given both (the mean of the posterior q(x_{t-1} | x_t, x0)), then adds a little fresh ' +
      'noise of variance beta tilde_t so that samples stay varied. After T steps what is left is an image. It is ' +
      'slow (one network call per step) but faithful; DDIM gets close with far fewer steps. Use the same T and ' +
      'schedule as the Diffusion Noising node the model was trained with. The result is for previews: gradients ' +
      'do not flow back through the sampling loop.',
    paper: { title: 'Denoising Diffusion Probabilistic Models', authors: 'Ho, Jain, Abbeel', year: 2020, url: 'https://arxiv.org/abs/2006.11239' },
  },
  params: {
    model: { kind: 'model', default: '', doc: 'The noise-prediction network (e.g. a U-Net): inputs image then timestep [batch, 1], output the noise.' },
    batchSize: { kind: 'int', default: 16, min: 1, max: 1024, doc: 'How many images to make at once.' },
    ...scheduleParams,
    clipDenoised: {
      kind: 'bool', default: true,
      doc: 'Clip each step\'s estimate of the clean image to [-1, 1] (as Ho et al.\'s code does). Turn off if the training images are not scaled to [-1, 1].',
    },
  },
  inputs: fixedPorts(),
  outputs: (p, ctx) => {
    const img = ctx.models[p.model]?.inputs[0]?.shape;
    return [{ name: 'images', kind: 'tensor', doc: `generated images ${showShape(img ? [p.batchSize, ...img.slice(1)] : undefined)}` }];
  },
  inferShape(_inputs, p, ctx) {
    const bad = checkSchedule(p);
    if (bad) return bad;
    const img = denoiserImageShape(p.model, ctx);
    return 'problem' in img ? img.problem : ok({ images: [p.batchSize, ...img.shape] });
  },
  models: (p) => [p.model],
  // x_T and each step's fresh noise: Philox normals (on the GPU under WebGPU), one seed per draw
  run: (_inputs, p, env) => ({ images: ddpmSample(env.tf, denoiser(env, p.model), scheduleOf(p), p, env.rng, randomNoise(env.tf)) }),
  torch: (p, ctx) => pyCall('tl.ddpm_sample', [ctx.model(p.model), torchSchedule(p), py(p.batchSize), torchImageShape(ctx), py(p.clipDenoised), ctx.rng]),
  emit(p, ctx) {
    const options = `{ batchSize: ${p.batchSize}, clipDenoised: ${p.clipDenoised} }`;
    const noise = emitRuntimeCall(ctx, 'philoxNoise');
    return emitRuntimeCall(ctx, 'ddpmSample', code(ctx.model(p.model)), code(emitSchedule(p, ctx)), code(options), code(ctx.rng), code(noise));
  },
});
