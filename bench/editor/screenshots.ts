// Screenshots of the editor with each template open, for the docs: docs/screenshots/<id>.png at
// 1280x720, as a first-time visitor sees a template after choosing it in the gallery (training
// graph fitted to the view, nothing selected), with the fitted zoom and the level of detail it
// lands on (src/ui/canvas/lod.ts); then presentation mode (docs/screenshots/presentation.png).
// Re-run after changing the editor or the templates:
//   npx tsx bench/editor/screenshots.ts [--dark]
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { PNG } from 'pngjs';
import { TEMPLATES } from '../../templates';
import { buildAndServe } from '../../test/e2e/server';
import { detailAt } from '../../src/ui/canvas/lod';
import { encodePng8 } from './png8';

const OUT = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const dark = process.argv.includes('--dark');

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const served = await buildAndServe();
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 }, colorScheme: dark ? 'dark' : 'light' });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(served.url);
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    // a first visit opens the gallery by itself
    await page.locator('[data-testid="gallery"]').waitFor();
    const save = async (name: string) => {
      const shot = PNG.sync.read(await page.screenshot());
      const file = `${OUT}${name}.png`;
      writeFileSync(file, encodePng8(shot.width, shot.height, shot.data));
      return file;
    };
    // React Flow's viewport transform: translate(x, y) scale(zoom)
    const fittedZoom = async () =>
      Number((await page.locator('.react-flow__viewport').getAttribute('style'))?.match(/scale\(([\d.]+)\)/)?.[1] ?? NaN);
    for (const t of TEMPLATES) {
      if ((await page.locator('[data-testid="gallery"]').count()) === 0) await page.click('[data-testid="open-gallery"]');
      await page.click(`[data-testid="gallery-${t.id}"]`);
      await page.waitForFunction((name) => document.querySelector('.tl-docname')?.textContent === name, t.name);
      await page.waitForFunction((n) => document.querySelectorAll('.react-flow__node').length === n, t.doc.main.nodes.length);
      // the fit animates for 200 ms; then let the far view's re-measured handles settle
      await page.waitForTimeout(600);
      await page.mouse.move(0, 719);
      const file = await save(`${t.id}${dark ? '-dark' : ''}`);
      const errorsShown = await page.locator('[data-testid="error-count"]').textContent();
      const zoom = await fittedZoom();
      process.stdout.write(`${file}: zoom ${zoom.toFixed(2)} (${detailAt(zoom)}), ${errorsShown}\n`);
    }
    // presentation mode on the 2-D GAN with its dashboard
    if ((await page.locator('[data-testid="gallery"]').count()) === 0) await page.click('[data-testid="open-gallery"]');
    await page.click('[data-testid="gallery-gan-2d"]');
    await page.waitForFunction(() => document.querySelector('.tl-docname')?.textContent?.startsWith('2-D GAN'));
    await page.locator('.tl-backdrop').waitFor({ state: 'detached' });
    await page.click('[data-testid="toggle-dashboard"]');
    await page.click('[data-testid="present"]');
    await page.waitForTimeout(800);
    await page.mouse.move(0, 719);
    const file = await save(`presentation${dark ? '-dark' : ''}`);
    process.stdout.write(`${file}: zoom ${(await fittedZoom()).toFixed(2)}\n`);
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
  } finally {
    await browser.close();
    await served.close();
  }
}

await main();
