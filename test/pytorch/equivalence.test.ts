// The PyTorch export trains like the app: started from the app's initial weights with the same
// seed, the exported package draws the same batches and noise and gives the app's losses (CPU
// backend) for 5 iterations, update by update.
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { applyOverrides } from '../../src/graph/overrides';
import { template } from '../helpers/cpu-session';
import { CPU_RECIPES, narrowedDdpm } from '../templates/cpu-recipes';
import { diffusionDoc, everyLossDoc, nestedConvDoc, nestedModelsDoc, parallelDropoutDoc } from '../codegen/fixtures';
import { tensorNodesDoc } from './fixtures';
import { appLosses, exportWithWeights, trainPackage, worstRelative } from './support';

/** float32 in two libraries: sums in another order differ in the last bits, and training amplifies them a little */
const TOLERANCE = 1e-4;
const SEED = 7;
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('the PyTorch export trains like the app', () => {
  it.each([
    ['gan-2d', 16],
    ['vae-mlp', 8],
    ['lenet', 8],
    // the convolutional ones at the CPU tests' narrower widths (every node and wire stays); BatchNorm
    // over a batch of 4 is too ill-conditioned for 1e-4 after a few adversarial steps, so 8
    ['dcgan', 8],
    ['vae', 4],
    ['vae-gan', 4],
    ['wgan-gp-2d', 16],
    ['cdcgan', 8],
    // the U-Net at a sixteenth of its widths, T = 4
    ['ddpm-unet', 4],
  ])('%s: the same losses for 5 iterations (batch %i)', async (id, batchSize) => {
    const t = template(id);
    const set = id === 'ddpm-unet' ? narrowedDdpm(t) : (CPU_RECIPES[id]?.set ?? []);
    const doc = applyOverrides(t, { batchSize, set }).doc;
    const dir = await exportWithWeights(doc, SEED);
    dirs.push(dir);
    const [app, exported] = await Promise.all([appLosses(doc, SEED, 5), trainPackage(dir, 'run', ['--steps', '5', '--seed', String(SEED)])]);
    expect(app).toHaveLength(5);
    expect(Object.keys(exported[0]!)).toEqual(Object.keys(app[0]!));
    console.log(`${id}: largest relative difference over 5 iterations ${worstRelative(app, exported).toExponential(1)}`);
    expect(worstRelative(app, exported)).toBeLessThanOrEqual(TOLERANCE);
  });

  it.each([
    ['every loss, optimizer (Adam, AdamW, SGD with Nesterov, RMSProp), repeat and order', everyLossDoc, 3, 4],
    ['two dropouts on parallel branches', parallelDropoutDoc, 2, 3],
    ['a denoiser with every custom layer, on Fashion-MNIST', diffusionDoc, 5, 3],
    ['every tensor node, AvgPool2D, GlobalAvgPool and Multiply', tensorNodesDoc, 4, 3],
    ['models inside models: a block with dropout used twice, that model inside another, the block alone too', nestedModelsDoc, 8, 4],
    ['an image block used twice inside a convolutional model', nestedConvDoc, 3, 4],
  ] as const)('%s: the same losses', async (what, make, seed, steps) => {
    const doc = make();
    const dir = await exportWithWeights(doc, seed);
    dirs.push(dir);
    const [app, exported] = await Promise.all([appLosses(doc, seed, steps), trainPackage(dir, 'run', ['--steps', String(steps), '--seed', String(seed)])]);
    expect(Object.keys(exported[0]!)).toEqual(Object.keys(app[0]!));
    console.log(`${what}: largest relative difference ${worstRelative(app, exported).toExponential(1)}`);
    expect(worstRelative(app, exported)).toBeLessThanOrEqual(TOLERANCE);
  });
});
