import { imageDatasetNode } from './image-dataset';

export default imageDatasetNode({
  type: 'data.fashionMnist',
  title: 'Fashion-MNIST',
  aliases: ['clothes', 'zalando', 'fashion', 'dataset', 'images'],
  prefix: 'fashion-mnist',
  labels: '0 T-shirt/top, 1 trouser, 2 pullover, 3 dress, 4 coat, 5 sandal, 6 shirt, 7 sneaker, 8 bag, 9 ankle boot',
  docs: {
    summary: '28×28 grey images of 10 kinds of clothing: 60,000 for training, 10,000 for testing.',
    intuition:
      'Fashion-MNIST has the same format as MNIST but is harder: shirts, pullovers and coats look alike, and ' +
      'textures matter. A model that aces MNIST may still struggle here, which makes differences between models ' +
      'easier to see. Its test split is a fixed 1,000 images per class (see src/runtime/datasets/sources.ts).',
    paper: {
      title: 'Fashion-MNIST: a Novel Image Dataset for Benchmarking Machine Learning Algorithms',
      authors: 'Xiao, Rasul, Vollgraf', year: 2017, url: 'https://arxiv.org/abs/1708.07747',
    },
  },
});
