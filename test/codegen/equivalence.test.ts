// (b) The exported program repeats the app: run in this process on the CPU backend with the same
// seed, drawing its batches from the same images through imagesInMemory, it gives the losses of
// the app's TrainingProgram (session + trainer) iteration by iteration, the same previews, and the
// same Metric values after the run.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { exportTypeScript } from '../../src/codegen';
import { applyOverrides } from '../../src/graph/overrides';
import type { GraphDoc } from '../../src/graph/types';
import { TEMPLATES } from '../../templates';
import { template } from '../helpers/cpu-session';
import { CPU_RECIPES, DEFAULT_RECIPE, narrowedDdpm } from '../templates/cpu-recipes';
import { anomalyDoc, latentExplorationDoc } from '../pytorch/fixtures';
import { diffusionDoc, everyLossDoc, nestedConvDoc, nestedModelsDoc, parallelDropoutDoc } from './fixtures';
import { appRun, exportedRun, largestRelativeDifference, loadExported } from './support';

/** Relative difference allowed: none, the runs agree to the bit on the CPU backend (README: "the same losses"). */
const TOLERANCE = 0;

async function compare(doc: GraphDoc, o: { seed: number; steps: number; previews?: boolean }) {
  const app = await appRun(doc, o.seed, o.steps, o.previews);
  const exported = await exportedRun(loadExported(await exportTypeScript(doc)), o.seed, o.steps, app.datasets, o.previews);
  return { app, exported };
}

function expectClose(a: number[], b: number[]) {
  expect(b).toHaveLength(a.length);
  const worst = a.reduce((w, v, i) => Math.max(w, Math.abs(v - b[i]!) / Math.max(1e-30, Math.abs(v), Math.abs(b[i]!))), 0);
  expect(worst).toBeLessThanOrEqual(TOLERANCE);
}

describe('the exported program trains like the app', () => {
  it.each([
    ['gan-2d', 16],
    ['vae-mlp', 8],
  ])('%s: the same losses for 5 iterations (batch %i)', async (id, batchSize) => {
    const doc = applyOverrides(template(id), { batchSize }).doc;
    const { app, exported } = await compare(doc, { seed: 7, steps: 5, previews: true });
    expect(app.losses).toHaveLength(5);
    expect(Object.keys(exported.losses[0]!)).toEqual(Object.keys(app.losses[0]!));
    expect(largestRelativeDifference(app.losses, exported.losses)).toBeLessThanOrEqual(TOLERANCE);
    for (const [name, shown] of Object.entries(app.previews)) expectClose(shown, exported.previews[name] ?? []);
  });

  it('the latent-exploration samplers (fixed noise, walks, the 2-D grid): the same previews, and the same losses as without them', async () => {
    const { app, exported } = await compare(applyOverrides(latentExplorationDoc(), { batchSize: 16 }).doc, { seed: 4, steps: 2, previews: true });
    expect(Object.keys(exported.previews)).toEqual(expect.arrayContaining(['fixed_points', 'walk_points', 'walk_linear_points', 'grid_points']));
    for (const [name, shown] of Object.entries(app.previews)) expectClose(shown, exported.previews[name] ?? []);
    // they draw nothing from the training stream: the run's losses are those of the plain template
    const plain = await appRun(applyOverrides(template('gan-2d'), { batchSize: 16 }).doc, 4, 2, false);
    expect(app.losses).toEqual(plain.losses);
  });

  it('every loss, optimizer, repeat and order: the same losses and previews', async () => {
    const { app, exported } = await compare(everyLossDoc(), { seed: 3, steps: 4, previews: true });
    expect(app.losses.flatMap((l) => Object.values(l)).every(Number.isFinite)).toBe(true);
    expect(largestRelativeDifference(app.losses, exported.losses)).toBeLessThanOrEqual(TOLERANCE);
    expect(Object.keys(exported.previews)).toEqual(Object.keys(app.previews));
    for (const [name, shown] of Object.entries(app.previews)) expectClose(shown, exported.previews[name] ?? []);
  });

  it('diffusion with every custom layer: the same losses, DDPM and DDIM samples', async () => {
    const { app, exported } = await compare(diffusionDoc(), { seed: 5, steps: 3, previews: true });
    expect(largestRelativeDifference(app.losses, exported.losses)).toBeLessThanOrEqual(TOLERANCE);
    expect(Object.keys(exported.previews)).toEqual(['ddpm_grid', 'ddim_grid', 'test_grid']);
    for (const [name, shown] of Object.entries(app.previews)) expectClose(shown, exported.previews[name] ?? []);
  });

  it('dropouts on parallel branches, listed in another order than the app builds them: the same masks', async () => {
    const { app, exported } = await compare(parallelDropoutDoc(), { seed: 2, steps: 3 });
    expect(largestRelativeDifference(app.losses, exported.losses)).toBeLessThanOrEqual(TOLERANCE);
  });

  it('models inside models (a block used twice in one model, that model inside another, the block alone too): the same losses', async () => {
    const { app, exported } = await compare(nestedModelsDoc(), { seed: 8, steps: 4 });
    expect(app.losses).toHaveLength(4);
    expect(app.losses.flatMap((l) => Object.values(l)).every(Number.isFinite)).toBe(true);
    expect(largestRelativeDifference(app.losses, exported.losses)).toBeLessThanOrEqual(TOLERANCE);
    const conv = await compare(nestedConvDoc(), { seed: 3, steps: 3 });
    expect(largestRelativeDifference(conv.app.losses, conv.exported.losses)).toBeLessThanOrEqual(TOLERANCE);
  });

  const others = TEMPLATES.filter((t) => t.id !== 'gan-2d' && t.id !== 'vae-mlp');
  // the convolutional templates, narrowed as the template tests narrow them (full width, one CPU
  // iteration takes minutes: tfjs-backend-cpu's Conv2DBackpropFilter is slow)
  if (others.length) it.each(others.map((t) => [t.id]))('%s, narrowed: the same losses (and metrics) for 2 iterations', async (id) => {
    const recipe = CPU_RECIPES[id] ?? (id === 'ddpm-unet' ? { batchSize: 2, set: narrowedDdpm(template(id)) } : DEFAULT_RECIPE);
    const { doc, problems } = applyOverrides(template(id), recipe);
    expect(problems).toEqual([]);
    const { app, exported } = await compare(doc, { seed: 11, steps: 2 });
    expect(largestRelativeDifference(app.losses, exported.losses)).toBeLessThanOrEqual(TOLERANCE);
    expect(exported.metrics).toEqual(app.metrics);
    if (id === 'lenet') expect(Object.keys(app.metrics)).toEqual(['train accuracy', 'test accuracy']);
  });

  it('the anomaly score (Reconstruction Error of Fashion-MNIST images, charted by Metrics): the same values', async () => {
    const doc = applyOverrides(anomalyDoc(), { batchSize: 8 }).doc;
    const { app, exported } = await compare(doc, { seed: 5, steps: 2 });
    expect(Object.keys(app.metrics).sort()).toEqual(['fashion_score', 'fashion_squared_score']);
    expect(exported.metrics).toEqual(app.metrics);
    // per pixel, a Fashion-MNIST image is rebuilt at a cost between 0 and BCE's ln 2 at a coin flip
    expect(app.metrics['fashion_score']! / 784).toBeGreaterThan(0.05);
  });

  it('a Metric of a loss, averaged over batches drawn from its own stream: the same value', async () => {
    const base = applyOverrides(template('lenet'), DEFAULT_RECIPE).doc;
    const doc = structuredClone(base);
    doc.main.nodes.push({ id: 'loss_metric', type: 'metrics.metric', params: { every: 1, batches: 3 }, position: { x: 0, y: 0 } });
    doc.main.edges.push({ id: 'to_loss_metric', source: { node: 'loss', port: 'loss' }, target: { node: 'loss_metric', port: 'value' } });
    const { app, exported } = await compare(doc, { seed: 4, steps: 2 });
    const value = app.metrics['loss_metric']!;
    // a cross-entropy, not a count of right answers: equal only if the same images were drawn
    expect(value).toBeGreaterThan(0.01);
    expect(Number.isInteger(value * 64)).toBe(false);
    expect(exported.metrics).toEqual(app.metrics);
  });

  it('weight clipping and a gradient penalty (the WGAN-GP template, clipped too): the same losses', async () => {
    const set = [{ node: 'opt_D', param: 'clipWeights', value: 0.05 }];
    const { doc, problems } = applyOverrides(template('wgan-gp-2d'), { batchSize: 8, set });
    expect(problems).toEqual([]);
    const { app, exported } = await compare(doc, { seed: 6, steps: 3 });
    expect(app.losses.flatMap((l) => Object.values(l)).every(Number.isFinite)).toBe(true);
    expect(largestRelativeDifference(app.losses, exported.losses)).toBeLessThanOrEqual(TOLERANCE);
  });

  it('a seed other than the app run\'s gives other losses (the comparison can fail)', async () => {
    const doc = applyOverrides(template('gan-2d'), { batchSize: 8 }).doc;
    const app = await appRun(doc, 1, 2);
    const exported = await exportedRun(loadExported(await exportTypeScript(doc)), 2, 2, {});
    expect(largestRelativeDifference(app.losses, exported.losses)).toBeGreaterThan(TOLERANCE);
  });

  it('keeps the tensor count flat from one trainStep to the next', async () => {
    await tf.setBackend('cpu');
    const program = loadExported(await exportTypeScript(applyOverrides(template('gan-2d'), { batchSize: 8 }).doc));
    const t = program.createTraining(1);
    const step = () => tf.dispose(Object.values(program.trainStep(t)));
    step(); // optimizers make their state on the first update
    const after = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) step();
    expect(tf.memory().numTensors).toBe(after);
    tf.dispose(Object.values(program.sample(t)));
    expect(tf.memory().numTensors).toBe(after);
  });
});
