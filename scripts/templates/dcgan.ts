// DCGAN for 28x28 grey images (Radford et al. 2015), in the layout of the Keras DCGAN tutorial:
// a generator that grows a 7x7 feature map to 28x28 with transposed convolutions, and a small
// convolutional discriminator that returns logits.
import type { GraphDoc } from '../../src/graph/types';
import { document, GraphBuilder } from './builder';

const NOISE = 100;
const BATCH = 64;

/**
 * The generator from the node `from` (its input vector) on, its first stage in column `c`: one
 * stage per column, the layer on top, its BatchNorm and LeakyReLU below it; the output `image`.
 */
export function generatorStages(g: GraphBuilder, from: string, c: number): void {
  g.node('project', 'layers.dense', { units: 7 * 7 * 256, useBias: false }, c, 0);
  g.node('project_bn', 'layers.batchNorm', {}, c, 1);
  g.node('project_act', 'layers.activation', { activation: 'leakyRelu', alpha: 0.2 }, c, 2);
  g.node('to_map', 'layers.reshape', { targetShape: [7, 7, 256] }, c + 1, 1);
  g.node('up1', 'layers.conv2dTranspose', { filters: 128, kernelSize: 5, strides: 1, padding: 'same', useBias: false }, c + 2, 0);
  g.node('up1_bn', 'layers.batchNorm', {}, c + 2, 1);
  g.node('up1_act', 'layers.activation', { activation: 'leakyRelu', alpha: 0.2 }, c + 2, 2);
  g.node('up2', 'layers.conv2dTranspose', { filters: 64, kernelSize: 5, strides: 2, padding: 'same', useBias: false }, c + 3, 0);
  g.node('up2_bn', 'layers.batchNorm', {}, c + 3, 1);
  g.node('up2_act', 'layers.activation', { activation: 'leakyRelu', alpha: 0.2 }, c + 3, 2);
  g.node('to_pixels', 'layers.conv2dTranspose', { filters: 1, kernelSize: 5, strides: 2, padding: 'same', activation: 'tanh', useBias: false }, c + 4, 1);
  g.node('image', 'models.output', { name: 'image' }, c + 5, 1);
  g.chain(from, 'project', 'project_bn', 'project_act', 'to_map', 'up1', 'up1_bn', 'up1_act', 'up2', 'up2_bn', 'up2_act', 'to_pixels', 'image');
}

/** The discriminator from the node `from` (its image) on, its first stage in column `c`; the output `logit`. */
export function discriminatorStages(d: GraphBuilder, from: string, c: number): void {
  d.node('conv1', 'layers.conv2d', { filters: 64, kernelSize: 5, strides: 2, padding: 'same' }, c, 0);
  d.node('conv1_act', 'layers.activation', { activation: 'leakyRelu', alpha: 0.2 }, c, 1);
  d.node('conv1_drop', 'layers.dropout', { rate: 0.3 }, c, 2);
  d.node('conv2', 'layers.conv2d', { filters: 128, kernelSize: 5, strides: 2, padding: 'same' }, c + 1, 0);
  d.node('conv2_act', 'layers.activation', { activation: 'leakyRelu', alpha: 0.2 }, c + 1, 1);
  d.node('conv2_drop', 'layers.dropout', { rate: 0.3 }, c + 1, 2);
  d.node('flat', 'layers.flatten', {}, c + 2, 1);
  d.node('score', 'layers.dense', { units: 1 }, c + 3, 1);
  d.node('logit', 'models.output', { name: 'logit' }, c + 4, 1);
  d.chain(from, 'conv1', 'conv1_act', 'conv1_drop', 'conv2', 'conv2_act', 'conv2_drop', 'flat', 'score', 'logit');
}

function generator() {
  const g = new GraphBuilder();
  g.node('z', 'models.input', { name: 'z', shape: [NOISE] }, 0, 0);
  generatorStages(g, 'z', 1);
  return g.build();
}

function discriminator() {
  const d = new GraphBuilder();
  d.node('x', 'models.input', { name: 'x', shape: [28, 28, 1] }, 0, 0);
  discriminatorStages(d, 'x', 1);
  return d.build();
}

function training() {
  const m = new GraphBuilder();
  const adam = (models: string[], order: number) => ({ learningRate: 2e-4, beta1: 0.5, models, order });
  m.node('real', 'data.mnist', { batchSize: BATCH, normalize: '[-1,1]' }, 0, 0);
  m.node('noise', 'samplers.gaussian', { batchSize: BATCH, shape: [NOISE] }, 0, 3, 'z');
  m.node('G', 'models.call', { model: 'generator' }, 1, 3, 'G(z)');
  m.node('D_real', 'models.call', { model: 'discriminator' }, 2, 0, 'D(real)');
  m.node('D_fake', 'models.call', { model: 'discriminator' }, 2, 3, 'D(fake)');
  m.node('d_real_loss', 'losses.bceLogits', { target: 'ones' }, 3, 0, 'real → 1');
  m.node('d_fake_loss', 'losses.bceLogits', { target: 'zeros' }, 3, 1.5, 'fake → 0');
  m.node('d_loss', 'losses.weightedSum', { count: 2, w1: 1, w2: 1 }, 4, 0.75, 'D loss');
  m.node('g_loss', 'losses.bceLogits', { target: 'ones' }, 3, 3.5, 'fake → 1');
  m.node('opt_D', 'optimizers.adam', adam(['discriminator'], 0), 5, 0.75, 'D');
  m.node('opt_G', 'optimizers.adam', adam(['generator'], 1), 5, 3.5, 'G');
  m.node('real_images', 'previews.imageGrid', { count: 64, range: '[-1,1]' }, 1, 1.2, 'real');
  m.node('samples', 'previews.imageGrid', { count: 64, range: '[-1,1]' }, 2, 4.4, 'generated');
  // latent exploration: the same z at every preview, so the change is what G learned; and walks
  m.node('fixed_z', 'samplers.fixedNoise', { batchSize: 64, shape: [NOISE], seed: 1 }, 0, 5.7, 'fixed z');
  m.node('G_fixed', 'models.call', { model: 'generator' }, 1, 5.7, 'G(fixed z)');
  m.node('fixed_samples', 'previews.imageGrid', { count: 64, range: '[-1,1]' }, 2, 5.7, 'the same z every time');
  m.node('walk_z', 'samplers.latentInterpolation', { steps: 8, shape: [NOISE], seed: 1, path: 'spherical' }, 0, 7, 'walks');
  m.node('G_walk', 'models.call', { model: 'generator' }, 1, 7, 'G(walks)');
  m.node('walks', 'previews.imageGrid', { count: 64, range: '[-1,1]' }, 2, 7, 'one walk per row');
  m.edge('real.x -> D_real.x');
  m.edge('noise.out -> G.z');
  m.edge('G.image -> D_fake.x');
  m.edge('D_real.logit -> d_real_loss.logits');
  m.edge('D_fake.logit -> d_fake_loss.logits');
  m.edge('d_real_loss.loss -> d_loss.loss1');
  m.edge('d_fake_loss.loss -> d_loss.loss2');
  m.edge('d_loss.loss -> opt_D.loss');
  m.edge('D_fake.logit -> g_loss.logits');
  m.edge('g_loss.loss -> opt_G.loss');
  m.edge('real.x -> real_images.images');
  m.edge('G.image -> samples.images');
  m.edge('fixed_z.out -> G_fixed.z');
  m.edge('G_fixed.image -> fixed_samples.images');
  m.edge('walk_z.out -> G_walk.z');
  m.edge('G_walk.image -> walks.images');
  return m.build();
}

export function dcgan(): GraphDoc {
  return document(
    {
      name: 'DCGAN on MNIST',
      description:
        'A deep convolutional GAN (Radford et al. 2015) for 28x28 digits: the generator grows 100 noise values into an ' +
        'image through transposed convolutions, the discriminator learns to tell real digits from generated ones, and ' +
        'each update trains one against the other (D first, then G, Adam at 2e-4 with beta1 0.5). ' +
        'Switch the data node to Fashion-MNIST to generate clothes instead.',
    },
    { generator: generator(), discriminator: discriminator() },
    training(),
  );
}
