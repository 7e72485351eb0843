// The three 28x28 templates (DCGAN, VAE, VAE-GAN): each file is what its generator script writes,
// checks with no diagnostics at all, has the intended architecture (parameter counts), and can be
// changed the ways its description promises (Fashion-MNIST, a 2-D latent).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dcgan } from '../../scripts/templates/dcgan';
import { vae, VAE_LATENT } from '../../scripts/templates/vae';
import { GAMMA, vaeGan } from '../../scripts/templates/vae-gan';
import { analyze } from '../../src/compiler/analyze';
import { applyOverrides } from '../../src/graph/overrides';
import { saveDocument } from '../../src/graph/save';
import type { GraphDoc } from '../../src/graph/types';
import { disposeSession } from '../../src/runtime/session';
import { cpuSession, template, tf } from '../helpers/cpu-session';

const GENERATED: [id: string, make: () => GraphDoc][] = [['dcgan', dcgan], ['vae', vae], ['vae-gan', vaeGan]];

const mainNode = (doc: GraphDoc, id: string) => {
  const n = doc.main.nodes.find((x) => x.id === id);
  if (!n) throw new Error(`no node ${id}`);
  return n;
};

async function paramCounts(doc: GraphDoc): Promise<Record<string, number>> {
  const s = await cpuSession(doc);
  const counts = Object.fromEntries(Object.entries(s.models).map(([id, m]) => [id, m.countParams()]));
  disposeSession(s);
  return counts;
}

describe.each(GENERATED)('template %s', (id, make) => {
  it('is what scripts/templates/generate.ts writes, and checks with no diagnostics', () => {
    expect(readFileSync(new URL(`../../templates/${id}.json`, import.meta.url), 'utf8')).toBe(saveDocument(make()));
    expect(analyze(template(id)).diagnostics).toEqual([]);
  });

  it('switches to Fashion-MNIST by changing the type of its data node', () => {
    const doc = structuredClone(template(id));
    const data = doc.main.nodes.filter((n) => n.type === 'data.mnist');
    expect(data).toHaveLength(1);
    data[0]!.type = 'data.fashionMnist';
    expect(analyze(doc).diagnostics).toEqual([]);
  });

  it('names every optimizer, and every node has a distinct position', () => {
    const doc = template(id);
    for (const n of doc.main.nodes) if (n.type.startsWith('optimizers.')) expect(n.label, n.id).toBeTruthy();
    for (const g of [doc.main, ...Object.values(doc.models)]) {
      const spots = g.nodes.map((n) => `${n.position.x},${n.position.y}`);
      expect(new Set(spots).size).toBe(spots.length);
    }
  });
});

describe('DCGAN', () => {
  it('has the Keras tutorial\'s sizes: 2,330,944 generator and 212,865 discriminator parameters', async () => {
    expect(await paramCounts(template('dcgan'))).toEqual({ generator: 2_330_944, discriminator: 212_865 });
  });

  it('updates D first, then G, each with Adam at 2e-4 and beta1 0.5, on batches of 64 in [-1, 1]', async () => {
    const doc = template('dcgan');
    expect(mainNode(doc, 'real').params).toMatchObject({ batchSize: 64, normalize: '[-1,1]' });
    expect(mainNode(doc, 'noise').params).toMatchObject({ batchSize: 64, shape: [100] });
    const s = await cpuSession(doc, { batchSize: 2 });
    expect(s.program.updates.map((u) => u.name)).toEqual(['D', 'G']);
    for (const u of s.program.updates) expect(u.optimizer.getConfig()).toMatchObject({ learningRate: 2e-4, beta1: 0.5 });
    expect(s.program.updates.map((u) => u.variables.length)).toEqual([
      s.models.discriminator!.trainableWeights.length,
      s.models.generator!.trainableWeights.length,
    ]);
    disposeSession(s);
  });
});

describe('VAE', () => {
  it('has 424,480 encoder and 108,993 decoder parameters; the preview stacker has none', async () => {
    expect(await paramCounts(template('vae'))).toEqual({ encoder: 424_480, decoder: 108_993, side_by_side: 0 });
  });

  it('takes a 2-D latent when the four latent sizes are set to 2', () => {
    const base = template('vae');
    const latentSizes = [['encoder/mu_head', 'units'], ['encoder/logvar_head', 'units'], ['decoder/z', 'shape'], ['prior', 'shape']] as const;
    expect(analyze(base).signatures.decoder!.inputs[0]!.shape).toEqual([null, VAE_LATENT]);
    const set = latentSizes.map(([node, param]) => ({ node, param, value: param === 'shape' ? [2] : 2 }));
    const { doc, problems } = applyOverrides(base, { set });
    expect(problems).toEqual([]);
    const a = analyze(doc);
    expect(a.diagnostics).toEqual([]);
    expect(a.shapes.main!.z!.z).toEqual([128, 2]);
    expect(a.shapes.main!.dec_prior!.image).toEqual([64, 28, 28, 1]);
  });

  it('previews each input above its own reconstruction', async () => {
    const s = await cpuSession(template('vae'), { batchSize: 2 });
    const top = tf.randomUniform([3, 28, 28, 1]);
    const bottom = tf.randomUniform([3, 28, 28, 1]);
    const pair = s.models.side_by_side!.predict([top, bottom]) as tf.Tensor;
    expect(pair.shape).toEqual([3, 56, 28, 1]);
    expect(await pair.slice([0, 0, 0, 0], [3, 28, 28, 1]).array()).toEqual(await top.array());
    expect(await pair.slice([0, 28, 0, 0], [3, 28, 28, 1]).array()).toEqual(await bottom.array());
    tf.dispose([top, bottom, pair]);
    disposeSession(s);
  });
});

describe('VAE-GAN', () => {
  it('has 424,480 encoder, 108,993 decoder and 263,297 discriminator parameters', async () => {
    expect(await paramCounts(template('vae-gan'))).toEqual({ encoder: 424_480, decoder: 108_993, discriminator: 263_297, side_by_side: 0 });
  });

  it('applies one discriminator three times and trains encoder, decoder, D in that order', async () => {
    const doc = template('vae-gan');
    const dInputs = doc.main.nodes
      .filter((n) => n.type === 'models.call' && n.params.model === 'discriminator')
      .map((n) => doc.main.edges.find((e) => e.target.node === n.id)!.source);
    expect(dInputs).toEqual([{ node: 'data', port: 'x' }, { node: 'dec', port: 'image' }, { node: 'dec_prior', port: 'image' }]);
    expect(mainNode(doc, 'dec_loss').params.w1).toBe(GAMMA);
    expect(doc.meta.description).toContain(`γ = ${GAMMA}`);
    const s = await cpuSession(doc, { batchSize: 2 });
    expect(s.program.updates.map((u) => u.name)).toEqual(['encoder', 'decoder', 'D']);
    disposeSession(s);
  });
});
