// The Image folder node in a real browser: add it, choose a folder of 3 pictures and 1 broken
// file, read the count and the refused file, see the thumbnails, and find them again after a reload.
// Run: npx vitest run --config vitest.e2e.config.ts test/e2e/image-folder.test.ts
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveDocument } from '../../src/graph/save';
import { chainModel, doc, graph } from '../helpers/build-doc';
import { clearStorage, closeFirstVisitGallery, collectPageErrors, launch, readAutosave, setParam, shot } from './browser';
import { buildAndServe, type Served } from './server';

let served: Served;
let browser: Browser;
let page: Page;
let folder = '';
let graphs = '';
const pageErrors: string[] = [];

/** A 40 × 30 picture: a coloured disc on a light background, its colour and place set by `i`. */
function disc(i: number): Buffer {
  const png = new PNG({ width: 40, height: 30 });
  const colours: [number, number, number][] = [[220, 40, 40], [40, 160, 60], [40, 80, 220]];
  for (let y = 0; y < 30; y++) {
    for (let x = 0; x < 40; x++) {
      const inside = (x - 14 - 6 * i) ** 2 + (y - 15) ** 2 < 81;
      png.data.set([...(inside ? colours[i]! : [235, 235, 225]), 255], (y * 40 + x) * 4);
    }
  }
  return PNG.sync.write(png);
}

/** Image folder (28 × 28 RGB) → a small Dense autoencoder → MSE against the input. */
const autoencoder = (dataset: string) => doc({
  name: `pictures ${dataset}`,
  models: {
    ae: chainModel([28, 28, 3], [
      ['flat', 'layers.flatten', {}],
      ['code', 'layers.dense', { units: 4, activation: 'relu' }],
      ['back', 'layers.dense', { units: 28 * 28 * 3, activation: 'tanh' }],
      ['img', 'layers.reshape', { targetShape: [28, 28, 3] }],
    ]),
  },
  main: graph(
    [
      ['pics', 'data.images', { dataset, size: 28, color: 'rgb', batchSize: 3 }],
      ['ae', 'models.call', { model: 'ae' }],
      ['rec', 'losses.mse', {}],
      ['opt', 'optimizers.adam', { models: ['ae'] }],
    ],
    ['pics.x -> ae.x', 'ae.y -> rec.pred', 'pics.x -> rec.target', 'rec.loss -> opt.loss'],
  ),
});

const inspector = () => page.locator('[data-testid="inspector"]');
const status = () => inspector().locator('[data-testid="images-status"]').textContent();

async function selectImagesNode(): Promise<void> {
  await page.locator('.tl-node', { has: page.locator('.tl-node-head', { hasText: 'Image folder' }) }).locator('.tl-node-head').click();
  await inspector().locator('[data-testid="images-picker"]').waitFor();
}

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'tensorloom-pictures-'));
  for (let i = 0; i < 3; i++) await writeFile(join(folder, `disc-${i}.png`), disc(i));
  await writeFile(join(folder, 'broken.png'), 'this is not a picture\n');
  graphs = await mkdtemp(join(tmpdir(), 'tensorloom-graphs-'));
  await writeFile(join(graphs, 'pictures.json'), saveDocument(autoencoder('my-images')));
  await writeFile(join(graphs, 'nobody.json'), saveDocument(autoencoder('nobody')));
  served = await buildAndServe();
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  collectPageErrors(page, pageErrors);
  await page.goto(served.url);
  await clearStorage(page);
  await page.evaluate(() => new Promise((ok) => { const r = indexedDB.deleteDatabase('tensorloom-images'); r.onsuccess = r.onerror = r.onblocked = ok; }));
  await page.reload();
  await closeFirstVisitGallery(page);
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
  for (const d of [folder, graphs]) if (d) await rm(d, { recursive: true, force: true });
});

describe('Image folder node', () => {
  it('is added from the palette and says that no pictures are chosen yet', async () => {
    await page.click('[data-testid="palette-data.images"]');
    await selectImagesNode();
    expect(await status()).toMatch(/No images are stored under the name "my-images" .* press "Choose folder…"/);
    expect(await inspector().locator('[data-testid="out-shape-x"]').textContent()).toContain('32, 32, 3');
  });

  it('reads a chosen folder: 3 images, the broken file refused by name, thumbnails', async () => {
    await setParam(page, 'size', '28');
    await inspector().locator('[data-testid="images-folder-input"]').setInputFiles(folder);
    await expect.poll(status, { timeout: 30_000 }).toMatch(/^3 images read from 4 files, at 28×28 RGB\./);
    const refused = await inspector().locator('[data-testid="images-refused"] li').allTextContents();
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatch(/^broken\.png: not a picture/);
    expect(await inspector().locator('[data-testid="images-thumbs"] canvas').count()).toBe(3);
    await inspector().locator('[data-testid="images-picker"]').scrollIntoViewIfNeeded();
    await shot(page, 'image-folder-chosen');
  });

  it('keeps the pictures over a reload, and asks to choose again when the size changes', async () => {
    await expect.poll(async () => (await readAutosave(page)).includes('"data.images"')).toBe(true);
    await page.reload();
    await page.locator('.react-flow__node').first().waitFor();
    await selectImagesNode();
    await expect.poll(status).toMatch(/^3 images read/);
    await setParam(page, 'size', '64');
    await expect.poll(status).toMatch(/were read as 28×28 RGB, but the Image folder node now asks for 64×64 RGB/);
  });

  it('trains on the stored pictures in the worker; a graph naming unknown pictures stops with what to do', async () => {
    await page.locator('[data-testid="file-input"]').setInputFiles(join(graphs, 'pictures.json'));
    await expect.poll(() => page.locator('.tl-docname').textContent()).toBe('pictures my-images');
    await page.click('[data-testid="toggle-dashboard"]');
    await page.fill('[data-testid="train-iterations"]', '2');
    await page.click('[data-testid="topbar-train"]');
    await expect.poll(async () => Number(await page.locator('[data-testid="train-step"]').textContent()), { timeout: 120_000 }).toBe(2);
    expect(await page.locator('[data-testid="train-problem"]').count()).toBe(0);
    await shot(page, 'image-folder-trained');

    await page.locator('[data-testid="file-input"]').setInputFiles(join(graphs, 'nobody.json'));
    await expect.poll(() => page.locator('.tl-docname').textContent()).toBe('pictures nobody');
    await page.click('[data-testid="topbar-train"]');
    await expect.poll(() => page.locator('[data-testid="train-problem"]').textContent(), { timeout: 60_000 })
      .toMatch(/No images are stored under the name "nobody" .* press "Choose folder…"/);
    expect(pageErrors).toEqual([]);
  });
});
