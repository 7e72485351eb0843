// Writes templates/ddpm-unet.json: the DDPM U-Net (Ho et al. 2020) for 28x28 MNIST. The graph has
// over a hundred nodes, so it is built here from a residual-block recipe and laid out on a grid;
// the JSON is what ships. Run: npx tsx scripts/templates/ddpm-unet.ts
//
// Layout of the U-Net on the canvas, read like the U of the paper's figure: the time MLP on the top
// row; the down path descends on the left (one band per resolution: 28, 14, 7), the middle runs
// along the bottom, the up path climbs on the right; skip connections run straight across each band.
// Inside a residual block, the first row holds the time projection (and the 1x1 skip conv), the
// next two rows the two norm-SiLU-conv halves, each read left to right.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { saveDocument } from '../../src/graph/save';
import type { Graph, GraphDoc, Params } from '../../src/graph/types';
import { document, GraphBuilder } from './builder';

/** One diffusion process for training and both samplers: they must agree (see diffusion-common.ts). */
const SCHEDULE = { T: 1000, schedule: 'linear', betaStart: 1e-4, betaEnd: 0.02 } as const;

/** Channels per resolution, and the width of the time embedding (4x the base channels, as in the paper). */
const CH = { r28: 32, r14: 64, r7: 64 } as const;
const TIME_DIM = 4 * CH.r28;
const GROUPS = 8;
const DROPOUT = 0.1;

type Cell = [column: number, row: number];

/** Adds a layer at a grid cell, fed on port `in`, or on in1..inN (Add, Concatenate); returns its id. */
function layer(g: GraphBuilder, id: string, type: string, params: Params, at: Cell, label: string, input: string | string[]): string {
  g.node(id, type, params, at[0], at[1], label);
  if (Array.isArray(input)) input.forEach((source, i) => g.edge(`${source}.out -> ${id}.in${i + 1}`));
  else g.edge(`${input}.out -> ${id}.in`);
  return id;
}

const conv = (filters: number, kernelSize = 3, strides = 1): Params => ({ filters, kernelSize, strides, padding: 'same' });
const silu: Params = { activation: 'swish' };
const norm: Params = { groups: GROUPS };

/**
 * The DDPM residual block: GroupNorm → SiLU → Conv 3x3, plus a Dense projection of the time
 * embedding added to every pixel, then GroupNorm → SiLU → Dropout → Conv 3x3, added to the input
 * (through a 1x1 conv when the channels change). Occupies 5 columns x 3 rows from `at`.
 */
function resBlock(g: GraphBuilder, name: string, x: string, temb: string, channels: { from: number; to: number }, at: Cell): string {
  const [c, r] = at;
  const id = (part: string) => `${name}_${part}`;
  const cout = channels.to;
  let h = layer(g, id('norm1'), 'layers.groupNorm', norm, [c, r + 1], `${name} norm 1`, x);
  h = layer(g, id('act1'), 'layers.activation', silu, [c + 1, r + 1], `${name} SiLU 1`, h);
  h = layer(g, id('conv1'), 'layers.conv2d', conv(cout), [c + 2, r + 1], `${name} conv 1`, h);
  const time = layer(g, id('time'), 'layers.dense', { units: cout }, [c + 1, r], `${name} time`, temb);
  const perPixel = layer(g, id('time_map'), 'layers.reshape', { targetShape: [1, 1, cout] }, [c + 2, r], `${name} time map`, time);
  h = layer(g, id('add_time'), 'layers.add', { inputs: 2 }, [c + 3, r + 1], `${name} + time`, [h, perPixel]);
  h = layer(g, id('norm2'), 'layers.groupNorm', norm, [c, r + 2], `${name} norm 2`, h);
  h = layer(g, id('act2'), 'layers.activation', silu, [c + 1, r + 2], `${name} SiLU 2`, h);
  h = layer(g, id('dropout'), 'layers.dropout', { rate: DROPOUT }, [c + 2, r + 2], `${name} dropout`, h);
  h = layer(g, id('conv2'), 'layers.conv2d', conv(cout), [c + 3, r + 2], `${name} conv 2`, h);
  const shortcut = channels.from === cout ? x : layer(g, id('skip'), 'layers.conv2d', conv(cout, 1), [c + 3, r], `${name} skip 1x1`, x);
  return layer(g, id('out'), 'layers.add', { inputs: 2 }, [c + 4, r + 2], `${name} out`, [h, shortcut]);
}

/**
 * GroupNorm then self-attention over all pixels. The attention node adds its residual to its own
 * input, the normalised map, so this block gives norm(x) + attn(norm(x)) where the paper has
 * x + attn(norm(x)); unnormalised queries and keys would risk saturating the softmax instead.
 */
function attention(g: GraphBuilder, name: string, x: string, at: Cell): string {
  const h = layer(g, `${name}_attn_norm`, 'layers.groupNorm', norm, at, `${name} attn norm`, x);
  return layer(g, `${name}_attn`, 'layers.selfAttention2d', { heads: 1 }, [at[0] + 1, at[1]], `${name} attention`, h);
}

// Rows of the U: the time MLP on row 0, then one band of 4 rows per resolution, the middle below.
const BAND = { r28: 2, r14: 6, r7: 10, mid: 14 } as const;
/** First column of the up path; the down path uses columns 0-8 and the middle runs in between. */
const UP = 12;

function unet(): Graph {
  const g = new GraphBuilder();
  // model inputs in signature order: the samplers call the model with (image, timestep)
  const x = g.node('x', 'models.input', { name: 'x', shape: [28, 28, 1] }, 0, BAND.r28 + 1, 'x (noisy image)');
  const t = g.node('t', 'models.input', { name: 't', shape: [1] }, 0, 0, 't (timestep)');

  // time MLP: sinusoidal features → Dense → SiLU → Dense, then one shared SiLU before each block's projection
  let temb = layer(g, 'time_embed', 'layers.timestepEmbedding', { dim: CH.r28 }, [1, 0], 'time sinusoids', t);
  temb = layer(g, 'time_dense1', 'layers.dense', { units: TIME_DIM }, [2, 0], 'time dense 1', temb);
  temb = layer(g, 'time_act1', 'layers.activation', silu, [3, 0], 'time SiLU 1', temb);
  temb = layer(g, 'time_dense2', 'layers.dense', { units: TIME_DIM }, [4, 0], 'time dense 2', temb);
  temb = layer(g, 'time_act2', 'layers.activation', silu, [5, 0], 'time SiLU 2', temb);

  // down path: 28x28x32 → 14x14x64 → 7x7x64 (+ attention); each level's output is kept as a skip
  const stem = layer(g, 'conv_in', 'layers.conv2d', conv(CH.r28), [1, BAND.r28 + 1], 'conv in', x);
  const skip28 = resBlock(g, 'down1', stem, temb, { from: CH.r28, to: CH.r28 }, [2, BAND.r28]);
  const to14 = layer(g, 'down2_downsample', 'layers.conv2d', conv(CH.r28, 3, 2), [1, BAND.r14 + 1], 'down2 28→14', skip28);
  const skip14 = resBlock(g, 'down2', to14, temb, { from: CH.r28, to: CH.r14 }, [2, BAND.r14]);
  const to7 = layer(g, 'down3_downsample', 'layers.conv2d', conv(CH.r14, 3, 2), [1, BAND.r7 + 1], 'down3 14→7', skip14);
  const down3 = resBlock(g, 'down3', to7, temb, { from: CH.r14, to: CH.r7 }, [2, BAND.r7]);
  const skip7 = attention(g, 'down3', down3, [7, BAND.r7 + 2]);

  // middle at 7x7: residual block, attention, residual block
  let h = resBlock(g, 'mid1', skip7, temb, { from: CH.r7, to: CH.r7 }, [6, BAND.mid]);
  h = attention(g, 'mid', h, [11, BAND.mid + 2]);
  h = resBlock(g, 'mid2', h, temb, { from: CH.r7, to: CH.r7 }, [13, BAND.mid]);

  // up path: join each level's skip (Concatenate), residual block back to that level's channels
  h = layer(g, 'up3_concat', 'layers.concatenate', { inputs: 2 }, [UP + 2, BAND.r7 + 1], 'up3 + skip', [h, skip7]);
  h = resBlock(g, 'up3', h, temb, { from: 2 * CH.r7, to: CH.r7 }, [UP + 3, BAND.r7]);
  h = attention(g, 'up3', h, [UP + 8, BAND.r7 + 2]);
  h = layer(g, 'up2_upsample', 'layers.upSampling2d', { size: 2 }, [UP, BAND.r14], 'up2 7→14', h);
  h = layer(g, 'up2_upconv', 'layers.conv2d', conv(CH.r7), [UP + 1, BAND.r14], 'up2 conv', h);
  h = layer(g, 'up2_concat', 'layers.concatenate', { inputs: 2 }, [UP + 2, BAND.r14 + 1], 'up2 + skip', [h, skip14]);
  h = resBlock(g, 'up2', h, temb, { from: CH.r7 + CH.r14, to: CH.r14 }, [UP + 3, BAND.r14]);
  h = layer(g, 'up1_upsample', 'layers.upSampling2d', { size: 2 }, [UP, BAND.r28], 'up1 14→28', h);
  h = layer(g, 'up1_upconv', 'layers.conv2d', conv(CH.r14), [UP + 1, BAND.r28], 'up1 conv', h);
  h = layer(g, 'up1_concat', 'layers.concatenate', { inputs: 2 }, [UP + 2, BAND.r28 + 1], 'up1 + skip', [h, skip28]);
  h = resBlock(g, 'up1', h, temb, { from: CH.r14 + CH.r28, to: CH.r28 }, [UP + 3, BAND.r28]);

  // head: GroupNorm → SiLU → Conv 3x3 to one channel, the predicted noise
  h = layer(g, 'out_norm', 'layers.groupNorm', norm, [UP + 8, BAND.r28 + 2], 'out norm', h);
  h = layer(g, 'out_act', 'layers.activation', silu, [UP + 9, BAND.r28 + 2], 'out SiLU', h);
  h = layer(g, 'out_conv', 'layers.conv2d', conv(1), [UP + 10, BAND.r28 + 2], 'out conv → noise', h);
  layer(g, 'eps', 'models.output', { name: 'eps' }, [UP + 11, BAND.r28 + 2], 'eps (predicted noise)', h);
  return g.build();
}

function training(): Graph {
  const g = new GraphBuilder();
  g.node('data', 'data.mnist', { batchSize: 128, normalize: '[-1,1]', split: 'train' }, 0, 0, 'MNIST');
  g.node('noising', 'samplers.diffusionForward', { ...SCHEDULE }, 1, 0, 'q_sample');
  g.edge('data.x -> noising.x0');
  g.node('denoiser', 'models.call', { model: 'unet' }, 2, 0, 'predict noise');
  g.edge('noising.xt -> denoiser.x');
  g.edge('noising.t -> denoiser.t');
  g.node('loss', 'losses.mse', { reduction: 'mean' }, 3, 0.8, 'noise MSE');
  g.edge('denoiser.eps -> loss.pred');
  g.edge('noising.eps -> loss.target');
  // 1e-3, not the paper's 2e-4: that rate went with a 36M-weight network, a warmup and an average of
  // the weights over 800k steps; this small U-Net should show digits within a few thousand steps
  g.node('adam', 'optimizers.adam', { learningRate: 1e-3, models: ['unet'] }, 4, 0.8, 'U-Net');
  g.edge('loss.loss -> adam.loss');
  g.node('noisy_inputs', 'previews.imageGrid', { count: 16, range: '[-1,1]' }, 2, 1.5, 'what the U-Net sees');
  g.edge('noising.xt -> noisy_inputs.images');
  const sampler = { model: 'unet', ...SCHEDULE, clipDenoised: true };
  g.node('ddim', 'samplers.ddim', { ...sampler, batchSize: 64, steps: 50, eta: 0 }, 1, 3, 'DDIM, 50 steps');
  g.node('ddim_samples', 'previews.imageGrid', { count: 64, range: '[-1,1]' }, 2, 3, 'DDIM samples');
  g.edge('ddim.images -> ddim_samples.images');
  g.node('ddpm', 'samplers.ddpm', { ...sampler, batchSize: 16 }, 1, 4.5, 'DDPM, all T steps');
  g.node('ddpm_samples', 'previews.imageGrid', { count: 16, range: '[-1,1]' }, 2, 4.5, 'DDPM samples');
  g.edge('ddpm.images -> ddpm_samples.images');
  return g.build();
}

const DESCRIPTION = [
  'A denoising diffusion model (Ho, Jain & Abbeel 2020) that learns to draw MNIST digits.',
  'Training: take a batch of digits scaled to [-1, 1], pick a random step t of a 1000-step noising process for each,',
  'noise it to x_t in one jump (q_sample), and train the U-Net to predict the noise that was added (MSE).',
  'Sampling runs the process backwards: start from pure noise and let the U-Net remove a little of it at a time.',
  'The DDIM preview takes 50 big steps; the DDPM preview takes all 1000 small ones and is much slower.',
  'Open the "unet" model to see the network: it reads like the letter U. The down path (left) halves the image',
  'from 28x28 to 14x14 to 7x7 while widening the channels (32, 64, 64); the middle (bottom) works at 7x7 with',
  'self-attention so distant strokes can agree; the up path (right) doubles the size back and concatenates the',
  'down path\'s feature map of the same size, so fine detail skips the bottleneck. Every residual block adds',
  'a projection of the timestep embedding (top row) to its features: the same weights handle every noise level.',
  'Samples start as blobs; it takes a few thousand iterations before they look like digits.',
].join(' ');

export function ddpmUnetDoc(): GraphDoc {
  return document({ name: 'DDPM U-Net on MNIST', description: DESCRIPTION }, { unet: unet() }, training());
}

export const TEMPLATE_PATH = fileURLToPath(new URL('../../templates/ddpm-unet.json', import.meta.url));

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(TEMPLATE_PATH, saveDocument(ddpmUnetDoc()));
  process.stdout.write(`wrote ${TEMPLATE_PATH}\n`);
}
