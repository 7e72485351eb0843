import type * as TF from '@tensorflow/tfjs';
import { issue } from '../../src/messages';
import { emitRuntimeCall, rngCode } from '../op-emit';
import { out } from '../shape-utils';
import { defineOp, fixedPorts, type RandomStream, type TFModule } from '../spec';
import { py, pyCall } from '../torch-emit';

/**
 * `count` class ids drawn from the stream, class c with probability weights[c] / Σ weights: one
 * uniform per id, looked up in the running sums, so every backend draws the same ids.
 */
export function drawClassIds(tf: TFModule, rng: RandomStream, count: number, weights: readonly number[]): TF.Tensor1D {
  const total = weights.reduce((a, b) => a + b, 0);
  const ids = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    let u = rng.next() * total;
    let c = 0;
    while (c < weights.length - 1 && u >= weights[c]!) u -= weights[c++]!;
    ids[i] = c;
  }
  return tf.tensor1d(ids, 'int32');
}

/** The class weights the params give, or an error text: uniform when none are listed. */
export function classWeights(classes: number, text: string): number[] | string {
  if (!text.trim()) return new Array<number>(classes).fill(1);
  const items = text.split(/[\s,]+/).filter(Boolean);
  const w = items.map(Number);
  if (w.some((v) => !Number.isFinite(v) || v < 0)) return 'every probability must be a number of at least 0';
  if (w.length !== classes) return `it lists ${w.length} probabilities for ${classes} classes`;
  if (!w.some((v) => v > 0)) return 'at least one probability must be above 0';
  return w;
}

const weightsOf = (p: { classes: number; probabilities: string }) => classWeights(p.classes, p.probabilities);

export default defineOp({
  role: 'sampler',
  type: 'samplers.categorical',
  category: 'samplers',
  version: 1,
  title: 'Categorical Sampler',
  aliases: ['random labels', 'random classes', 'class ids', 'sample labels', 'multinomial', 'conditional'],
  docs: {
    summary: 'A fresh batch of random class ids on every evaluation: uniform, or with the probabilities you give.',
    intuition:
      'A conditional generator is asked for a class: "draw a 7". While training, each fake image needs a class ' +
      'to be asked for, drawn at random so that every class is practised as often as the data has it. This ' +
      'node draws those ids, uniformly over the classes or weighted by a list of probabilities (they need not ' +
      'add up to 1: they are scaled). The draws come from the training seed, so a run repeats exactly.',
    paper: { title: 'Conditional Generative Adversarial Nets', authors: 'Mirza, Osindero', year: 2014, url: 'https://arxiv.org/abs/1411.1784' },
  },
  params: {
    batchSize: { kind: 'int', default: 64, min: 1, max: 4096, doc: 'How many ids to draw at once.' },
    classes: { kind: 'int', default: 10, min: 1, max: 100000, doc: 'Ids are 0 to classes − 1.' },
    probabilities: {
      kind: 'string', default: '',
      doc: 'Empty: every class equally likely. Else one weight per class, separated by commas, e.g. "1, 1, 2" makes class 2 twice as likely.',
    },
  },
  inputs: fixedPorts(),
  outputs: fixedPorts({ name: 'out', kind: 'tensor', dtype: 'int32', doc: 'class ids [batchSize], int32' }),
  inferShape(_inputs, p) {
    const w = weightsOf(p);
    if (typeof w === 'string') return { ok: false, issue: issue('param.invalid', { param: 'probabilities', detail: `${w}. Leave it empty for uniform classes.` }) };
    return out([p.batchSize]);
  },
  examples: [{ params: { batchSize: 5 }, inputs: {}, outputs: { out: [5] } }],
  run: (_inputs, p, env) => ({ out: drawClassIds(env.tf, env.rng, p.batchSize, weightsOf(p) as number[]) }),
  torch: (p, ctx) => pyCall('tl.draw_class_ids', [ctx.rng, ctx.batch(p.batchSize), py(weightsOf(p) as number[])]),
  emit: (p, ctx) => emitRuntimeCall(ctx, 'drawClassIds', rngCode(ctx), p.batchSize, weightsOf(p) as number[]),
});
