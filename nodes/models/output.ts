import { definePlumbing, fixedPorts } from '../spec';
import { ok } from '../shape-utils';

export default definePlumbing({
  role: 'model-output',
  type: 'models.output',
  category: 'models',
  version: 1,
  title: 'Model Output',
  aliases: ['output', 'return'],
  docs: {
    summary: 'What a model gives back; becomes an output port of the model node.',
    intuition:
      'Connect the last layer of a model to a Model Output. A model may have several outputs: a discriminator ' +
      'can return both its verdict and an inner feature map, an encoder both mu and log-variance.',
    paper: { title: 'The Functional API', authors: 'F. Chollet', year: 2019, url: 'https://keras.io/guides/functional_api/' },
  },
  params: {
    name: { kind: 'string', default: 'y', doc: 'Port name of this output on the model node.' },
  },
  // float32 only: a model gives back values; class ids pass around it in the training graph
  inputs: fixedPorts({ name: 'in', kind: 'tensor', doc: 'the tensor the model returns' }),
  outputs: fixedPorts(),
  inferShape: () => ok({}),
});
