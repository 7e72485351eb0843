import type * as TF from '@tensorflow/tfjs';
import { ddimCoefficients, ddimTimesteps, type DiffusionSchedule, predictX0Coefficients, qSampleCoefficients } from '../../src/diffusion/schedule';
import { issue, showShape } from '../../src/messages';
import { randomNoise } from '../random-draws';
import type { NormalNoise } from '../../src/runtime/gpu-random/reference';
import { code, emitRuntimeCall } from '../op-emit';
import { defineOp, fixedPorts, type RandomStream, type TFModule } from '../spec';
import { ok } from '../shape-utils';
import { checkSchedule, denoiser, denoiserImageShape, emitSchedule, imageShapeOf, predictNoise, scheduleOf, scheduleParams, torchImageShape, torchSchedule } from './diffusion-common';
import { py, pyCall } from '../torch-emit';

/**
 * DDIM sampling (Song et al. 2020, eq. 12): visits `steps` evenly spaced timesteps of the T, each
 * time estimating the clean image and jumping to the next visited step; eta = 0 adds no noise.
 */
export function ddimSample(
  tf: TFModule,
  net: TF.LayersModel,
  s: DiffusionSchedule,
  o: { batchSize: number; steps: number; eta: number; clipDenoised: boolean },
  rng: RandomStream,
  noise: NormalNoise,
): TF.Tensor {
  const ts = ddimTimesteps(s.T, o.steps);
  let x: TF.Tensor = noise([o.batchSize, ...imageShapeOf(net)], rng.seed());
  for (let i = ts.length - 1; i >= 0; i--) {
    const t = ts[i] ?? 0;
    const toX0 = predictX0Coefficients(s, t);
    const noised = qSampleCoefficients(s, t);
    const c = ddimCoefficients(s, t, i > 0 ? (ts[i - 1] ?? 0) : -1, o.eta);
    const seed = c.sigma > 0 ? rng.seed() : 0;
    const xt = x;
    const next = tf.tidy(() => {
      let eps = predictNoise(tf, net, xt, t);
      let x0 = tf.sub(tf.mul(xt, toX0.a), tf.mul(eps, toX0.b));
      if (o.clipDenoised) {
        x0 = tf.clipByValue(x0, -1, 1);
        // keep eps consistent with the clipped x0, so the step stays on the line through x_t and x0
        eps = tf.div(tf.sub(xt, tf.mul(x0, noised.a)), noised.b);
      }
      const prev = tf.add(tf.mul(x0, c.x0), tf.mul(eps, c.eps));
      return c.sigma > 0 ? tf.add(prev, noise(xt.shape, seed, c.sigma)) : prev;
    });
    // free each x_t as soon as the next one exists, so memory stays flat over the steps
    xt.dispose();
    x = next;
  }
  return x;
}

export default defineOp({
  role: 'sampler',
  type: 'samplers.ddim',
  category: 'samplers',
  version: 1,
  title: 'DDIM Sampler',
  aliases: ['diffusion', 'implicit', 'fast sampling', 'denoise', 'generate'],
  docs: {
    summary: 'Makes images from noise with a DDPM-trained noise predictor in a few dozen steps instead of T.',
    intuition:
      'DDIM reuses a network trained exactly as for DDPM but walks a shortcut: it visits only an evenly spaced ' +
      'subsequence of the T timesteps. At each visited step it estimates the clean image from the predicted ' +
      'noise, then jumps to the next visited step by re-noising that estimate with the same predicted noise ' +
      '(Song et al. eq. 12). With eta = 0 no fresh noise is added, so the same starting noise always gives the same ' +
      'image and 50 steps often look as good as 1000; eta = 1 adds DDPM-like randomness. Use the same T and ' +
      'schedule as the Diffusion Noising node the model was trained with. The result is for previews: gradients ' +
      'do not flow back through the sampling loop.',
    paper: { title: 'Denoising Diffusion Implicit Models', authors: 'Song, Meng, Ermon', year: 2020, url: 'https://arxiv.org/abs/2010.02502' },
  },
  params: {
    model: { kind: 'model', default: '', doc: 'The noise-prediction network (e.g. a U-Net): inputs image then timestep [batch, 1], output the noise.' },
    batchSize: { kind: 'int', default: 16, min: 1, max: 1024, doc: 'How many images to make at once.' },
    ...scheduleParams,
    steps: { kind: 'int', default: 50, min: 1, max: 10000, doc: 'How many denoising steps to take (at most T); fewer is faster, more is finer.' },
    eta: { kind: 'float', default: 0, min: 0, max: 1, step: 0.1, doc: 'Fresh noise per step: 0 is deterministic DDIM, 1 behaves like DDPM.' },
    clipDenoised: {
      kind: 'bool', default: true,
      doc: 'Clip each step\'s estimate of the clean image to [-1, 1]. Turn off if the training images are not scaled to [-1, 1].',
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
    if (p.steps > p.T) {
      const detail = `${p.steps} is more than T (${p.T}); DDIM visits a subsequence of the T training timesteps. Lower steps to at most ${p.T}.`;
      return { ok: false, issue: issue('param.invalid', { param: 'steps', detail }) };
    }
    const img = denoiserImageShape(p.model, ctx);
    return 'problem' in img ? img.problem : ok({ images: [p.batchSize, ...img.shape] });
  },
  models: (p) => [p.model],
  // x_T and each step's fresh noise: Philox normals (on the GPU under WebGPU), one seed per draw
  run: (_inputs, p, env) => ({ images: ddimSample(env.tf, denoiser(env, p.model), scheduleOf(p), p, env.rng, randomNoise(env.tf)) }),
  torch: (p, ctx) =>
    pyCall('tl.ddim_sample', [ctx.model(p.model), torchSchedule(p), py(p.batchSize), torchImageShape(ctx), py(p.steps), py(p.eta), py(p.clipDenoised), ctx.rng]),
  emit(p, ctx) {
    const options = `{ batchSize: ${p.batchSize}, steps: ${p.steps}, eta: ${p.eta}, clipDenoised: ${p.clipDenoised} }`;
    const noise = emitRuntimeCall(ctx, 'philoxNoise');
    return emitRuntimeCall(ctx, 'ddimSample', code(ctx.model(p.model)), code(emitSchedule(p, ctx)), code(options), code(ctx.rng), code(noise));
  },
});
