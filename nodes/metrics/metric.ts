import { ok } from '../shape-utils';
import { defineOp } from '../spec';

export default defineOp({
  role: 'metric',
  type: 'metrics.metric',
  category: 'metrics',
  version: 1,
  title: 'Metric',
  aliases: ['chart', 'plot', 'watch', 'log', 'monitor', 'test accuracy', 'evaluate', 'validation'],
  docs: {
    summary: 'Charts any value of the training graph beside the losses, without training on it.',
    intuition:
      'An optimizer only shows its total loss. A Metric charts one more number: a VAE\'s reconstruction and KL ' +
      'terms apart, a discriminator\'s loss on real and on fake images, a classifier\'s accuracy. Every `every` ' +
      'iterations it evaluates its input afresh with training off (dropout off, BatchNorm on its running ' +
      'statistics) and charts the mean, averaged over `batches` evaluations. Fed from a data node on the test ' +
      'split, it measures how well a model does on samples it never trained on. It draws its own random ' +
      'numbers, so adding a Metric does not change how the rest trains.',
    paper: { title: 'Metrics', site: 'keras.io', url: 'https://keras.io/api/metrics/' },
  },
  params: {
    every: { kind: 'int', default: 10, min: 1, max: 100000, doc: 'Iterations between two evaluations.' },
    batches: {
      kind: 'int', default: 1, min: 1, max: 1000,
      doc: 'Evaluations averaged into each point, each on a fresh batch: more give a steadier estimate (20 batches of 500 test images weigh 10,000).',
    },
  },
  inputs: () => [{ name: 'value', kind: 'any', dtype: 'any', doc: 'a loss or any tensor; its mean is charted' }],
  outputs: () => [],
  inferShape: () => ok({}),
  examples: [{ inputs: { value: [] }, outputs: {} }, { inputs: { value: [4, 3] }, outputs: {} }],
  run: (inputs, _p, { tf }) => ({ value: tf.mean(tf.cast(inputs['value']!, 'float32')) }),
  emit: (_p, ctx) => `tf.mean(tf.cast(${ctx.input('value')}, 'float32'))`,
});
