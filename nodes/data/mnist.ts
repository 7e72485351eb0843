import { imageDatasetNode } from './image-dataset';

export default imageDatasetNode({
  type: 'data.mnist',
  title: 'MNIST',
  aliases: ['digits', 'handwritten digits', 'dataset', 'images'],
  prefix: 'mnist',
  labels: 'digit 0-9',
  docs: {
    summary: '28×28 grey images of handwritten digits 0-9: 60,000 for training, 10,000 for testing.',
    intuition:
      'MNIST is the "hello world" of machine learning: small, clean and quick to learn, so you can see a model ' +
      'work within minutes. Each image is one centred digit, white on black. A generator that has learned it ' +
      'draws legible digits; an autoencoder that has learned it can squeeze a digit into a handful of numbers.',
    paper: { title: 'Gradient-Based Learning Applied to Document Recognition', authors: 'LeCun, Bottou, Bengio, Haffner', year: 1998, url: 'https://doi.org/10.1109/5.726791' },
  },
});
