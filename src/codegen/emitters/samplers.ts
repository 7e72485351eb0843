// Emit functions of the samplers: every draw takes its seed from the stream at the same point as
// the node's `run` does.
import ddim from '../../../nodes/samplers/ddim';
import ddpm from '../../../nodes/samplers/ddpm';
import diffusionForward from '../../../nodes/samplers/diffusion-forward';
import gaussian from '../../../nodes/samplers/gaussian';
import reparameterize from '../../../nodes/samplers/reparameterize';
import uniform from '../../../nodes/samplers/uniform';
import { ddimSample, ddpmSample, diffusionNoising, diffusionSchedule } from '../snippets/diffusion';
import { philoxNormal, philoxUniform } from '../snippets/random';
import { reparameterize as reparameterizeSnippet } from '../snippets/samplers';
import { lit } from '../names';
import { opEmitter, type OpEmitContext } from './types';

interface ScheduleValues {
  T: number;
  schedule: string;
  betaStart: number;
  betaEnd: number;
}

/** `const schedule = diffusionSchedule({...})` before the node; the betas only matter for "linear". */
function scheduleLocal(p: ScheduleValues, ctx: OpEmitContext): string {
  const betas = p.schedule === 'linear' ? `, betaStart: ${p.betaStart}, betaEnd: ${p.betaEnd}` : '';
  return ctx.local('schedule', `${ctx.use(diffusionSchedule)}({ T: ${p.T}, schedule: ${lit(p.schedule)}${betas} })`);
}

export const samplerEmitters = [
  opEmitter(gaussian, (p, ctx) => {
    const meanStd = p.mean === 0 && p.std === 1 ? '' : `, ${p.mean}, ${p.std}`;
    return `${ctx.use(philoxNormal)}(${lit([p.batchSize, ...p.shape])}, ${ctx.rng}.seed()${meanStd})`;
  }),
  opEmitter(uniform, (p, ctx) => `${ctx.use(philoxUniform)}(${lit([p.batchSize, ...p.shape])}, ${ctx.rng}.seed(), ${p.low}, ${p.high})`),
  opEmitter(reparameterize, (_p, ctx) => `${ctx.use(reparameterizeSnippet)}(${ctx.input('mu')}, ${ctx.input('logvar')}, ${ctx.rng})`),
  opEmitter(diffusionForward, (p, ctx) => `${ctx.use(diffusionNoising)}(${ctx.input('x0')}, ${scheduleLocal(p, ctx)}, ${ctx.rng})`),
  opEmitter(ddpm, (p, ctx) => {
    const schedule = scheduleLocal(p, ctx);
    return `${ctx.use(ddpmSample)}(${ctx.model(p.model)}, ${schedule}, ${p.batchSize}, ${p.clipDenoised}, ${ctx.rng})`;
  }),
  opEmitter(ddim, (p, ctx) => {
    const schedule = scheduleLocal(p, ctx);
    const options = `{ batchSize: ${p.batchSize}, steps: ${p.steps}, eta: ${p.eta}, clipDenoised: ${p.clipDenoised} }`;
    return `${ctx.use(ddimSample)}(${ctx.model(p.model)}, ${schedule}, ${options}, ${ctx.rng})`;
  }),
];
