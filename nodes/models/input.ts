import { definePlumbing, fixedPorts } from '../spec';
import { out } from '../shape-utils';

export default definePlumbing({
  role: 'model-input',
  type: 'models.input',
  category: 'models',
  version: 1,
  title: 'Model Input',
  aliases: ['input', 'placeholder'],
  docs: {
    summary: 'Where data enters a model; declares the shape of one sample.',
    intuition:
      'A model is a reusable network with named inputs and outputs. Each Model Input declares the shape of ' +
      'one sample (the batch dimension is added for you), so every layer after it can work out its own shape ' +
      'before any data exists. Where the model is used in the training graph, this input becomes a port.',
    paper: { title: 'The Functional API', authors: 'F. Chollet', year: 2019, url: 'https://keras.io/guides/functional_api/' },
  },
  params: {
    name: { kind: 'string', default: 'x', doc: 'Port name of this input on the model node.' },
    shape: {
      kind: 'shape', default: [28, 28, 1], minLength: 0, maxLength: 4,
      doc: 'Shape of one sample, without the batch dimension; empty for one number per sample (a class id).',
    },
    dtype: {
      kind: 'enum', options: ['float32', 'int32'], default: 'float32',
      doc: '"float32" for values (images, noise); "int32" for class ids, which only an Embedding layer takes.',
    },
  },
  inputs: fixedPorts(),
  outputs: (p) => [{ name: 'out', kind: 'tensor', dtype: p.dtype, doc: 'the model input [batch, ...shape]' }],
  inferShape: (_inputs, p) => out([null, ...p.shape]),
});
