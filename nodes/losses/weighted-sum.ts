import { defineOp, type FloatParam, type PortSpec } from '../spec';
import { need } from '../shape-utils';
import { input, LOSS_OUT, lossOut } from './common';
import { expectScalar } from './scalar';
import { py } from '../torch-emit';

const MAX_TERMS = 8;

// One typed float per weight rather than a comma-separated list: the inspector checks each value
// and gives it a slider; weights past `count` are ignored.
const weight = (i: number): FloatParam => ({
  kind: 'float', default: 1, min: -1000, max: 1000, step: 0.1,
  doc: i <= 2 ? `Weight of loss${i}.` : `Weight of loss${i} (used when count ≥ ${i}).`,
});

const ports = (count: number): PortSpec[] =>
  Array.from({ length: count }, (_, i) => ({ name: `loss${i + 1}`, kind: 'loss' as const, doc: `scalar loss [] multiplied by w${i + 1}` }));

export default defineOp({
  role: 'loss',
  type: 'losses.weightedSum',
  category: 'losses',
  version: 1,
  title: 'Weighted Sum',
  aliases: ['add losses', 'sum', 'combine', 'total loss', 'beta', 'lambda'],
  docs: {
    summary: 'w1·loss1 + w2·loss2 + …: combines several losses into the one an optimizer minimises.',
    intuition:
      'Most models minimise more than one thing at once: a VAE adds reconstruction error and the KL term, a ' +
      'GAN discriminator adds its losses on real and on fake samples. The weights set the balance between the ' +
      'terms; a weight on the KL term turns a VAE into a β-VAE. An optimizer takes one loss, so sum the terms here ' +
      'first.',
    paper: { title: 'Autoencoding beyond pixels using a learned similarity metric', authors: 'Larsen, Sønderby, Larochelle, Winther', year: 2015, url: 'https://arxiv.org/abs/1512.09300' },
  },
  params: {
    count: { kind: 'int', default: 2, min: 2, max: MAX_TERMS, doc: 'How many losses to add up.' },
    w1: weight(1), w2: weight(2), w3: weight(3), w4: weight(4),
    w5: weight(5), w6: weight(6), w7: weight(7), w8: weight(8),
  },
  inputs: (p) => ports(p.count),
  outputs: () => [LOSS_OUT],
  inferShape(inputs, p) {
    for (const port of ports(p.count)) {
      const bad = expectScalar(port.name, need(inputs, port.name));
      if (bad) return bad;
    }
    return lossOut();
  },
  examples: [{ inputs: { loss1: [], loss2: [] }, outputs: { loss: [] } }],
  run(inputs, p, { tf }) {
    const w = [p.w1, p.w2, p.w3, p.w4, p.w5, p.w6, p.w7, p.w8];
    const terms = ports(p.count).map((port, i) => tf.mul(input(inputs, port.name), w[i] ?? 1));
    return { loss: tf.addN(terms) };
  },
  torch(p, ctx) {
    const w = [p.w1, p.w2, p.w3, p.w4, p.w5, p.w6, p.w7, p.w8];
    return ports(p.count).map((port, i) => ((w[i] ?? 1) === 1 ? ctx.input(port.name) : `${py(w[i])} * ${ctx.input(port.name)}`)).join(' + ');
  },
  emit(p, ctx) {
    const w = [p.w1, p.w2, p.w3, p.w4, p.w5, p.w6, p.w7, p.w8];
    // a weight of 1 is left out of the export: multiplying by 1 changes no bit
    const terms = ports(p.count).map((port, i) => ((w[i] ?? 1) === 1 ? ctx.input(port.name) : `tf.mul<tf.Scalar>(${ctx.input(port.name)}, ${w[i]})`));
    return `tf.addN([${terms.join(', ')}])`;
  },
});
