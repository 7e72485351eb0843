import { defineLayer, fixedPorts } from '../spec';
import { expectRank, need, out } from '../shape-utils';
import { lastDim } from './checks';
import { ACTIVATIONS, emittedInitializers, initializers } from './common';
import { emitCall } from './emit';
import { channels, trained } from './param-count';
import { channelsOf, py, pyCall, torchActivation } from '../torch-emit';

export default defineLayer({
  role: 'layer',
  type: 'layers.dense',
  category: 'layers',
  version: 1,
  title: 'Dense',
  aliases: ['linear', 'fully connected', 'fc', 'mlp'],
  docs: {
    summary: 'Every output is a weighted sum of every input, plus a bias.',
    intuition:
      'A Dense layer multiplies its input vector by a learned matrix and adds a learned bias: each output ' +
      'unit looks at all input features and learns which ones matter. Stacked with non-linear activations, ' +
      'Dense layers can approximate any smooth function; they are the "fully connected" layers of MLPs and ' +
      'the heads of most networks.',
    paper: {
      title: 'Learning representations by back-propagating errors',
      authors: 'D. E. Rumelhart, G. E. Hinton, R. J. Williams',
      year: 1986,
      url: 'https://doi.org/10.1038/323533a0',
    },
  },
  params: {
    units: { kind: 'int', default: 128, min: 1, max: 65536, doc: 'Number of output features.' },
    activation: { kind: 'enum', options: ACTIVATIONS, default: 'linear', doc: 'Non-linearity applied to the output.' },
    useBias: { kind: 'bool', default: true, doc: 'Add a learned bias to each output.' },
  },
  inputs: fixedPorts({ name: 'in', kind: 'tensor', doc: 'features [batch, n]' }),
  outputs: fixedPorts({ name: 'out', kind: 'tensor', doc: 'features [batch, units]' }),
  inferShape(inputs, p) {
    const x = need(inputs, 'in');
    const bad = expectRank('in', x, 2, '[batch, features]', 'Insert a Flatten before this Dense.');
    if (bad) return bad;
    const features = lastDim('in', x, 'a Dense layer (its weight matrix has one row per input feature)');
    return typeof features === 'number' ? out([x[0] ?? null, p.units]) : features;
  },
  seeds: 'seed',
  build: (tf, p, o) =>
    tf.layers.dense({ name: o.name, units: p.units, activation: p.activation, useBias: p.useBias, ...initializers(tf, o.seed) }),
  emit: (p, o) =>
    emitCall('tf.layers.dense', { name: o.name, units: p.units, activation: p.activation, useBias: p.useBias, ...emittedInitializers(o.seeds) }),
  torch: {
    module: (p, ctx) => pyCall('nn.Linear', [py(channelsOf(ctx.inputs[0])), py(p.units)], { bias: p.useBias }),
    forward: (p, ctx) => torchActivation(p.activation, `${ctx.module}(${ctx.args[0]!})`, 2),
    weights: (p) => [['kernel', 'weight', 'dense'], ...(p.useBias ? [['bias', 'bias', 'same'] as const] : [])],
  },
  paramCount(p, input) {
    const c = channels(input);
    return c === undefined ? undefined : trained(c * p.units + (p.useBias ? p.units : 0));
  },
  examples: [
    { inputs: { in: [null, 20] }, outputs: { out: [null, 128] } },
    { params: { units: 7, activation: 'relu', useBias: false }, inputs: { in: [null, 3] }, outputs: { out: [null, 7] } },
  ],
});
