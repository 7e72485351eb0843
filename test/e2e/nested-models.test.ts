// Models inside models in a real browser: Create model (Ctrl+G) inside a model makes a block model
// of the selected layers; a document whose block runs twice inside another model trains in the
// browser and its code view shows the export that builds the block first and hands it in.
// Run: npx vitest run --config vitest.e2e.config.ts test/e2e/nested-models.test.ts
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportTypeScript } from '../../src/codegen';
import { analyze } from '../../src/compiler/analyze';
import { summarizeCopy } from '../../src/ui/graphs/modelSummary';
import { countText, totalOf } from '../../src/ui/inspector/paramCount';
import { TEMPLATES } from '../../templates';
import { nestedModelsDoc } from '../codegen/fixtures';
import { clearStorage, closeFirstVisitGallery, collectPageErrors, launch, nodeEl, selectNode, shot, showGallery } from './browser';
import { buildAndServe, type Served } from './server';

let served: Served;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
const MINUTE = 60_000;

beforeAll(async () => {
  served = await buildAndServe();
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  collectPageErrors(page, pageErrors);
  await page.goto(served.url);
  await clearStorage(page);
  await page.reload();
  await closeFirstVisitGallery(page);
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
});

const errorCount = () => page.locator('[data-testid="error-count"]').textContent();

describe('models inside models', () => {
  it('Create model inside the DCGAN discriminator makes a block of the selected layers, and nothing breaks', async () => {
    await showGallery(page);
    await page.click('[data-testid="gallery-dcgan"]');
    await page.click('[data-testid="graph-discriminator"]');
    await selectNode(page, 'conv1');
    await nodeEl(page, 'conv1_act').locator('.tl-node-head').click({ modifiers: ['Control'] });
    await expect.poll(() => page.locator('[data-testid="create-model"]').isEnabled()).toBe(true);
    await page.keyboard.press('Control+g');
    const call = nodeEl(page, 'call1');
    await call.waitFor();
    expect(await nodeEl(page, 'conv1').count()).toBe(0);
    // the block takes the image and gives what the two layers gave
    await expect.poll(() => page.locator('[data-testid="in-shape-x"]').textContent()).toBe('[batch, 28, 28, 1]');
    await expect.poll(() => page.locator('[data-testid="out-shape-y"]').textContent()).toBe('[batch, 14, 14, 64]');
    expect(await errorCount()).toBe('0 errors');
    await shot(page, 'nested-block-created');
    // double-clicking the Model node opens the block
    await call.locator('.tl-node-head').dblclick();
    await expect.poll(() => page.locator('.tl-breadcrumb .tl-crumb.current').textContent()).toBe('model model1');
    await nodeEl(page, 'conv1').waitFor();
  });

  it('a block used twice inside a model (and alone) trains, and its code builds the block first', async () => {
    await page.setInputFiles('[data-testid="file-input"]', { name: 'nested.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(nestedModelsDoc())) });
    await expect.poll(() => page.locator('.tl-docname').textContent()).toBe('nested models');
    expect(await errorCount()).toBe('0 errors');
    await page.click('[data-testid="toggle-dashboard"]');
    await page.fill('[data-testid="train-iterations"]', '5');
    await page.click('[data-testid="topbar-train"]');
    await expect.poll(() => page.locator('[data-testid="train-checkpoint"]').textContent(), { timeout: 2 * MINUTE }).toContain('iteration 5');
    expect(await page.locator('[data-testid="train-problem"]').count()).toBe(0);
    await page.click('[data-testid="code-toggle"]');
    await page.locator('[data-testid="code-editor"] .view-line').first().waitFor();
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="code-download"]')]);
    const { readFileSync } = await import('node:fs');
    const code = readFileSync((await dl.path())!, 'utf8');
    expect(code).toBe(await exportTypeScript(nestedModelsDoc()));
    expect(code).toContain('const second = inner.block.apply(first)');
    await shot(page, 'nested-trained');
  });

  it('the DDPM U-Net is 35 nodes that run four residual-block models with weights of their own, and checks clean', async () => {
    await showGallery(page);
    await page.click('[data-testid="gallery-ddpm-unet"]');
    await page.click('[data-testid="graph-unet"]');
    await expect.poll(() => page.locator('.tl-breadcrumb .tl-crumb.current').textContent()).toBe('model unet');
    const listed = await page.locator('[data-testid^="graph-"]').allTextContents();
    expect(listed.join(' ')).toMatch(/unet\s*35/);
    for (const block of ['res32', 'res64', 'res64_skip', 'res32_skip']) expect(listed.join(' ')).toContain(block);
    expect(await errorCount()).toBe('0 errors');
    await shot(page, 'nested-unet');
    // an own copy's weights are counted at the sizes that feed it
    // (the canvas beside the dashboard and the code view shows the middle of the U, mid2 among it)
    await nodeEl(page, 'mid2').click();
    const unet = TEMPLATES.find((t) => t.id === 'ddpm-unet')!.doc;
    const copy = summarizeCopy(unet, analyze(unet), 'unet', 'mid2')!;
    await expect.poll(() => page.locator('[data-testid="param-count"]').textContent())
      .toBe(`${countText(totalOf(copy.total))} parameters in this copy of model res64: weights of its own, sized by what feeds it`);
    await page.click('[data-testid="graph-res64_skip"]');
    await expect.poll(() => page.locator('.tl-breadcrumb .tl-crumb.current').textContent()).toBe('model res64_skip');
    expect(await errorCount()).toBe('0 errors');
    await shot(page, 'nested-res-block');
  });

  it('logged no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
