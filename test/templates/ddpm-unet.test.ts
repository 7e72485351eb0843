// The DDPM U-Net template: the file is what its generator writes, it checks clean, its network has
// the intended inputs, outputs and size, and a narrowed copy trains and samples on the CPU backend.
// The full-width U-Net takes over a minute of CPU time per iteration on the tfjs CPU backend (its
// Conv2DBackpropFilter kernel is ~60x slower than the forward convolution), so training runs on a
// copy with a sixteenth of the channels (2/4/4) and T = 4, set on the noising node and both samplers
// alike: every node and wire is the template's, only the widths and the schedule length differ.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ddpmUnetDoc, TEMPLATE_PATH } from '../../scripts/templates/ddpm-unet';
import { analyze } from '../../src/compiler/analyze';
import { layerName } from '../../src/compiler/lower';
import { applyOverrides } from '../../src/graph/overrides';
import { saveDocument } from '../../src/graph/save';
import type { Graph, GraphDoc } from '../../src/graph/types';
import { disposeSession } from '../../src/runtime/session';
import { readPreviews, train, type StepMetrics } from '../../src/runtime/trainer';
import { cpuSession, template, tf } from '../helpers/cpu-session';
import { narrowedDdpm } from './cpu-recipes';
import { expandOwnBlocks } from '../../src/graph/expand-blocks';

/** The template as it was written before its residual blocks were models: every layer in the U-Net itself. */
const FLAT_PATH = new URL('../fixtures/graphs/ddpm-unet-flat.json', import.meta.url);

const DIFFUSION_NODES = ['noising', 'ddim', 'ddpm'];
const SCHEDULE_PARAMS = ['T', 'schedule', 'betaStart', 'betaEnd'];

const mainNode = (doc: GraphDoc, id: string) => doc.main.nodes.find((n) => n.id === id)!;

/** Pairs of nodes whose boxes (184 px wide, at most ~110 px tall on the canvas) overlap. */
function overlaps(g: Graph): string[] {
  const found: string[] = [];
  g.nodes.forEach((a, i) => {
    for (const b of g.nodes.slice(i + 1)) {
      if (Math.abs(a.position.x - b.position.x) < 184 && Math.abs(a.position.y - b.position.y) < 110) found.push(`${a.id}/${b.id}`);
    }
  });
  return found;
}

describe('the DDPM U-Net template', () => {
  it('is what its generator writes, and checks with no diagnostics', () => {
    expect(readFileSync(TEMPLATE_PATH, 'utf8')).toBe(saveDocument(ddpmUnetDoc()));
    const doc = template('ddpm-unet');
    const a = analyze(doc);
    expect(a.diagnostics).toEqual([]);
    // the samplers call the model as (image, timestep [b, 1]) and expect noise shaped like the image
    expect(a.signatures.unet).toEqual({
      inputs: [{ name: 'x', shape: [null, 28, 28, 1], dtype: 'float32' }, { name: 't', shape: [null, 1], dtype: 'float32' }],
      outputs: [{ name: 'eps', shape: [null, 28, 28, 1] }],
    });
    expect(a.shapes['main']?.['data']?.['x']).toEqual([128, 28, 28, 1]);
    // a graph this large must stay readable: every node labelled, none on top of another
    for (const g of [doc.main, ...Object.values(doc.models)]) {
      expect(g.nodes.filter((n) => !n.label).map((n) => n.id)).toEqual([]);
      expect(overlaps(g)).toEqual([]);
    }
  });

  it('writes each residual block once, as a model the U-Net runs with weights of its own at every level', () => {
    const doc = template('ddpm-unet');
    const blocks = doc.models.unet!.nodes.filter((n) => n.type === 'models.call');
    expect(blocks.map((n) => `${n.id}:${String(n.params.model)}:${String(n.params.weights)}`)).toEqual([
      'down1:res32:own', 'down2:res64_skip:own', 'down3:res64:own', 'mid1:res64:own', 'mid2:res64:own', 'up3:res64_skip:own', 'up2:res64_skip:own', 'up1:res32_skip:own',
    ]);
    expect(doc.models.unet!.nodes.length).toBeLessThan(40);
    // the network the compiler builds is the one written out layer by layer before: the same layers, params and wires
    const flat = JSON.parse(readFileSync(FLAT_PATH, 'utf8')) as GraphDoc;
    const expanded = expandOwnBlocks(doc).doc.models.unet!;
    const nodes = (g: Graph) => g.nodes.map((n) => [n.id, n.type, n.params]);
    const wires = (g: Graph) => g.edges.map((e) => `${e.source.node}.${e.source.port} -> ${e.target.node}.${e.target.port}`).sort();
    expect(nodes(expanded)).toEqual(nodes(flat.models.unet!));
    expect(wires(expanded)).toEqual(wires(flat.models.unet!));
  });

  it('trains as the layer-by-layer U-Net did: the same losses for 5 iterations (narrowed, batch 2)', async () => {
    const run = async (base: GraphDoc) => {
      const { doc, problems } = applyOverrides(base, { set: narrowedDdpm(base) });
      expect(problems).toEqual([]);
      const s = await cpuSession(doc, { batchSize: 2, seed: 9 });
      const losses: number[] = [];
      await train(s, { steps: 5, metricsEvery: 1, onMetrics: (m) => void losses.push(...m.map((x) => x.losses['U-Net']!)) });
      disposeSession(s);
      return losses;
    };
    const now = await run(template('ddpm-unet'));
    expect(now).toHaveLength(5);
    expect(now).toEqual(await run(JSON.parse(readFileSync(FLAT_PATH, 'utf8')) as GraphDoc));
  });

  it('uses one diffusion schedule (T = 1000, linear betas 1e-4..0.02) for training and both samplers', () => {
    const doc = template('ddpm-unet');
    const schedules = DIFFUSION_NODES.map((id) => SCHEDULE_PARAMS.map((k) => mainNode(doc, id).params[k]));
    expect(schedules).toEqual(DIFFUSION_NODES.map(() => [1000, 'linear', 1e-4, 0.02]));
    expect(mainNode(doc, 'ddim').params.steps).toBe(50);
    expect(mainNode(doc, 'data').params.normalize).toBe('[-1,1]');
  });

  it('builds a U-Net of 827,041 weights with its 32/64/64 channels', async () => {
    const s = await cpuSession(template('ddpm-unet'));
    const net = s.models.unet!;
    expect(net.countParams()).toBe(827_041);
    const shapeOf = (node: string) => net.getLayer(layerName('unet', node)).outputShape;
    expect(shapeOf('down2_out')).toEqual([null, 14, 14, 64]);
    expect(shapeOf('mid_attn')).toEqual([null, 7, 7, 64]);
    expect(shapeOf('up1_concat')).toEqual([null, 28, 28, 96]);
    expect(s.program.updates.map((u) => [u.name, u.variables.length])).toEqual([['U-Net', net.trainableWeights.length]]);
    disposeSession(s);
  });

  it('narrowed, runs 3 iterations at batch 2 with finite losses and no tensor leak, and renders its previews', async () => {
    const base = template('ddpm-unet');
    const { doc, problems } = applyOverrides(base, { set: narrowedDdpm(base) });
    expect(problems).toEqual([]);
    expect(analyze(doc).diagnostics).toEqual([]);
    const s = await cpuSession(doc, { batchSize: 2 });
    const losses: number[] = [];
    const onMetrics = (m: StepMetrics[]) => void losses.push(...m.map((x) => x.losses['U-Net']!));
    await train(s, { steps: 1, onMetrics }); // burn-in: Adam makes its moment tensors on the first update
    const tensors = tf.memory().numTensors;
    const r = await train(s, { steps: 2, metricsEvery: 1, onMetrics });
    expect(r.status).toBe('done');
    expect(tf.memory().numTensors).toBe(tensors);
    expect(losses).toHaveLength(3);
    // noise has unit variance: an untrained network's squared error is of that order, never 0 or huge
    for (const l of losses) {
      expect(l).toBeGreaterThan(0.05);
      expect(l).toBeLessThan(20);
    }

    const frames = await readPreviews(s);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(frames.map((f) => f.id).sort()).toEqual(['ddim_samples', 'ddpm_samples', 'noisy_inputs']);
    for (const f of frames) {
      const img = f.values.image!;
      expect(img.shape, f.id).toEqual([2, 28, 28, 1]);
      expect(img.data.every((v) => Number.isFinite(v) && v >= 0 && v <= 1), f.id).toBe(true);
      expect(Math.max(...img.data) - Math.min(...img.data), f.id).toBeGreaterThan(0);
    }
    disposeSession(s);
  });
});
