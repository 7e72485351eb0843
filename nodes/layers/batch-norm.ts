import { fastPaths } from '../fast-paths';
import { need, out } from '../shape-utils';
import { defineLayer, fixedPorts } from '../spec';
import { expectMinRank, lastDim } from './checks';
import { emitCall } from './emit';
import { perChannel } from './param-count';
import { channelsOf, py, pyCall } from '../torch-emit';

export default defineLayer({
  role: 'layer',
  type: 'layers.batchNorm',
  category: 'layers',
  version: 1,
  title: 'BatchNorm',
  aliases: ['batch normalization', 'batch normalisation', 'bn', 'normalize', 'normalise'],
  docs: {
    summary: 'Normalises each channel over the batch to mean 0 and variance 1, then scales and shifts it.',
    intuition:
      'While training, BatchNorm subtracts each channel\'s mean over the batch (and all pixels) and divides by its ' +
      'standard deviation, then applies a learned scale and shift. Layers downstream see inputs of a steady ' +
      'size, so training is faster and less sensitive to the learning rate; DCGAN relies on it. It also keeps ' +
      'running averages of the statistics for use at inference, so results there do not depend on the batch. ' +
      'With very small batches the statistics get noisy: GroupNorm or LayerNorm then work better.',
    paper: {
      title: 'Batch Normalization: Accelerating Deep Network Training by Reducing Internal Covariate Shift',
      authors: 'S. Ioffe, C. Szegedy',
      year: 2015,
      url: 'https://arxiv.org/abs/1502.03167',
    },
  },
  params: {
    momentum: {
      kind: 'float',
      default: 0.99,
      min: 0,
      max: 1,
      step: 0.01,
      doc: 'How slowly the running averages for inference follow the batch statistics (closer to 1 = slower).',
    },
    epsilon: { kind: 'float', default: 0.001, min: 1e-8, max: 1, log: true, doc: 'Added to the variance so that division never blows up.' },
  },
  inputs: fixedPorts({ name: 'in', kind: 'tensor', doc: 'features [batch, ..., channels]' }),
  outputs: fixedPorts({ name: 'out', kind: 'tensor', doc: 'normalised features, same shape' }),
  inferShape(inputs) {
    const x = need(inputs, 'in');
    const bad = expectMinRank('in', x, 2, '[batch, ..., channels]');
    if (bad) return bad;
    const channels = lastDim('in', x, 'BatchNorm (it learns a scale and shift per channel)');
    return typeof channels === 'number' ? out(x) : channels;
  },
  build(tf, p, o) {
    const args = { name: o.name, axis: -1, momentum: p.momentum, epsilon: p.epsilon };
    // a fused training pass on WebGPU and wasm where the runtime installed it
    return fastPaths.batchNormalization ? fastPaths.batchNormalization(tf, args) : tf.layers.batchNormalization(args);
  },
  emit: (p, o) => emitCall('tf.layers.batchNormalization', { name: o.name, axis: -1, momentum: p.momentum, epsilon: p.epsilon }),
  torch: {
    module: (p, ctx) => {
      const rank = ctx.inputs[0]!.length;
      if (rank !== 2 && rank !== 4) throw new Error(`the PyTorch export has BatchNorm for [batch, n] and images only, not rank ${rank}`);
      return pyCall('tl.keras_batch_norm', [py(channelsOf(ctx.inputs[0])), py(p.momentum), py(p.epsilon), py(rank)]);
    },
    weights: () => [['gamma', 'weight', 'same'], ['beta', 'bias', 'same'], ['moving_mean', 'running_mean', 'same'], ['moving_variance', 'running_var', 'same']],
  },
  // gamma and beta are trained; the moving mean and variance are kept for inference
  paramCount: perChannel(2, 2),
  examples: [
    { inputs: { in: [null, 5] }, outputs: { out: [null, 5] } },
    { params: { momentum: 0.9, epsilon: 1e-5 }, inputs: { in: [null, 4, 4, 3] }, outputs: { out: [null, 4, 4, 3] } },
  ],
});
