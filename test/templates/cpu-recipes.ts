// How the template tests make each template cheap enough to train on the tfjs CPU backend: a small
// batch through the batchSize override and, for the convolutional templates, narrower layers set
// through param overrides. The template files themselves are never edited. Every node and wire
// stays the template's; only widths change (kept consistent, e.g. a Dense and the Reshape after it).
// Why narrow: tfjs's plain-JavaScript CPU backend computes convolutions at well under a GFLOP/s,
// so one full-width DCGAN iteration at batch 64 takes a minute or more there (even with the
// product's filter gradient, src/runtime/kernels/), and the tests would take hours.
import type { ParamSetting } from '../../src/graph/overrides';
import type { GraphDoc, ParamValue } from '../../src/graph/types';

export interface CpuRecipe {
  batchSize: number;
  set: ParamSetting[];
}

const settings = (rows: [node: string, param: string, value: ParamValue][]): ParamSetting[] =>
  rows.map(([node, param, value]) => ({ node, param, value }));

/** The conv encoder and decoder of the VAE and VAE-GAN templates at an eighth of their widths. */
const narrowConvVae = settings([
  ['encoder/conv1', 'filters', 4],
  ['encoder/conv2', 'filters', 8],
  ['encoder/hidden', 'units', 16],
  ['decoder/project', 'units', 7 * 7 * 8],
  ['decoder/to_map', 'targetShape', [7, 7, 8]],
  ['decoder/up1', 'filters', 8],
  ['decoder/up2', 'filters', 4],
]);

export const CPU_RECIPES: Record<string, CpuRecipe> = {
  'gan-2d': { batchSize: 8, set: [] },
  'vae-mlp': { batchSize: 8, set: [] },
  dcgan: {
    batchSize: 4,
    set: settings([
      ['generator/project', 'units', 7 * 7 * 16],
      ['generator/to_map', 'targetShape', [7, 7, 16]],
      ['generator/up1', 'filters', 16],
      ['generator/up2', 'filters', 8],
      ['discriminator/conv1', 'filters', 8],
      ['discriminator/conv2', 'filters', 16],
    ]),
  },
  cdcgan: {
    batchSize: 4,
    set: settings([
      ['generator/project', 'units', 7 * 7 * 16],
      ['generator/to_map', 'targetShape', [7, 7, 16]],
      ['generator/up1', 'filters', 16],
      ['generator/up2', 'filters', 8],
      ['discriminator/conv1', 'filters', 8],
      ['discriminator/conv2', 'filters', 16],
    ]),
  },
  vae: { batchSize: 4, set: narrowConvVae },
  'vae-gan': {
    batchSize: 2,
    set: [
      ...narrowConvVae,
      ...settings([
        ['discriminator/conv1', 'filters', 4],
        ['discriminator/conv2', 'filters', 8],
        ['discriminator/conv3', 'filters', 8],
      ]),
    ],
  },
};

/**
 * The DDPM U-Net narrowed for the CPU: every width inside the U-Net divided by `factor` (the
 * 1-channel noise output stays), every GroupNorm at `groups` groups (which must divide the narrowed
 * channels), and the schedule shortened to T = 4 on the noising node and both samplers alike.
 */
export function narrowedDdpm(doc: GraphDoc, factor = 16, groups = 2): ParamSetting[] {
  const set: ParamSetting[] = [];
  // the U-Net and its residual-block models alike
  for (const [model, graph] of Object.entries(doc.models)) for (const n of graph.nodes) {
    const at = (param: string, value: number | number[]) => set.push({ node: `${model}/${n.id}`, param, value });
    const p = n.params;
    // a block's declared inputs: its feature map's channels and the time embedding's width
    const shape = p['shape'] as number[] | undefined;
    if (n.type === 'models.input' && shape && shape.at(-1)! > 1) at('shape', [...shape.slice(0, -1), shape.at(-1)! / factor]);
    if (n.type === 'layers.conv2d' && p['filters'] !== 1) at('filters', Number(p['filters']) / factor);
    if (n.type === 'layers.dense') at('units', Number(p['units']) / factor);
    if (n.type === 'layers.timestepEmbedding') at('dim', Number(p['dim']) / factor);
    if (n.type === 'layers.reshape') at('targetShape', (p['targetShape'] as number[]).map((d) => (d === 1 ? 1 : d / factor)));
    if (n.type === 'layers.groupNorm') at('groups', groups);
  }
  return [...set, ...['noising', 'ddim', 'ddpm'].map((node) => ({ node, param: 'T', value: 4 })), { node: 'ddim', param: 'steps', value: 2 }];
}

/** Templates whose CPU run lives in their own test file (with their own narrowing), by test file. */
export const TESTED_ON_THEIR_OWN: Record<string, string> = {
  'ddpm-unet': 'ddpm-unet.test.ts',
};

/** A template no recipe names runs with this: a small batch and nothing else changed. */
export const DEFAULT_RECIPE: CpuRecipe = { batchSize: 4, set: [] };
