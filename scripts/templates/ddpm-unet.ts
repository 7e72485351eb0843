// Writes templates/ddpm-unet.json: the DDPM U-Net (Ho et al. 2020) for 28x28 MNIST, built here
// from residual-block models (which the U-Net runs with weights of their own at each level) and
// laid out on a grid; the JSON is what ships. Run: npx tsx scripts/templates/ddpm-unet.ts
//
// Layout of the U-Net on the canvas, read like the U of the paper's figure: the time MLP on the top
// row; the down path descends on the left (one row per resolution: 28, 14, 7), the middle runs
// along the bottom, the up path climbs on the right; skip connections run straight across each row.
// Inside a residual-block model, the first row holds the time projection (and the 1x1 skip conv),
// the next two rows the two norm-SiLU-conv halves, each read left to right.
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

/** A node's output: "node.port" as given, or a bare id for its `out` port. */
const outOf = (source: string) => (source.includes('.') ? source : `${source}.out`);

/** Adds a layer at a grid cell, fed on port `in`, or on in1..inN (Add, Concatenate); returns its id. */
function layer(g: GraphBuilder, id: string, type: string, params: Params, at: Cell, label: string, input: string | string[]): string {
  g.node(id, type, params, at[0], at[1], label);
  if (Array.isArray(input)) input.forEach((source, i) => g.edge(`${outOf(source)} -> ${id}.in${i + 1}`));
  else g.edge(`${outOf(input)} -> ${id}.in`);
  return id;
}

const conv = (filters: number, kernelSize = 3, strides = 1): Params => ({ filters, kernelSize, strides, padding: 'same' });
const silu: Params = { activation: 'swish' };
const norm: Params = { groups: GROUPS };

/**
 * The DDPM residual block as a model of its own: GroupNorm → SiLU → Conv 3x3, plus a Dense
 * projection of the time embedding added to every pixel, then GroupNorm → SiLU → Dropout → Conv
 * 3x3, added to the input (through a 1x1 conv when the channels change). The U-Net runs it with
 * weights of its own at every level ("own"), so the declared input is one example of its sizes.
 */
function resBlock(channels: { from: number; to: number }, size: number): Graph {
  const g = new GraphBuilder();
  const cout = channels.to;
  const x = g.node('x', 'models.input', { name: 'x', shape: [size, size, channels.from] }, 0, 1, 'x (feature map)');
  const temb = g.node('temb', 'models.input', { name: 'temb', shape: [TIME_DIM] }, 0, 0, 'time embedding');
  let h = layer(g, 'norm1', 'layers.groupNorm', norm, [1, 1], 'norm 1', x);
  h = layer(g, 'act1', 'layers.activation', silu, [2, 1], 'SiLU 1', h);
  h = layer(g, 'conv1', 'layers.conv2d', conv(cout), [3, 1], 'conv 1', h);
  const time = layer(g, 'time', 'layers.dense', { units: cout }, [2, 0], 'time', temb);
  const perPixel = layer(g, 'time_map', 'layers.reshape', { targetShape: [1, 1, cout] }, [3, 0], 'time map', time);
  h = layer(g, 'add_time', 'layers.add', { inputs: 2 }, [4, 1], '+ time', [h, perPixel]);
  h = layer(g, 'norm2', 'layers.groupNorm', norm, [1, 2], 'norm 2', h);
  h = layer(g, 'act2', 'layers.activation', silu, [2, 2], 'SiLU 2', h);
  h = layer(g, 'dropout', 'layers.dropout', { rate: DROPOUT }, [3, 2], 'dropout', h);
  h = layer(g, 'conv2', 'layers.conv2d', conv(cout), [4, 2], 'conv 2', h);
  const shortcut = channels.from === cout ? x : layer(g, 'skip', 'layers.conv2d', conv(cout, 1), [4, 0], 'skip 1x1', x);
  const out = layer(g, 'out', 'layers.add', { inputs: 2 }, [5, 2], 'out', [h, shortcut]);
  layer(g, 'y', 'models.output', { name: 'y' }, [6, 2], 'y', out);
  return g.build();
}

/** The block models: a residual block to 32 or 64 channels, keeping its input's channels or changing them. */
const BLOCKS = {
  res32: resBlock({ from: CH.r28, to: CH.r28 }, 28),
  res64: resBlock({ from: CH.r7, to: CH.r7 }, 7),
  res64_skip: resBlock({ from: CH.r28, to: CH.r14 }, 14),
  res32_skip: resBlock({ from: CH.r14 + CH.r28, to: CH.r28 }, 28),
} as const;

/** One residual block of the U-Net: a Model node with weights of its own, named for its level. */
function block(g: GraphBuilder, name: string, model: keyof typeof BLOCKS, x: string, temb: string, at: Cell): string {
  g.node(name, 'models.call', { model, weights: 'own' }, at[0], at[1], `${name} (${model})`);
  g.edge(`${outOf(x)} -> ${name}.x`);
  g.edge(`${outOf(temb)} -> ${name}.temb`);
  return `${name}.y`;
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

// Rows of the U: the time MLP on row 0, then one row per resolution, the middle below.
const ROW_OF = { r28: 1.5, r14: 3, r7: 4.5, mid: 6 } as const;

function unet(): Graph {
  const g = new GraphBuilder();
  // model inputs in signature order: the samplers call the model with (image, timestep)
  const x = g.node('x', 'models.input', { name: 'x', shape: [28, 28, 1] }, 0, ROW_OF.r28, 'x (noisy image)');
  const t = g.node('t', 'models.input', { name: 't', shape: [1] }, 0, 0, 't (timestep)');

  // time MLP: sinusoidal features → Dense → SiLU → Dense, then one shared SiLU before each block's projection
  let temb = layer(g, 'time_embed', 'layers.timestepEmbedding', { dim: CH.r28 }, [1, 0], 'time sinusoids', t);
  temb = layer(g, 'time_dense1', 'layers.dense', { units: TIME_DIM }, [2, 0], 'time dense 1', temb);
  temb = layer(g, 'time_act1', 'layers.activation', silu, [3, 0], 'time SiLU 1', temb);
  temb = layer(g, 'time_dense2', 'layers.dense', { units: TIME_DIM }, [4, 0], 'time dense 2', temb);
  temb = layer(g, 'time_act2', 'layers.activation', silu, [5, 0], 'time SiLU 2', temb);

  // down path: 28x28x32 → 14x14x64 → 7x7x64 (+ attention); each level's output is kept as a skip
  const stem = layer(g, 'conv_in', 'layers.conv2d', conv(CH.r28), [1, ROW_OF.r28], 'conv in', x);
  const skip28 = block(g, 'down1', 'res32', stem, temb, [2, ROW_OF.r28]);
  const to14 = layer(g, 'down2_downsample', 'layers.conv2d', conv(CH.r28, 3, 2), [2, ROW_OF.r14], 'down2 28→14', skip28);
  const skip14 = block(g, 'down2', 'res64_skip', to14, temb, [3, ROW_OF.r14]);
  const to7 = layer(g, 'down3_downsample', 'layers.conv2d', conv(CH.r14, 3, 2), [3, ROW_OF.r7], 'down3 14→7', skip14);
  const down3 = block(g, 'down3', 'res64', to7, temb, [4, ROW_OF.r7]);
  const skip7 = attention(g, 'down3', down3, [5, ROW_OF.r7]);

  // middle at 7x7: residual block, attention, residual block
  let h = block(g, 'mid1', 'res64', skip7, temb, [6, ROW_OF.mid]);
  h = attention(g, 'mid', h, [7, ROW_OF.mid]);
  h = block(g, 'mid2', 'res64', h, temb, [9, ROW_OF.mid]);

  // up path: join each level's skip (Concatenate), residual block back to that level's channels
  h = layer(g, 'up3_concat', 'layers.concatenate', { inputs: 2 }, [10, ROW_OF.r7], 'up3 + skip', [h, skip7]);
  h = block(g, 'up3', 'res64_skip', h, temb, [11, ROW_OF.r7]);
  h = attention(g, 'up3', h, [12, ROW_OF.r7]);
  h = layer(g, 'up2_upsample', 'layers.upSampling2d', { size: 2 }, [14, ROW_OF.r7 - 0.75], 'up2 7→14', h);
  h = layer(g, 'up2_upconv', 'layers.conv2d', conv(CH.r7), [15, ROW_OF.r7 - 0.75], 'up2 conv', h);
  h = layer(g, 'up2_concat', 'layers.concatenate', { inputs: 2 }, [16, ROW_OF.r14], 'up2 + skip', [h, skip14]);
  h = block(g, 'up2', 'res64_skip', h, temb, [17, ROW_OF.r14]);
  h = layer(g, 'up1_upsample', 'layers.upSampling2d', { size: 2 }, [18, ROW_OF.r14 - 0.75], 'up1 14→28', h);
  h = layer(g, 'up1_upconv', 'layers.conv2d', conv(CH.r14), [19, ROW_OF.r14 - 0.75], 'up1 conv', h);
  h = layer(g, 'up1_concat', 'layers.concatenate', { inputs: 2 }, [20, ROW_OF.r28], 'up1 + skip', [h, skip28]);
  h = block(g, 'up1', 'res32_skip', h, temb, [21, ROW_OF.r28]);

  // head: GroupNorm → SiLU → Conv 3x3 to one channel, the predicted noise
  h = layer(g, 'out_norm', 'layers.groupNorm', norm, [22, ROW_OF.r28], 'out norm', h);
  h = layer(g, 'out_act', 'layers.activation', silu, [23, ROW_OF.r28], 'out SiLU', h);
  h = layer(g, 'out_conv', 'layers.conv2d', conv(1), [24, ROW_OF.r28], 'out conv → noise', h);
  layer(g, 'eps', 'models.output', { name: 'eps' }, [25, ROW_OF.r28], 'eps (predicted noise)', h);
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
  'The residual blocks are models of their own (res32, res64, res64_skip, res32_skip: open one to see its layers),',
  'which the U-Net runs with weights of their own at each level: one recipe, eight blocks.',
  'Samples start as blobs; it takes a few thousand iterations before they look like digits.',
].join(' ');

export function ddpmUnetDoc(): GraphDoc {
  return document({ name: 'DDPM U-Net on MNIST', description: DESCRIPTION }, { unet: unet(), ...BLOCKS }, training());
}

export const TEMPLATE_PATH = fileURLToPath(new URL('../../templates/ddpm-unet.json', import.meta.url));

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(TEMPLATE_PATH, saveDocument(ddpmUnetDoc()));
  process.stdout.write(`wrote ${TEMPLATE_PATH}\n`);
}
