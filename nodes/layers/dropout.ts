import { need, out } from '../shape-utils';
import { defineLayer, fixedPorts } from '../spec';
import { freshMaskDropoutClass } from './custom/fresh-mask-dropout';
import { code, emitCall } from './emit';
import { noWeights } from './param-count';
import { py, pyCall } from '../torch-emit';

export default defineLayer({
  role: 'layer',
  type: 'layers.dropout',
  category: 'layers',
  version: 1,
  title: 'Dropout',
  aliases: ['regularization', 'regularisation', 'drop', 'noise'],
  docs: {
    summary: 'While training, sets a random fraction of values to zero (a new choice every step); does nothing at inference.',
    intuition:
      'Dropout switches off a random subset of units on every training step and scales the rest up to keep the ' +
      'average the same. No unit can rely on one particular partner being present, so the network learns ' +
      'redundant, more robust features and overfits less; it behaves like an average over many thinned ' +
      'networks. At inference nothing is dropped. GAN discriminators often use it to keep from overpowering the ' +
      'generator.',
    paper: {
      title: 'Dropout: A Simple Way to Prevent Neural Networks from Overfitting',
      authors: 'N. Srivastava, G. Hinton, A. Krizhevsky, I. Sutskever, R. Salakhutdinov',
      year: 2014,
      url: 'https://jmlr.org/papers/v15/srivastava14a.html',
    },
  },
  params: {
    rate: { kind: 'float', default: 0.3, min: 0, max: 0.95, step: 0.05, doc: 'Fraction of values set to zero on each training step.' },
  },
  inputs: fixedPorts({ name: 'in', kind: 'tensor', doc: 'any tensor' }),
  outputs: fixedPorts({ name: 'out', kind: 'tensor', doc: 'same shape' }),
  inferShape: (inputs) => out(need(inputs, 'in')),
  seeds: 'seed+nextSeed',
  // a custom layer, not tf.layers.dropout: see custom/fresh-mask-dropout.ts for why
  build: (tf, p, o) => new (freshMaskDropoutClass(tf))({ name: o.name, rate: p.rate, seed: o.seed, nextSeed: o.nextSeed }),
  emit: (p, o) =>
    emitCall('new FreshMaskDropout', {
      name: o.name,
      rate: p.rate,
      ...(o.seeds && { seed: code(o.seeds.seed), nextSeed: code(o.seeds.nextSeed) }),
    }),
  torch: { module: (p, ctx) => pyCall('tl.Dropout', [py(p.rate), ctx.rng]) },
  paramCount: noWeights,
  examples: [
    { inputs: { in: [null, 5] }, outputs: { out: [null, 5] } },
    { params: { rate: 0.5 }, inputs: { in: [null, 4, 4, 3] }, outputs: { out: [null, 4, 4, 3] } },
  ],
});
