import { need, out } from '../shape-utils';
import { defineLayer, fixedPorts } from '../spec';
import { expectDivisible, expectMinRank, lastDim } from './checks';
import { groupNormClass } from './custom/group-norm';
import { emitCall } from './emit';
import { perChannel } from './param-count';
import { channelsOf, py, pyCall } from '../torch-emit';

export default defineLayer({
  role: 'layer',
  type: 'layers.groupNorm',
  category: 'layers',
  version: 1,
  title: 'GroupNorm',
  aliases: ['group normalization', 'group normalisation', 'gn', 'normalize', 'normalise'],
  docs: {
    summary: 'Normalises groups of channels within each sample, then scales and shifts per channel.',
    intuition:
      'GroupNorm splits the channels into groups (say 8 groups of 16) and normalises each group over its ' +
      'channels and all pixels of one sample to mean 0 and variance 1, followed by a learned scale and shift ' +
      'per channel. It never looks across the batch, so it works the same for a batch of 2 or 200, in training ' +
      'and at inference. Diffusion U-Nets use it in every residual block. One group is LayerNorm over the whole ' +
      'feature map; as many groups as channels is InstanceNorm.',
    paper: {
      title: 'Group Normalization',
      authors: 'Y. Wu, K. He',
      year: 2018,
      url: 'https://arxiv.org/abs/1803.08494',
    },
  },
  params: {
    groups: { kind: 'int', default: 8, min: 1, max: 1024, doc: 'Number of channel groups; must divide the channels.' },
    epsilon: { kind: 'float', default: 1e-5, min: 1e-8, max: 1, log: true, doc: 'Added to the variance so that division never blows up.' },
  },
  inputs: fixedPorts({ name: 'in', kind: 'tensor', doc: 'features [batch, ..., channels], usually [batch, h, w, c]' }),
  outputs: fixedPorts({ name: 'out', kind: 'tensor', doc: 'normalised features, same shape' }),
  inferShape(inputs, p) {
    const x = need(inputs, 'in');
    const bad = expectMinRank('in', x, 2, '[batch, ..., channels]');
    if (bad) return bad;
    const channels = lastDim('in', x, 'GroupNorm (it splits the channels into groups)');
    if (typeof channels !== 'number') return channels;
    const hint = `Choose a number of groups that divides ${channels}, or change the channels of the layer before.`;
    return expectDivisible(`the channels of input "in"`, channels, p.groups, hint, 'in') ?? out(x);
  },
  build: (tf, p, o) => new (groupNormClass(tf))({ name: o.name, groups: p.groups, epsilon: p.epsilon }),
  emit: (p, o) => emitCall('new GroupNorm', { name: o.name, groups: p.groups, epsilon: p.epsilon }),
  // a scale and a shift per channel
  // contiguous groups of channels, as here
  torch: {
    module: (p, ctx) => pyCall('nn.GroupNorm', [py(p.groups), py(channelsOf(ctx.inputs[0]))], { eps: p.epsilon }),
    weights: () => [['gamma', 'weight', 'same'], ['beta', 'bias', 'same']],
  },
  paramCount: perChannel(2),
  examples: [
    { inputs: { in: [null, 4, 4, 8] }, outputs: { out: [null, 4, 4, 8] } },
    { params: { groups: 2 }, inputs: { in: [null, 8] }, outputs: { out: [null, 8] } },
    { params: { groups: 4 }, inputs: { in: [null, 3, 8] }, outputs: { out: [null, 3, 8] } },
    // one group per channel: InstanceNorm
    { params: { groups: 4 }, inputs: { in: [null, 4, 4, 4] }, outputs: { out: [null, 4, 4, 4] } },
  ],
});
