import { issue, showShape } from '../../src/messages';
import { need, out } from '../shape-utils';
import { defineLayer, fixedPorts } from '../spec';
import { code, emitCall } from './emit';
import { trained } from './param-count';
import { py, pyCall } from '../torch-emit';

// Keras's default for embeddings: small uniform values, so no class starts out far from the others
const INIT = { minval: -0.05, maxval: 0.05 };

export default defineLayer({
  role: 'layer',
  type: 'layers.embedding',
  category: 'layers',
  version: 1,
  title: 'Embedding',
  aliases: ['lookup', 'class embedding', 'label embedding', 'token embedding', 'conditioning'],
  docs: {
    summary: 'Looks up a learned vector for each class id: id → a row of a trainable table.',
    intuition:
      'An Embedding holds one trainable vector per class and replaces each id by its vector. It is a Dense layer ' +
      'applied to a one-hot input, without building the one-hot: the network learns where in the vector space ' +
      'each class should sit. Conditional generators embed the class they are asked for and combine it with ' +
      'the noise; language models embed words the same way.',
    paper: { title: 'Embedding layer', site: 'keras.io', url: 'https://keras.io/api/layers/core_layers/embedding/' },
  },
  params: {
    inputDim: { kind: 'int', default: 10, min: 1, max: 100000, doc: 'How many classes: ids go from 0 to inputDim − 1.' },
    outputDim: { kind: 'int', default: 16, min: 1, max: 4096, doc: 'Length of each class\'s vector.' },
  },
  inputs: fixedPorts({ name: 'in', kind: 'tensor', dtype: 'int32', doc: 'class ids [batch, ...], int32 (a Model Input of dtype int32)' }),
  outputs: fixedPorts({ name: 'out', kind: 'tensor', doc: 'vectors [batch, ..., outputDim]' }),
  inferShape(inputs, p) {
    const x = need(inputs, 'in');
    if (x.length < 1) {
      return { ok: false, port: 'in', issue: issue('shape.rank', { port: 'in', expected: 'batched [batch, ...]', got: showShape(x), hint: '' }) };
    }
    return out([...x, p.outputDim]);
  },
  seeds: 'seed',
  build: (tf, p, o) =>
    tf.layers.embedding({
      name: o.name, inputDim: p.inputDim, outputDim: p.outputDim,
      embeddingsInitializer: tf.initializers.randomUniform({ ...INIT, seed: o.seed }),
    }),
  emit: (p, o) =>
    emitCall('tf.layers.embedding', {
      name: o.name, inputDim: p.inputDim, outputDim: p.outputDim,
      embeddingsInitializer: o.seeds ? code(`tf.initializers.randomUniform({ minval: ${INIT.minval}, maxval: ${INIT.maxval}, seed: ${o.seeds.seed} })`) : 'randomUniform',
    }),
  torch: {
    module: (p) => pyCall('nn.Embedding', [py(p.inputDim), py(p.outputDim)]),
    weights: () => [['embeddings', 'weight', 'same']],
  },
  paramCount: (p) => trained(p.inputDim * p.outputDim),
  examples: [
    { inputs: { in: [null] }, outputs: { out: [null, 16] } },
    { params: { inputDim: 4, outputDim: 3 }, inputs: { in: [null, 2] }, outputs: { out: [null, 2, 3] } },
  ],
});
