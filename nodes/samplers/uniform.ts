import { issue } from '../../src/messages';
import { randomUniform } from '../random-draws';
import { code, emitRuntimeCall } from '../op-emit';
import { defineOp, fixedPorts } from '../spec';
import { out } from '../shape-utils';
import { py, pyCall } from '../torch-emit';

export default defineOp({
  role: 'sampler',
  type: 'samplers.uniform',
  category: 'samplers',
  version: 1,
  title: 'Uniform Noise',
  aliases: ['noise', 'latent', 'random', 'rand'],
  docs: {
    summary: 'A fresh batch of values spread evenly between low and high on every evaluation.',
    intuition:
      'Every value in [low, high) is equally likely. Uniform noise is an alternative latent input for ' +
      'generators (the original GAN paper used it) and a simple way to make random positions or mixing ' +
      'weights. The draws come from the training seed, so a run can be repeated exactly.',
    paper: { title: 'Generative Adversarial Networks', authors: 'Goodfellow et al.', year: 2014, url: 'https://arxiv.org/abs/1406.2661' },
  },
  params: {
    batchSize: { kind: 'int', default: 64, min: 1, max: 4096, doc: 'How many samples to draw at once.' },
    shape: { kind: 'shape', default: [100], minLength: 1, maxLength: 4, doc: 'Shape of one sample, without the batch dimension.' },
    low: { kind: 'float', default: -1, doc: 'Smallest value (included).' },
    high: { kind: 'float', default: 1, doc: 'Upper bound (excluded); must be above low.' },
  },
  inputs: fixedPorts(),
  outputs: fixedPorts({ name: 'out', kind: 'tensor', doc: 'noise [batchSize, ...shape]' }),
  inferShape(_inputs, p) {
    if (!(p.low < p.high)) {
      return { ok: false, issue: issue('param.invalid', { param: 'high', detail: `must be above low (${p.low}), but is ${p.high}. Raise high or lower low.` }) };
    }
    return out([p.batchSize, ...p.shape]);
  },
  // Philox uniforms, made on the GPU under WebGPU (src/runtime/gpu-random): one seed per draw
  examples: [{ params: { batchSize: 3, shape: [5] }, inputs: {}, outputs: { out: [3, 5] } }],
  run: (_inputs, p, env) => ({
    out: randomUniform(env.tf, [p.batchSize, ...p.shape], env.rng.seed(), 0, p.low, p.high),
  }),
  torch: (p, ctx) => {
    const shape = `(${[ctx.batch(p.batchSize), ...p.shape.map(py)].join(', ')})`;
    return pyCall('tl.uniform', [shape, `${ctx.rng}.seed()`], { low: p.low === 0 ? undefined : p.low, high: p.high === 1 ? undefined : p.high });
  },
  // the same Philox uniforms, made on the CPU
  emit: (p, ctx) => emitRuntimeCall(ctx, 'philoxUniformTensor', [p.batchSize, ...p.shape], code(`${ctx.rng}.seed()`), 0, p.low, p.high),
});
