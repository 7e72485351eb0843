// A template's shipped trained weights in a real browser: open the MLP VAE, press "Use trained
// weights", and its prior-samples preview shows digits at iteration 0, without training; "Start
// fresh" forgets them, and one step from fresh weights shows the grey of an untrained decoder.
// Run: npx vitest run --config vitest.e2e.config.ts test/e2e/trained-weights.test.ts
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearStorage, closeFirstVisitGallery, collectPageErrors, launch, shot } from './browser';
import { buildAndServe, type Served } from './server';

let served: Served;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
const MINUTE = 60_000;

const SAMPLES = '[data-testid="preview-samples"]';
const previewStep = () => page.locator(SAMPLES).getAttribute('data-step').then(Number);
/** The share of dark and of bright pixels in the preview's picture. */
const tones = () => page.locator(`${SAMPLES} canvas`).evaluate((c: HTMLCanvasElement) => {
  const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
  let dark = 0, bright = 0;
  for (let i = 0; i < d.length; i += 4) {
    if (d[i]! < 40) dark++;
    else if (d[i]! > 200) bright++;
  }
  return { dark: dark / (d.length / 4), bright: bright / (d.length / 4) };
});

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

describe('trained weights that ship with a template', () => {
  it('show samples of the trained MLP VAE at once, without training', async () => {
    await page.click('[data-testid="toggle-dashboard"]');
    await page.click('[data-testid="templates"]');
    await page.click('[data-testid="template-vae-mlp"]');
    await page.click('[data-testid="use-trained"]');
    await page.locator(`${SAMPLES} canvas`).waitFor({ timeout: 2 * MINUTE });
    expect(await previewStep()).toBe(0);
    // no run has gone: no target to show, and an empty bar
    expect(await page.locator('.tl-dash-step').textContent()).toBe('Iteration 0');
    expect(await page.locator('[aria-label="Progress of this run"]').getAttribute('aria-valuenow')).toBe('0');
    expect(await page.locator('[data-testid="trained-note"]').textContent()).toMatch(/^Trained 5,000 iterations × 128/);
    const trained = await tones();
    // digits on black: mostly dark, with bright strokes
    expect(trained.dark).toBeGreaterThan(0.5);
    expect(trained.bright).toBeGreaterThan(0.03);
    await page.locator(SAMPLES).scrollIntoViewIfNeeded();
    await shot(page, 'trained-vae-mlp');
  });

  it('Start fresh forgets them: one step from fresh weights shows no digits', async () => {
    await page.click('[data-testid="start-fresh"]');
    await expect.poll(() => page.locator('[data-testid="trained-note"]').textContent()).toMatch(/^Fresh weights/);
    await page.click('[data-testid="train-step-once"]');
    await expect.poll(previewStep, { timeout: 2 * MINUTE }).toBe(1);
    const fresh = await tones();
    expect(fresh.bright).toBeLessThan(0.01);
  });

  it('logged no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
