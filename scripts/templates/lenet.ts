// LeNet-5 (LeCun et al. 1998) classifying MNIST digits, in its modern form (ReLU, max pooling,
// Adam): two convolution stages and three Dense layers give 10 logits; categorical cross-entropy
// trains it, and Metrics chart its accuracy on the training batches and on the held-out test split.
import type { GraphDoc } from '../../src/graph/types';
import { document, GraphBuilder } from './builder';

const BATCH = 64;
const TEST_BATCH = 500;

function classifier() {
  const c = new GraphBuilder();
  c.node('x', 'models.input', { name: 'x', shape: [28, 28, 1] }, 0, 0);
  c.node('conv1', 'layers.conv2d', { filters: 6, kernelSize: 5, strides: 1, padding: 'same', activation: 'relu' }, 1, 0);
  c.node('pool1', 'layers.maxPool2d', { poolSize: 2, strides: 2 }, 1, 1);
  c.node('conv2', 'layers.conv2d', { filters: 16, kernelSize: 5, strides: 1, padding: 'valid', activation: 'relu' }, 2, 0);
  c.node('pool2', 'layers.maxPool2d', { poolSize: 2, strides: 2 }, 2, 1);
  c.node('flat', 'layers.flatten', {}, 3, 0.5);
  c.node('fc1', 'layers.dense', { units: 120, activation: 'relu' }, 4, 0);
  c.node('fc2', 'layers.dense', { units: 84, activation: 'relu' }, 4, 1);
  c.node('scores', 'layers.dense', { units: 10 }, 5, 0.5);
  c.node('logits', 'models.output', { name: 'logits' }, 6, 0.5);
  c.chain('x', 'conv1', 'pool1', 'conv2', 'pool2', 'flat', 'fc1', 'fc2', 'scores', 'logits');
  return c.build();
}

function training() {
  const m = new GraphBuilder();
  m.node('train', 'data.mnist', { batchSize: BATCH, normalize: '[0,1]', split: 'train', labels: 'class ids' }, 0, 0, 'train digits');
  m.node('C', 'models.call', { model: 'classifier' }, 1, 0, 'C(train)');
  m.node('loss', 'losses.categoricalCrossEntropy', { labels: 'class ids' }, 2, 0, 'cross-entropy');
  m.node('opt', 'optimizers.adam', { learningRate: 1e-3, models: ['classifier'] }, 3, 0, 'Adam');
  m.node('train_acc', 'metrics.accuracy', {}, 2, 1.25, 'batch accuracy');
  m.node('train_metric', 'metrics.metric', { every: 50, batches: 1 }, 3, 1.25, 'train accuracy');
  m.node('test', 'data.mnist', { batchSize: TEST_BATCH, normalize: '[0,1]', split: 'test', labels: 'class ids' }, 0, 2.75, 'test digits');
  m.node('C_test', 'models.call', { model: 'classifier' }, 1, 2.75, 'C(test)');
  m.node('test_acc', 'metrics.accuracy', {}, 2, 2.75, 'accuracy');
  m.node('test_metric', 'metrics.metric', { every: 250, batches: 20 }, 3, 2.75, 'test accuracy');
  m.node('digits', 'previews.imageGrid', { count: 32, range: '[0,1]' }, 1, -1.25, 'digits');
  m.edge('train.x -> C.x');
  m.edge('C.logits -> loss.logits');
  m.edge('train.label -> loss.labels');
  m.edge('loss.loss -> opt.loss');
  m.edge('C.logits -> train_acc.logits');
  m.edge('train.label -> train_acc.labels');
  m.edge('train_acc.out -> train_metric.value');
  m.edge('test.x -> C_test.x');
  m.edge('C_test.logits -> test_acc.logits');
  m.edge('test.label -> test_acc.labels');
  m.edge('test_acc.out -> test_metric.value');
  m.edge('train.x -> digits.images');
  return m.build();
}

export function lenet(): GraphDoc {
  return document(
    {
      name: 'LeNet classifier on MNIST',
      description:
        'LeNet-5 (LeCun et al. 1998) learns to name the digit in a 28x28 image: two convolution and pooling stages find ' +
        'strokes and their arrangement, three Dense layers turn them into 10 scores, and categorical cross-entropy ' +
        'trains it on class ids (Adam at 1e-3). Two Metrics chart its accuracy: on the training batches every 50 ' +
        'iterations, and on 10,000 test digits it never trains on every 250.',
    },
    { classifier: classifier() },
    training(),
  );
}
