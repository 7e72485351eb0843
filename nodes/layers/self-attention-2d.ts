import { need, out } from '../shape-utils';
import { defineLayer, fixedPorts } from '../spec';
import { expectDivisible, expectImage, lastDim } from './checks';
import { selfAttention2DClass } from './custom/self-attention-2d';
import { code, emitCall } from './emit';
import { channels, trained } from './param-count';
import { channelsOf, py, pyCall } from '../torch-emit';

export default defineLayer({
  role: 'layer',
  type: 'layers.selfAttention2d',
  category: 'layers',
  version: 1,
  title: 'SelfAttention2D',
  aliases: ['attention', 'self-attention', 'multi-head attention', 'mha', 'non-local', 'transformer'],
  docs: {
    summary: 'Lets every pixel of a feature map gather features from every other pixel; output has the same shape.',
    intuition:
      'A convolution only sees a small neighbourhood. Self-attention lets each position ask a question (its query), ' +
      'compare it with a key computed at every other position, and take a weighted average of their values, ' +
      'weighted by how well query and key match. So a pixel on one side of an image can depend directly on the ' +
      'other side. Several heads ask different questions in parallel. The result is projected back and added to ' +
      'the input (a residual), so the block starts close to the identity. The cost grows with the square of h*w: ' +
      'diffusion U-Nets use it only at low resolutions such as 16x16.',
    paper: {
      title: 'Attention Is All You Need',
      authors: 'A. Vaswani, N. Shazeer, N. Parmar, J. Uszkoreit, L. Jones, A. N. Gomez, L. Kaiser, I. Polosukhin',
      year: 2017,
      url: 'https://arxiv.org/abs/1706.03762',
    },
  },
  params: {
    heads: { kind: 'int', default: 1, min: 1, max: 64, doc: 'Number of attention heads; must divide the channels.' },
  },
  inputs: fixedPorts({ name: 'in', kind: 'tensor', doc: 'feature map [batch, height, width, channels]' }),
  outputs: fixedPorts({ name: 'out', kind: 'tensor', doc: 'feature map, same shape' }),
  inferShape(inputs, p) {
    const x = need(inputs, 'in');
    const bad = expectImage('in', x);
    if (bad) return bad;
    const channels = lastDim('in', x, 'SelfAttention2D (its projections have one weight per channel)');
    if (typeof channels !== 'number') return channels;
    const hint = `Choose a number of heads that divides ${channels}, or change the channels of the layer before.`;
    return expectDivisible(`the channels of input "in"`, channels, p.heads, hint, 'in') ?? out(x);
  },
  seeds: 'seed',
  build: (tf, p, o) => new (selfAttention2DClass(tf))({ name: o.name, heads: p.heads, seed: o.seed }),
  emit: (p, o) => emitCall('new SelfAttention2D', { name: o.name, heads: p.heads, ...(o.seeds && { seed: code(o.seeds.seed) }) }),
  // query, key, value and output projections (c × c each), biases on all but the key
  torch: {
    module: (p, ctx) => pyCall('tl.SelfAttention2d', [py(channelsOf(ctx.inputs[0])), py(p.heads)]),
    weights: () => [
      ['query_kernel', 'query.weight', 'dense'], ['query_bias', 'query.bias', 'same'], ['key_kernel', 'key.weight', 'dense'],
      ['value_kernel', 'value.weight', 'dense'], ['value_bias', 'value.bias', 'same'],
      ['output_kernel', 'output.weight', 'dense'], ['output_bias', 'output.bias', 'same'],
    ],
  },
  paramCount(_p, input) {
    const c = channels(input);
    return c === undefined ? undefined : trained(4 * c * c + 3 * c);
  },
  examples: [
    { inputs: { in: [null, 4, 4, 8] }, outputs: { out: [null, 4, 4, 8] } },
    { params: { heads: 2 }, inputs: { in: [null, 3, 5, 4] }, outputs: { out: [null, 3, 5, 4] } },
    { params: { heads: 4 }, inputs: { in: [null, 1, 1, 8] }, outputs: { out: [null, 1, 1, 8] } },
  ],
});
