import { randomNormal } from '../random-draws';
import { code, emitRuntimeCall } from '../op-emit';
import { defineOp, fixedPorts } from '../spec';
import { out } from '../shape-utils';
import { py, pyCall } from '../torch-emit';

export default defineOp({
  role: 'sampler',
  type: 'samplers.gaussian',
  category: 'samplers',
  version: 1,
  title: 'Gaussian Noise',
  aliases: ['normal', 'noise', 'latent', 'z', 'random'],
  docs: {
    summary: 'A fresh batch of normally distributed noise on every evaluation.',
    intuition:
      'Generative models turn randomness into data. This node draws every value independently from a bell ' +
      'curve centred on "mean" with spread "std"; a generator learns to map these points to images. Because the ' +
      'draw is new on every training step, the generator has to work for the whole distribution, not for a ' +
      'few memorised inputs. The draws come from the training seed, so a run can be repeated exactly.',
    paper: { title: 'Auto-Encoding Variational Bayes', authors: 'Kingma, Welling', year: 2013, url: 'https://arxiv.org/abs/1312.6114' },
  },
  params: {
    batchSize: { kind: 'int', default: 64, min: 1, max: 4096, doc: 'How many samples to draw at once.' },
    shape: { kind: 'shape', default: [100], minLength: 1, maxLength: 4, doc: 'Shape of one sample, without the batch dimension.' },
    mean: { kind: 'float', default: 0, doc: 'Centre of the distribution.' },
    std: { kind: 'float', default: 1, min: 0, doc: 'Standard deviation: how far values spread around the mean.' },
  },
  inputs: fixedPorts(),
  outputs: fixedPorts({ name: 'out', kind: 'tensor', doc: 'noise [batchSize, ...shape]' }),
  inferShape: (_inputs, p) => out([p.batchSize, ...p.shape]),
  // Philox normals, made on the GPU under WebGPU (src/runtime/gpu-random): one seed per draw
  examples: [{ params: { batchSize: 3, shape: [5] }, inputs: {}, outputs: { out: [3, 5] } }, { params: { batchSize: 2, shape: [4, 4, 1] }, inputs: {}, outputs: { out: [2, 4, 4, 1] } }],
  run: (_inputs, p, env) => ({
    out: randomNormal(env.tf, [p.batchSize, ...p.shape], env.rng.seed(), 0, p.mean, p.std),
  }),
  torch: (p, ctx) => {
    const shape = `(${[ctx.batch(p.batchSize), ...p.shape.map(py)].join(', ')})`;
    return pyCall('tl.normal', [shape, `${ctx.rng}.seed()`], { mean: p.mean === 0 ? undefined : p.mean, std: p.std === 1 ? undefined : p.std });
  },
  // the same Philox normals, made on the CPU
  emit: (p, ctx) => {
    const meanStd = p.mean === 0 && p.std === 1 ? [] : [0, p.mean, p.std];
    return emitRuntimeCall(ctx, 'philoxNormalTensor', [p.batchSize, ...p.shape], code(`${ctx.rng}.seed()`), ...meanStd);
  },
});
