// What the diffusion nodes share: the schedule params (the forward node and the samplers must agree
// on them), their checks, and how a sampler checks and calls its noise-prediction model.
import type * as TF from '@tensorflow/tfjs';
import { makeSchedule, type DiffusionSchedule } from '../../src/diffusion/schedule';
import { issue, showShape } from '../../src/messages';
import type { OpEmitContext } from '../op-emit';
import type { ParamSpecs, RunEnv, Shape, ShapeContext, ShapeResult, TFModule } from '../spec';
import { py, pyCall, type TorchOpContext } from '../torch-emit';

export const SCHEDULES = ['linear', 'cosine'] as const;

export const scheduleParams = {
  T: {
    kind: 'int', default: 1000, min: 1, max: 10000,
    doc: 'Number of diffusion steps. Training and sampling must use the same T and schedule.',
  },
  schedule: {
    kind: 'enum', options: SCHEDULES, default: 'linear',
    doc: 'How fast noise is added: "linear" betas (Ho et al. 2020) or "cosine" abar (Nichol & Dhariwal 2021, gentler at both ends).',
  },
  betaStart: {
    kind: 'float', default: 1e-4, min: 1e-8, max: 0.5, step: 1e-5, log: true,
    doc: 'Linear schedule: noise variance of the first step. The defaults are tuned for T = 1000.',
  },
  betaEnd: {
    kind: 'float', default: 0.02, min: 1e-8, max: 0.999, step: 1e-3, log: true,
    doc: 'Linear schedule: noise variance of the last step. With a small T, raise it so the last step is close to pure noise.',
  },
} as const satisfies ParamSpecs;

export interface ScheduleValues {
  T: number;
  schedule: (typeof SCHEDULES)[number];
  betaStart: number;
  betaEnd: number;
}

/** A coded problem with the schedule params, or null. */
export function checkSchedule(p: ScheduleValues): ShapeResult | null {
  if (p.schedule === 'linear' && p.betaStart > p.betaEnd) {
    return {
      ok: false,
      issue: issue('param.invalid', {
        param: 'betaStart',
        detail: `${p.betaStart} is larger than betaEnd (${p.betaEnd}); noise must grow over the steps. Swap the two values.`,
      }),
    };
  }
  return null;
}

export const scheduleOf = (p: ScheduleValues): DiffusionSchedule => makeSchedule(p);

const sameSample = (a: Shape, b: Shape) => a.length === b.length && a.every((d, i) => i === 0 || d === b[i]);

/**
 * The per-sample image shape of a noise-prediction model (inputs: image, then timestep [batch, 1];
 * first output: the noise, shaped like the image), or a coded problem.
 */
export function denoiserImageShape(model: string, ctx: ShapeContext): { shape: number[] } | { problem: ShapeResult } {
  const sig = ctx.models[model];
  if (!sig) {
    return { problem: { ok: false, issue: issue('graph.unknownModel', { model, models: Object.keys(ctx.models).join(', ') }) } };
  }
  const [image, time] = sig.inputs;
  const dims = image?.shape.slice(1) ?? [];
  const known = dims.every((d): d is number => d !== null);
  if (sig.inputs.length !== 2 || !image || !time || dims.length < 1 || !known || !sameSample(time.shape, [null, 1])) {
    const got = sig.inputs.map((i) => `"${i.name}" ${showShape(i.shape)}`).join(', ') || 'none';
    return { problem: { ok: false, issue: issue('sampler.modelInputs', { model, got }) } };
  }
  const out = sig.outputs[0]?.shape;
  if (out && !sameSample(out, image.shape)) {
    return { problem: { ok: false, issue: issue('sampler.modelOutput', { model, expected: showShape(image.shape), got: showShape(out) }) } };
  }
  return { shape: dims };
}

/** The compiled noise-prediction model; the graph's checks have made sure it takes an image and a timestep. */
export function denoiser(env: RunEnv, model: string): TF.LayersModel {
  const net = env.models[model];
  if (!net) throw new Error(`model "${model}" was not compiled; the graph should not have passed validation`);
  if (net.inputs.length !== 2 || net.inputs[0]?.shape.slice(1).some((d) => d === null) !== false) {
    throw new Error(`model "${model}" must take an image of known shape and a timestep; the graph should not have passed validation`);
  }
  return net;
}

/** The shape of one image a noise-prediction model denoises, read off its first input. */
export function imageShapeOf(net: TF.LayersModel): number[] {
  return (net.inputs[0]?.shape.slice(1) ?? []).map((d) => d ?? 1);
}

/** eps_theta(x_t, t) for a whole batch at one timestep t. */
export function predictNoise(tf: TFModule, net: TF.LayersModel, x: TF.Tensor, t: number): TF.Tensor {
  const y = net.apply([x, tf.fill([x.shape[0] ?? 1, 1], t)], { training: false });
  const eps = Array.isArray(y) ? y[0] : y;
  if (!(eps instanceof tf.Tensor)) throw new Error('the model gave no noise estimate');
  return eps;
}

/** The schedule of a node's params in the PyTorch export: `tl.diffusion_schedule(1000, "linear", ...)`. */
export const torchSchedule = (p: ScheduleValues) => pyCall('tl.diffusion_schedule', [py(p.T), py(p.schedule), py(p.betaStart), py(p.betaEnd)]);

/** The per-sample image shape at a sampler's `images` output, as a Python tuple. */
export function torchImageShape(ctx: TorchOpContext): string {
  const shape = ctx.outputShape('images');
  if (!shape || shape.slice(1).some((d) => typeof d !== 'number')) throw new Error('the images the sampler makes have no known shape');
  const dims = shape.slice(1).map(py);
  return dims.length === 1 ? `(${dims[0]!},)` : `(${dims.join(', ')})`;
}

/** The schedule of a node's params in the exported program, e.g. `makeSchedule({ T: 1000, ... })`. */
export function emitSchedule(p: ScheduleValues, ctx: OpEmitContext): string {
  const options = `{ T: ${p.T}, schedule: '${p.schedule}', betaStart: ${p.betaStart}, betaEnd: ${p.betaEnd} }`;
  return ctx.local('schedule', `${ctx.use('makeSchedule')}(${options})`);
}
