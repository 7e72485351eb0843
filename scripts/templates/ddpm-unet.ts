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
import { GRAPH_FORMAT, GRAPH_VERSION, type Graph, type GraphDoc, type Params } from '../../src/graph/types';

/** Grid pitch in canvas pixels: nodes are 184 px wide; the gaps leave room for shape labels on edges. */
const COL = 260;
const ROW = 140;

/** One diffusion process for training and both samplers: they must agree (see diffusion-common.ts). */
const SCHEDULE = { T: 1000, schedule: 'linear', betaStart: 1e-4, betaEnd: 0.02 } as const;

/** Channels per resolution, and the width of the time embedding (4x the base channels, as in the paper). */
const CH = { r28: 32, r14: 64, r7: 64 } as const;
const TIME_DIM = 4 * CH.r28;
const GROUPS = 8;
const DROPOUT = 0.1;

/** An output port of a placed node. */
interface Port {
  node: string;
  port: string;
}

/** A graph under construction: nodes placed on grid cells, edges from named ports. */
class Sketch {
  private readonly g: Graph = { nodes: [], edges: [] };

  /** Places a node at grid cell [col, row] and wires its inputs; returns its output port `out`. */
  node(id: string, type: string, params: Params, at: [number, number], label: string, inputs: Record<string, Port> = {}): Port {
    this.g.nodes.push({ id, type, label, params, position: { x: at[0] * COL, y: at[1] * ROW } });
    for (const [port, source] of Object.entries(inputs)) {
      this.g.edges.push({ id: `e${this.g.edges.length + 1}`, source, target: { node: id, port } });
    }
    return { node: id, port: 'out' };
  }

  /** A layer node: one input on port `in`, or several on in1..inN (Add, Concatenate). */
  layer(id: string, type: string, params: Params, at: [number, number], label: string, input: Port | Port[]): Port {
    const inputs = Array.isArray(input) ? Object.fromEntries(input.map((p, i) => [`in${i + 1}`, p])) : { in: input };
    return this.node(id, type, params, at, label, inputs);
  }

  get graph(): Graph {
    return this.g;
  }
}

const conv = (filters: number, kernelSize = 3, strides = 1): Params => ({ filters, kernelSize, strides, padding: 'same' });
const silu: Params = { activation: 'swish' };
const norm: Params = { groups: GROUPS };

/**
 * The DDPM residual block: GroupNorm → SiLU → Conv 3x3, plus a Dense projection of the time
 * embedding added to every pixel, then GroupNorm → SiLU → Dropout → Conv 3x3, added to the input
 * (through a 1x1 conv when the channels change). Occupies 5 columns x 3 rows from `at`.
 */
function resBlock(s: Sketch, name: string, x: Port, temb: Port, channels: { from: number; to: number }, at: [number, number]): Port {
  const [c, r] = at;
  const id = (part: string) => `${name}_${part}`;
  const cout = channels.to;
  let h = s.layer(id('norm1'), 'layers.groupNorm', norm, [c, r + 1], `${name} norm 1`, x);
  h = s.layer(id('act1'), 'layers.activation', silu, [c + 1, r + 1], `${name} SiLU 1`, h);
  h = s.layer(id('conv1'), 'layers.conv2d', conv(cout), [c + 2, r + 1], `${name} conv 1`, h);
  const time = s.layer(id('time'), 'layers.dense', { units: cout }, [c + 1, r], `${name} time`, temb);
  const perPixel = s.layer(id('time_map'), 'layers.reshape', { targetShape: [1, 1, cout] }, [c + 2, r], `${name} time map`, time);
  h = s.layer(id('add_time'), 'layers.add', { inputs: 2 }, [c + 3, r + 1], `${name} + time`, [h, perPixel]);
  h = s.layer(id('norm2'), 'layers.groupNorm', norm, [c, r + 2], `${name} norm 2`, h);
  h = s.layer(id('act2'), 'layers.activation', silu, [c + 1, r + 2], `${name} SiLU 2`, h);
  h = s.layer(id('dropout'), 'layers.dropout', { rate: DROPOUT }, [c + 2, r + 2], `${name} dropout`, h);
  h = s.layer(id('conv2'), 'layers.conv2d', conv(cout), [c + 3, r + 2], `${name} conv 2`, h);
  const shortcut = channels.from === cout ? x : s.layer(id('skip'), 'layers.conv2d', conv(cout, 1), [c + 3, r], `${name} skip 1x1`, x);
  return s.layer(id('out'), 'layers.add', { inputs: 2 }, [c + 4, r + 2], `${name} out`, [h, shortcut]);
}

/** GroupNorm then self-attention over all pixels (the attention node adds its own residual). */
function attention(s: Sketch, name: string, x: Port, at: [number, number]): Port {
  const h = s.layer(`${name}_attn_norm`, 'layers.groupNorm', norm, at, `${name} attn norm`, x);
  return s.layer(`${name}_attn`, 'layers.selfAttention2d', { heads: 1 }, [at[0] + 1, at[1]], `${name} attention`, h);
}

// Rows of the U: the time MLP on row 0, then one band of 4 rows per resolution, the middle below.
const BAND = { r28: 2, r14: 6, r7: 10, mid: 14 } as const;
/** First column of the up path; the down path uses columns 0-8 and the middle runs in between. */
const UP = 12;

function unet(): Graph {
  const s = new Sketch();
  // model inputs in signature order: the samplers call the model with (image, timestep)
  const x = s.node('x', 'models.input', { name: 'x', shape: [28, 28, 1] }, [0, BAND.r28 + 1], 'x (noisy image)');
  const t = s.node('t', 'models.input', { name: 't', shape: [1] }, [0, 0], 't (timestep)');

  // time MLP: sinusoidal features → Dense → SiLU → Dense, then one shared SiLU before each block's projection
  let temb = s.layer('time_embed', 'layers.timestepEmbedding', { dim: CH.r28 }, [1, 0], 'time sinusoids', t);
  temb = s.layer('time_dense1', 'layers.dense', { units: TIME_DIM }, [2, 0], 'time dense 1', temb);
  temb = s.layer('time_act1', 'layers.activation', silu, [3, 0], 'time SiLU 1', temb);
  temb = s.layer('time_dense2', 'layers.dense', { units: TIME_DIM }, [4, 0], 'time dense 2', temb);
  temb = s.layer('time_act2', 'layers.activation', silu, [5, 0], 'time SiLU 2', temb);

  // down path: 28x28x32 → 14x14x64 → 7x7x64 (+ attention); each level's output is kept as a skip
  const stem = s.layer('conv_in', 'layers.conv2d', conv(CH.r28), [1, BAND.r28 + 1], 'conv in', x);
  const skip28 = resBlock(s, 'down1', stem, temb, { from: CH.r28, to: CH.r28 }, [2, BAND.r28]);
  const to14 = s.layer('down2_downsample', 'layers.conv2d', conv(CH.r28, 3, 2), [1, BAND.r14 + 1], 'down2 28→14', skip28);
  const skip14 = resBlock(s, 'down2', to14, temb, { from: CH.r28, to: CH.r14 }, [2, BAND.r14]);
  const to7 = s.layer('down3_downsample', 'layers.conv2d', conv(CH.r14, 3, 2), [1, BAND.r7 + 1], 'down3 14→7', skip14);
  const down3 = resBlock(s, 'down3', to7, temb, { from: CH.r14, to: CH.r7 }, [2, BAND.r7]);
  const skip7 = attention(s, 'down3', down3, [7, BAND.r7 + 2]);

  // middle at 7x7: residual block, attention, residual block
  let h = resBlock(s, 'mid1', skip7, temb, { from: CH.r7, to: CH.r7 }, [6, BAND.mid]);
  h = attention(s, 'mid', h, [11, BAND.mid + 2]);
  h = resBlock(s, 'mid2', h, temb, { from: CH.r7, to: CH.r7 }, [13, BAND.mid]);

  // up path: join each level's skip (Concatenate), residual block back to that level's channels
  h = s.layer('up3_concat', 'layers.concatenate', { inputs: 2 }, [UP + 2, BAND.r7 + 1], 'up3 + skip', [h, skip7]);
  h = resBlock(s, 'up3', h, temb, { from: 2 * CH.r7, to: CH.r7 }, [UP + 3, BAND.r7]);
  h = attention(s, 'up3', h, [UP + 8, BAND.r7 + 2]);
  h = s.layer('up2_upsample', 'layers.upSampling2d', { size: 2 }, [UP, BAND.r14], 'up2 7→14', h);
  h = s.layer('up2_upconv', 'layers.conv2d', conv(CH.r7), [UP + 1, BAND.r14], 'up2 conv', h);
  h = s.layer('up2_concat', 'layers.concatenate', { inputs: 2 }, [UP + 2, BAND.r14 + 1], 'up2 + skip', [h, skip14]);
  h = resBlock(s, 'up2', h, temb, { from: CH.r7 + CH.r14, to: CH.r14 }, [UP + 3, BAND.r14]);
  h = s.layer('up1_upsample', 'layers.upSampling2d', { size: 2 }, [UP, BAND.r28], 'up1 14→28', h);
  h = s.layer('up1_upconv', 'layers.conv2d', conv(CH.r14), [UP + 1, BAND.r28], 'up1 conv', h);
  h = s.layer('up1_concat', 'layers.concatenate', { inputs: 2 }, [UP + 2, BAND.r28 + 1], 'up1 + skip', [h, skip28]);
  h = resBlock(s, 'up1', h, temb, { from: CH.r14 + CH.r28, to: CH.r28 }, [UP + 3, BAND.r28]);

  // head: GroupNorm → SiLU → Conv 3x3 to one channel, the predicted noise
  h = s.layer('out_norm', 'layers.groupNorm', norm, [UP + 8, BAND.r28 + 2], 'out norm', h);
  h = s.layer('out_act', 'layers.activation', silu, [UP + 9, BAND.r28 + 2], 'out SiLU', h);
  h = s.layer('out_conv', 'layers.conv2d', conv(1), [UP + 10, BAND.r28 + 2], 'out conv → noise', h);
  s.layer('eps', 'models.output', { name: 'eps' }, [UP + 11, BAND.r28 + 2], 'eps (predicted noise)', h);
  return s.graph;
}

function training(): Graph {
  const s = new Sketch();
  const data = s.node('data', 'data.mnist', { batchSize: 128, normalize: '[-1,1]', split: 'train' }, [0, 0], 'MNIST');
  const x0 = { node: data.node, port: 'x' };
  s.node('noising', 'samplers.diffusionForward', { ...SCHEDULE }, [1, 0], 'q_sample', { x0 });
  const port = (node: string, p: string): Port => ({ node, port: p });
  s.node('denoiser', 'models.call', { model: 'unet' }, [2, 0], 'predict noise', { x: port('noising', 'xt'), t: port('noising', 't') });
  s.node('loss', 'losses.mse', { reduction: 'mean' }, [3, 0.8], 'noise MSE', { pred: port('denoiser', 'eps'), target: port('noising', 'eps') });
  // 1e-3, not the paper's 2e-4: that rate went with a 36M-weight network, a warmup and an average of
  // the weights over 800k steps; this small U-Net should show digits within a few thousand steps
  s.node('adam', 'optimizers.adam', { learningRate: 1e-3, models: ['unet'] }, [4, 0.8], 'U-Net', { loss: port('loss', 'loss') });
  s.node('noisy_inputs', 'previews.imageGrid', { count: 16, range: '[-1,1]' }, [2, 1.5], 'what the U-Net sees', { images: port('noising', 'xt') });
  const sampler = { model: 'unet', ...SCHEDULE, clipDenoised: true };
  s.node('ddim', 'samplers.ddim', { ...sampler, batchSize: 64, steps: 50, eta: 0 }, [1, 3], 'DDIM, 50 steps');
  s.node('ddim_samples', 'previews.imageGrid', { count: 64, range: '[-1,1]' }, [2, 3], 'DDIM samples', { images: port('ddim', 'images') });
  s.node('ddpm', 'samplers.ddpm', { ...sampler, batchSize: 16 }, [1, 4.5], 'DDPM, all T steps');
  s.node('ddpm_samples', 'previews.imageGrid', { count: 16, range: '[-1,1]' }, [2, 4.5], 'DDPM samples', { images: port('ddpm', 'images') });
  return s.graph;
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
  return {
    format: GRAPH_FORMAT,
    version: GRAPH_VERSION,
    meta: { name: 'DDPM U-Net on MNIST', description: DESCRIPTION },
    models: { unet: unet() },
    main: training(),
  };
}

export const TEMPLATE_PATH = fileURLToPath(new URL('../../templates/ddpm-unet.json', import.meta.url));

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(TEMPLATE_PATH, saveDocument(ddpmUnetDoc()));
  process.stdout.write(`wrote ${TEMPLATE_PATH}\n`);
}
