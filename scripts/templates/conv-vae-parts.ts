// The convolutional encoder and decoder shared by the VAE and VAE-GAN templates (28x28x1 images).
import { GraphBuilder } from './builder';

/** x → two stride-2 convolutions → Dense → heads mu and logvar, each `latent` wide. */
export function convEncoder(latent: number) {
  const e = new GraphBuilder();
  e.node('x', 'models.input', { name: 'x', shape: [28, 28, 1] }, 0, 0);
  e.node('conv1', 'layers.conv2d', { filters: 32, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }, 1, 0);
  e.node('conv2', 'layers.conv2d', { filters: 64, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }, 2, 0);
  e.node('flat', 'layers.flatten', {}, 3, 0);
  e.node('hidden', 'layers.dense', { units: 128, activation: 'relu' }, 4, 0);
  e.node('mu_head', 'layers.dense', { units: latent }, 5, -0.75);
  e.node('logvar_head', 'layers.dense', { units: latent }, 5, 0.75);
  e.node('mu', 'models.output', { name: 'mu' }, 6, -0.75);
  e.node('logvar', 'models.output', { name: 'logvar' }, 6, 0.75);
  e.chain('x', 'conv1', 'conv2', 'flat', 'hidden', 'mu_head', 'mu');
  e.chain('hidden', 'logvar_head', 'logvar');
  return e.build();
}

/** The layers from z up to the last transposed convolution (`to_pixels`), which the caller finishes. */
function decoderBody(d: GraphBuilder, latent: number, pixelActivation: 'linear' | 'tanh') {
  d.node('z', 'models.input', { name: 'z', shape: [latent] }, 0, 0);
  d.node('project', 'layers.dense', { units: 7 * 7 * 64, activation: 'relu' }, 1, 0);
  d.node('to_map', 'layers.reshape', { targetShape: [7, 7, 64] }, 2, 0);
  d.node('up1', 'layers.conv2dTranspose', { filters: 64, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }, 3, 0);
  d.node('up2', 'layers.conv2dTranspose', { filters: 32, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }, 4, 0);
  d.node('to_pixels', 'layers.conv2dTranspose', { filters: 1, kernelSize: 3, strides: 1, padding: 'same', activation: pixelActivation }, 5, 0);
  d.chain('z', 'project', 'to_map', 'up1', 'up2', 'to_pixels');
}

/** Bernoulli decoder: pixel logits for the loss, and sigmoid(logits) as `image` for previews. */
export function logitDecoder(latent: number) {
  const d = new GraphBuilder();
  decoderBody(d, latent, 'linear');
  d.node('logits', 'models.output', { name: 'logits' }, 6, -0.75);
  d.node('prob', 'layers.activation', { activation: 'sigmoid' }, 6, 0.75);
  d.node('image', 'models.output', { name: 'image' }, 7, 0.75);
  d.chain('to_pixels', 'logits');
  d.chain('to_pixels', 'prob', 'image');
  return d.build();
}

/** Generator-style decoder: tanh pixels in [-1, 1] as `image`. */
export function tanhDecoder(latent: number) {
  const d = new GraphBuilder();
  decoderBody(d, latent, 'tanh');
  d.node('image', 'models.output', { name: 'image' }, 6, 0);
  d.chain('to_pixels', 'image');
  return d.build();
}

/**
 * A weight-free model that stacks an image above another, [28,28,1] + [28,28,1] → [56,28,1], so one
 * image grid shows each input above its reconstruction. Two separate grids would not line up: every
 * preview evaluates its inputs afresh, and so draws its own data batch.
 */
export function stackAboveModel() {
  const s = new GraphBuilder();
  s.node('top', 'models.input', { name: 'top', shape: [28, 28, 1] }, 0, -0.75);
  s.node('bottom', 'models.input', { name: 'bottom', shape: [28, 28, 1] }, 0, 0.75);
  s.node('top_flat', 'layers.flatten', {}, 1, -0.75);
  s.node('bottom_flat', 'layers.flatten', {}, 1, 0.75);
  s.node('join', 'layers.concatenate', { inputs: 2 }, 2, 0);
  s.node('to_image', 'layers.reshape', { targetShape: [56, 28, 1] }, 3, 0);
  s.node('pair', 'models.output', { name: 'pair' }, 4, 0);
  s.chain('top', 'top_flat');
  s.chain('bottom', 'bottom_flat');
  s.edge('top_flat.out -> join.in1');
  s.edge('bottom_flat.out -> join.in2');
  s.chain('join', 'to_image', 'pair');
  return s.build();
}
