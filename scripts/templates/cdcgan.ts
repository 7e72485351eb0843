// A class-conditional DCGAN for 28x28 digits (Mirza and Osindero 2014, on the DCGAN of dcgan.ts):
// both networks take the class id as a second input and embed it, the generator beside its noise
// and the discriminator as one more image channel, so the generator learns to draw the digit it is
// asked for. A Constant of the labels 0-9, each ten times, makes a preview of one row per digit.
import type { GraphDoc } from '../../src/graph/types';
import { document, GraphBuilder } from './builder';
import { discriminatorStages, generatorStages } from './dcgan';

const NOISE = 100;
const BATCH = 64;
const CLASSES = 10;
const PER_ROW = 10;

function generator() {
  const g = new GraphBuilder();
  g.node('z', 'models.input', { name: 'z', shape: [NOISE] }, 0, 0);
  g.node('c', 'models.input', { name: 'c', shape: [], dtype: 'int32' }, 0, 1.5);
  g.node('embed', 'layers.embedding', { inputDim: CLASSES, outputDim: 50 }, 1, 1.5);
  g.node('join', 'layers.concatenate', { inputs: 2 }, 2, 0.75);
  g.chain('c', 'embed');
  g.edge('z.out -> join.in1');
  g.edge('embed.out -> join.in2');
  generatorStages(g, 'join', 3);
  return g.build();
}

function discriminator() {
  const d = new GraphBuilder();
  d.node('x', 'models.input', { name: 'x', shape: [28, 28, 1] }, 0, 0);
  d.node('c', 'models.input', { name: 'c', shape: [], dtype: 'int32' }, 0, 1.5);
  d.node('embed', 'layers.embedding', { inputDim: CLASSES, outputDim: 28 * 28 }, 1, 1.5);
  d.node('label_map', 'layers.reshape', { targetShape: [28, 28, 1] }, 2, 1.5);
  d.node('join', 'layers.concatenate', { inputs: 2 }, 3, 0.75);
  d.chain('c', 'embed', 'label_map');
  d.edge('x.out -> join.in1');
  d.edge('label_map.out -> join.in2');
  discriminatorStages(d, 'join', 4);
  return d.build();
}

function training() {
  const m = new GraphBuilder();
  const adam = (models: string[], order: number) => ({ learningRate: 2e-4, beta1: 0.5, models, order });
  m.node('real', 'data.mnist', { batchSize: BATCH, normalize: '[-1,1]', labels: 'class ids' }, 0, 0);
  m.node('noise', 'samplers.gaussian', { batchSize: BATCH, shape: [NOISE] }, 0, 2.5, 'z');
  m.node('asked', 'samplers.categorical', { batchSize: BATCH, classes: CLASSES }, 0, 3.75, 'asked digit');
  m.node('G', 'models.call', { model: 'generator' }, 1, 3, 'G(z, c)');
  m.node('D_real', 'models.call', { model: 'discriminator' }, 2, 0, 'D(real, label)');
  m.node('D_fake', 'models.call', { model: 'discriminator' }, 2, 3, 'D(fake, c)');
  m.node('d_real_loss', 'losses.bceLogits', { target: 'ones' }, 3, 0, 'real → 1');
  m.node('d_fake_loss', 'losses.bceLogits', { target: 'zeros' }, 3, 1.5, 'fake → 0');
  m.node('d_loss', 'losses.weightedSum', { count: 2, w1: 1, w2: 1 }, 4, 0.75, 'D loss');
  m.node('g_loss', 'losses.bceLogits', { target: 'ones' }, 3, 3.5, 'fake → 1');
  m.node('opt_D', 'optimizers.adam', adam(['discriminator'], 0), 5, 0.75, 'D');
  m.node('opt_G', 'optimizers.adam', adam(['generator'], 1), 5, 3.5, 'G');
  m.node('row_noise', 'samplers.gaussian', { batchSize: CLASSES * PER_ROW, shape: [NOISE] }, 0, 5.25, 'preview z');
  m.node('row_digits', 'tensors.constant', { values: `0..${CLASSES - 1}`, repeat: PER_ROW, dtype: 'int32' }, 0, 6.5, 'digits 0-9');
  m.node('G_rows', 'models.call', { model: 'generator' }, 1, 5.75, 'G(z, 0..9)');
  m.node('samples', 'previews.imageGrid', { count: CLASSES * PER_ROW, range: '[-1,1]' }, 2, 5.75, 'one row per digit');
  m.node('real_images', 'previews.imageGrid', { count: 64, range: '[-1,1]' }, 1, 1.2, 'real');
  m.edge('real.x -> D_real.x');
  m.edge('real.label -> D_real.c');
  m.edge('noise.out -> G.z');
  m.edge('asked.out -> G.c');
  m.edge('G.image -> D_fake.x');
  m.edge('asked.out -> D_fake.c');
  m.edge('D_real.logit -> d_real_loss.logits');
  m.edge('D_fake.logit -> d_fake_loss.logits');
  m.edge('d_real_loss.loss -> d_loss.loss1');
  m.edge('d_fake_loss.loss -> d_loss.loss2');
  m.edge('d_loss.loss -> opt_D.loss');
  m.edge('D_fake.logit -> g_loss.logits');
  m.edge('g_loss.loss -> opt_G.loss');
  m.edge('row_noise.out -> G_rows.z');
  m.edge('row_digits.out -> G_rows.c');
  m.edge('G_rows.image -> samples.images');
  m.edge('real.x -> real_images.images');
  return m.build();
}

export function cdcgan(): GraphDoc {
  return document(
    {
      name: 'Conditional DCGAN on MNIST',
      description:
        'A class-conditional GAN (Mirza and Osindero 2014) on the DCGAN layout: the generator is asked for a digit ' +
        '(a random class id while training) and the discriminator judges whether an image is a real example of the ' +
        'digit it claims to be; both embed the class id (an Embedding layer) and combine it with their other input. ' +
        'The preview asks for each digit ten times, one row per digit, so you can watch every class take shape.',
    },
    { generator: generator(), discriminator: discriminator() },
    training(),
  );
}
