// Emit functions of the losses and of the arithmetic on losses.
import bceLogits from '../../../nodes/losses/bce-logits';
import featureMatching from '../../../nodes/losses/feature-matching';
import hinge from '../../../nodes/losses/hinge';
import klNormal from '../../../nodes/losses/kl-normal';
import mae from '../../../nodes/losses/mae';
import mse from '../../../nodes/losses/mse';
import scale from '../../../nodes/losses/scale';
import wasserstein from '../../../nodes/losses/wasserstein';
import weightedSum from '../../../nodes/losses/weighted-sum';
import * as S from '../snippets/losses';
import { lit } from '../names';
import { opEmitter, type OpEmitContext } from './types';

/** The target of a BCE node: a constant or the "target" input, label-smoothed when asked. */
function bceTarget(p: { target: string; labelSmoothing: number }, ctx: OpEmitContext): string {
  const s = p.labelSmoothing;
  if (p.target === 'input') return s === 0 ? ctx.input('target') : `${ctx.use(S.smoothTargets)}(${ctx.input('target')}, ${s})`;
  const z = p.target === 'ones' ? 1 : 0;
  return s === 0 ? String(z) : `${ctx.use(S.smoothTarget)}(${z}, ${s})`;
}

/** A term of a weighted sum: the loss itself when its weight is 1 (multiplying by 1 changes no bit). */
const weighted = (loss: string, w: number) => (w === 1 ? loss : `tf.mul<tf.Scalar>(${loss}, ${w})`);

export const lossEmitters = [
  opEmitter(bceLogits, (p, ctx) => `${ctx.use(S.bceWithLogits)}(${ctx.input('logits')}, ${bceTarget(p, ctx)}, ${lit(p.reduction)})`),
  opEmitter(mse, (p, ctx) => `${ctx.use(S.meanSquaredError)}(${ctx.input('pred')}, ${ctx.input('target')}, ${lit(p.reduction)})`),
  opEmitter(mae, (p, ctx) => `${ctx.use(S.meanAbsoluteError)}(${ctx.input('pred')}, ${ctx.input('target')}, ${lit(p.reduction)})`),
  opEmitter(klNormal, (_p, ctx) => `${ctx.use(S.klToNormal)}(${ctx.input('mu')}, ${ctx.input('logvar')})`),
  opEmitter(hinge, (p, ctx) => `${ctx.use(S.hingeLoss)}(${ctx.input('logits')}, ${lit(p.mode)})`),
  opEmitter(wasserstein, (p, ctx) => `${ctx.use(S.wassersteinLoss)}(${ctx.input('critic')}, ${lit(p.sign)})`),
  opEmitter(featureMatching, (p, ctx) => `${ctx.use(S.featureMatching)}(${ctx.input('a')}, ${ctx.input('b')}, ${lit(p.match)})`),
  opEmitter(weightedSum, (p, ctx) => {
    const w = [p.w1, p.w2, p.w3, p.w4, p.w5, p.w6, p.w7, p.w8];
    const terms = Array.from({ length: p.count }, (_, i) => weighted(ctx.input(`loss${i + 1}`), w[i] ?? 1));
    return `tf.addN([${terms.join(', ')}])`;
  }),
  opEmitter(scale, (p, ctx) => `tf.mul(${ctx.input('loss')}, ${p.factor})`),
];
