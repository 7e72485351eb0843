// The shipped trained weights are offered for a document holding a template's models unchanged,
// and kept (or forgotten) for every one of them, as an import's weights are.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TEMPLATES } from '../../../templates';
import type { StoredWeights } from '../../interop/weights-store';
import { decodeModelWeights } from '../../interop/weights-codec';
import { forgetShipped, keepShipped, keptForAll, shippedFor } from './shipped-weights';

const template = (id: string) => structuredClone(TEMPLATES.find((t) => t.id === id)!.doc);
const URLS = { '../../../assets/trained/vae-mlp.tlt': '/assets/vae-mlp.tlt' };

function memoryStore() {
  const records: StoredWeights[] = [];
  return {
    records,
    save: (r: StoredWeights) => {
      records.push(r);
      return Promise.resolve();
    },
    remove: (modelId: string, fingerprint: string) => {
      const i = records.findIndex((x) => x.modelId === modelId && x.fingerprint === fingerprint);
      if (i >= 0) records.splice(i, 1);
      return Promise.resolve();
    },
    list: () => Promise.resolve([...records]),
  };
}

describe('shipped trained weights', () => {
  it('are offered for the template and for a copy with other params outside its models, not for edited models', () => {
    expect(shippedFor(template('vae-mlp').models, URLS)).toMatchObject({ template: 'vae-mlp', url: '/assets/vae-mlp.tlt' });
    const renamed = template('vae-mlp');
    renamed.meta.name = 'my VAE';
    renamed.main.nodes.find((n) => n.id === 'opt')!.params['learningRate'] = 0.01;
    expect(shippedFor(renamed.models, URLS)?.template).toBe('vae-mlp');
    const edited = template('vae-mlp');
    edited.models['decoder']!.nodes.find((n) => n.id === 'h')!.params['units'] = 64;
    expect(shippedFor(edited.models, URLS)).toBeNull();
    expect(shippedFor(template('dcgan').models, URLS)).toBeNull();
  });

  it('are kept for every model from the file the app ships, and forgotten again', async () => {
    const s = shippedFor(template('vae-mlp').models, URLS)!;
    const store = memoryStore();
    const bytes = new Uint8Array(readFileSync('assets/trained/vae-mlp.tlt'));
    const info = await keepShipped(s, store, () => Promise.resolve(bytes));
    expect(info).toMatchObject({ template: 'vae-mlp', batch: 128 });
    expect(info.steps).toBeGreaterThan(0);
    expect(store.records.map((r) => r.modelId).sort()).toEqual(['decoder', 'encoder']);
    const decoder = decodeModelWeights(store.records.find((r) => r.modelId === 'decoder')!.bytes);
    expect(decoder.ok && Object.keys(decoder.value).sort()).toEqual(['h', 'pixels']);
    expect(await keptForAll(s, store)).toBe(true);
    await forgetShipped(s, store);
    expect(await keptForAll(s, store)).toBe(false);
    expect(store.records).toEqual([]);
  });

  it('for a model holding own-weights blocks belong to the holder: kept for it, kept for all, and not offered once a block is edited', async () => {
    const urls = { '../../../assets/trained/ddpm-unet.tlt': '/assets/ddpm-unet.tlt' };
    const s = shippedFor(template('ddpm-unet').models, urls)!;
    expect(s.models.map((m) => m.id)).toEqual(['unet']);
    const store = memoryStore();
    await keepShipped(s, store, () => Promise.resolve(new Uint8Array(readFileSync('assets/trained/ddpm-unet.tlt'))));
    expect(store.records.map((r) => r.modelId)).toEqual(['unet']);
    expect(await keptForAll(s, store)).toBe(true);
    const edited = template('ddpm-unet');
    edited.models['res32']!.nodes.find((n) => n.type === 'layers.conv2d')!.params['kernelSize'] = 5;
    expect(shippedFor(edited.models, urls)).toBeNull();
  });

  it('a damaged file is refused with the coded message, and nothing is kept', async () => {
    const s = shippedFor(template('vae-mlp').models, URLS)!;
    const store = memoryStore();
    await expect(keepShipped(s, store, () => Promise.resolve(new Uint8Array([1, 2, 3])))).rejects.toThrow(/cannot be used: not a trained-weights file/);
    expect(store.records).toEqual([]);
  });
});
