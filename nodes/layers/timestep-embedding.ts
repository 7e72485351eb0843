import { issue, showShape } from '../../src/messages';
import { expectRank, need, out } from '../shape-utils';
import { defineLayer, fixedPorts } from '../spec';
import { fail } from './checks';
import { timestepEmbeddingClass } from './custom/timestep-embedding';
import { emitCall } from './emit';
import { noWeights } from './param-count';
import { py, pyCall } from '../torch-emit';

export default defineLayer({
  role: 'layer',
  type: 'layers.timestepEmbedding',
  category: 'layers',
  version: 1,
  title: 'TimestepEmbedding',
  aliases: ['sinusoidal embedding', 'positional encoding', 'time embedding', 'diffusion timestep', 'fourier features'],
  docs: {
    summary: 'Turns a timestep number into a vector of sines and cosines at many frequencies; no weights.',
    intuition:
      'A diffusion model must know how noisy its input is, i.e. the timestep t. A single number is hard for a ' +
      'network to use, so t is spread over sines and cosines of geometrically spaced frequencies: the fast ones ' +
      'tell neighbouring steps apart, the slow ones say roughly where in the schedule we are, and nearby steps get ' +
      'similar vectors. The same trick encodes word positions in the Transformer. Follow it with a Dense layer ' +
      'and an activation, then add the result to the U-Net\'s feature maps.',
    paper: {
      title: 'Denoising Diffusion Probabilistic Models',
      authors: 'J. Ho, A. Jain, P. Abbeel',
      year: 2020,
      url: 'https://arxiv.org/abs/2006.11239',
    },
  },
  params: {
    dim: { kind: 'int', default: 64, min: 2, max: 4096, step: 2, doc: 'Length of the embedding vector; even (half sines, half cosines).' },
    maxPeriod: {
      kind: 'float',
      default: 10000,
      min: 2,
      max: 1e6,
      log: true,
      doc: 'Longest period of the sinusoids, in timesteps; 10000 as in the Transformer.',
    },
  },
  inputs: fixedPorts({ name: 'in', kind: 'tensor', doc: 'timesteps as floats [batch, 1]' }),
  outputs: fixedPorts({ name: 'out', kind: 'tensor', doc: 'embedding [batch, dim]' }),
  inferShape(inputs, p) {
    if (p.dim % 2 !== 0) {
      const detail = `the embedding has as many cosines as sines, so dim must be even, but it is ${p.dim}. Use ${p.dim - 1} or ${p.dim + 1}.`;
      return fail(issue('param.invalid', { param: 'dim', detail }));
    }
    const t = need(inputs, 'in');
    const bad = expectRank('in', t, 2, '[batch, 1]', 'Feed it one timestep per sample, e.g. from a diffusion timestep sampler.');
    if (bad) return bad;
    if (t[1] !== 1) {
      const hint = 'Feed it one timestep per sample; use a Reshape to [1] if needed.';
      return fail(issue('shape.dim', { port: 'in', what: 'the last dimension', expected: '1', got: showShape(t), hint }), 'in');
    }
    return out([t[0] ?? null, p.dim]);
  },
  build: (tf, p, o) => new (timestepEmbeddingClass(tf))({ name: o.name, dim: p.dim, maxPeriod: p.maxPeriod }),
  emit: (p, o) => emitCall('new TimestepEmbedding', { name: o.name, dim: p.dim, maxPeriod: p.maxPeriod }),
  torch: { forward: (p, ctx) => pyCall('tl.timestep_embedding', [ctx.args[0]!, py(p.dim), py(p.maxPeriod)]) },
  paramCount: noWeights,
  examples: [
    { inputs: { in: [null, 1] }, outputs: { out: [null, 64] } },
    { params: { dim: 8, maxPeriod: 100 }, inputs: { in: [null, 1] }, outputs: { out: [null, 8] } },
  ],
});
