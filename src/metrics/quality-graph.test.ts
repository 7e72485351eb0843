// The quality benchmark reads the templates' graphs: which preview shows generated images, which
// optimizer's loss is a VAE's negative ELBO, and resized copies for sampling and test evaluation.
import { describe, expect, it } from 'vitest';
import { applyOverrides } from '../graph/overrides';
import { TEMPLATES } from '../../templates';
import { elboOptimizer, pickPreview, samplingDoc, testSplitDoc, upstream } from './quality-graph';

const doc = (id: string) => {
  const t = TEMPLATES.find((x) => x.id === id);
  if (!t) throw new Error(`no template ${id}`);
  return t.doc;
};
const has = (id: string) => TEMPLATES.some((t) => t.id === id);
const previewOf = (id: string) => {
  const p = pickPreview(doc(id));
  return 'problem' in p ? p.problem : p.id;
};

describe('quality benchmark: reading a template graph', () => {
  it('picks the preview of generated samples, not reconstructions or real images', () => {
    expect(previewOf('vae-mlp')).toBe('samples');
    if (has('dcgan')) expect(previewOf('dcgan')).toBe('samples');
    if (has('vae')) expect(previewOf('vae')).toBe('samples');
    if (has('vae-gan')) expect(previewOf('vae-gan')).toBe('samples');
    if (has('ddpm-unet')) expect(previewOf('ddpm-unet')).toMatch(/samples/);
    expect(previewOf('gan-2d')).toMatch(/no image preview/);
  });

  it('takes a named preview, and says which exist when the name is wrong', () => {
    const p = pickPreview(doc('vae-mlp'), 'recon_preview');
    expect('problem' in p ? p.problem : p.id).toBe('recon_preview');
    const bad = pickPreview(doc('vae-mlp'), 'nope');
    expect('problem' in bad && bad.problem).toMatch(/recon_preview, samples/);
  });

  it('finds the negative ELBO of the Bernoulli VAEs only', () => {
    expect(elboOptimizer(doc('vae-mlp'))?.id).toBe('opt');
    if (has('vae')) expect(elboOptimizer(doc('vae'))?.id).toBe('opt');
    if (has('dcgan')) expect(elboOptimizer(doc('dcgan'))).toBeUndefined();
    if (has('vae-gan')) expect(elboOptimizer(doc('vae-gan'))).toBeUndefined();
    // a β-VAE's loss is not the ELBO
    const beta = applyOverrides(doc('vae-mlp'), { set: [{ node: 'elbo', param: 'w2', value: 4 }] }).doc;
    expect(elboOptimizer(beta)).toBeUndefined();
  });

  it('resizes only what feeds the sampling preview, and points data nodes at the test split', () => {
    const d = doc('vae-mlp');
    expect([...upstream(d, 'samples')].sort()).toEqual(['dec_prior', 'prior', 'samples']);
    const s = samplingDoc(d, 'samples', 500);
    const param = (g: typeof d, id: string, k: string) => g.main.nodes.find((n) => n.id === id)!.params[k];
    expect(param(s, 'prior', 'batchSize')).toBe(500);
    expect(param(s, 'samples', 'count')).toBe(500);
    expect(param(s, 'data', 'batchSize')).toBe(param(d, 'data', 'batchSize'));
    // a Constant upstream fixes the batch: the conditional GAN's preview asks for digits 0-9 ten times
    const rows = samplingDoc(doc('cdcgan'), 'samples', 500);
    expect([param(rows, 'row_noise', 'batchSize'), param(rows, 'samples', 'count')]).toEqual([100, 100]);
    const t = testSplitDoc(d, 250);
    expect([param(t, 'data', 'split'), param(t, 'data', 'batchSize')]).toEqual(['test', 250]);
    expect(param(d, 'data', 'split')).not.toBe('test');
  });
});
