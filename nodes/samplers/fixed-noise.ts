import { philoxNormalTensor } from '../../src/runtime/gpu-random/reference';
import { code, emitRuntimeCall } from '../op-emit';
import { defineOp, fixedPorts } from '../spec';
import { out } from '../shape-utils';
import { py, pyCall } from '../torch-emit';

export default defineOp({
  role: 'sampler',
  type: 'samplers.fixedNoise',
  category: 'samplers',
  version: 1,
  title: 'Fixed Noise',
  aliases: ['fixed z', 'same noise', 'constant latent', 'progress', 'latent exploration'],
  docs: {
    summary: 'The same batch of normal noise on every evaluation, from its own seed: a preview of the same z at every step.',
    intuition:
      'A generator\'s samples change for two reasons while it trains: it learns, and its noise is new each time. ' +
      'Feed a preview from this node instead of Gaussian Noise and the second reason goes away: every preview ' +
      'decodes the very same points, so what changes from one preview to the next is what the model learned. ' +
      'The draw depends only on "seed", not on the training seed or on anything else the graph draws, so it is ' +
      'the same in every run too. Keep training on fresh noise: a model trained on one fixed batch would memorise it.',
    paper: { title: 'Unsupervised Representation Learning with Deep Convolutional Generative Adversarial Networks', authors: 'Radford, Metz, Chintala', year: 2015, url: 'https://arxiv.org/abs/1511.06434' },
  },
  params: {
    batchSize: { kind: 'int', default: 64, min: 1, max: 4096, doc: 'How many fixed points to draw.' },
    shape: { kind: 'shape', default: [100], minLength: 1, maxLength: 4, doc: 'Shape of one point, without the batch dimension.' },
    seed: { kind: 'int', default: 1, min: 0, max: 2147483647, doc: 'Which points: the same seed gives the same noise in every run and at every step.' },
  },
  inputs: fixedPorts(),
  outputs: fixedPorts({ name: 'out', kind: 'tensor', doc: 'the same N(0, 1) noise every time [batchSize, ...shape]' }),
  inferShape: (_inputs, p) => out([p.batchSize, ...p.shape]),
  examples: [{ params: { batchSize: 3, shape: [5] }, inputs: {}, outputs: { out: [3, 5] } }],
  // the training stream is not touched: adding this node changes no other draw
  run: (_inputs, p, { tf }) => ({ out: philoxNormalTensor(tf, [p.batchSize, ...p.shape], p.seed) }),
  torch: (p) => pyCall('tl.normal_values', [py(p.batchSize * p.shape.reduce((a, b) => a * b, 1)), py(p.seed)]) +
    `.reshape(${[p.batchSize, ...p.shape].map(py).join(', ')}).to(tl.DEVICE)`,
  emit: (p, ctx) => emitRuntimeCall(ctx, 'philoxNormalTensor', [p.batchSize, ...p.shape], code(String(p.seed))),
});
