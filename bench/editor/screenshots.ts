// Screenshots of the editor with each template open, for the docs: docs/screenshots/<id>.png at
// 1280x720, as a first-time visitor sees a template after choosing it in the gallery (training
// graph fitted to the view, nothing selected). Re-run after changing the editor or the templates:
//   npx tsx bench/editor/screenshots.ts [--dark]
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { PNG } from 'pngjs';
import { TEMPLATES } from '../../templates';
import { buildAndServe } from '../../test/e2e/server';
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
    for (const t of TEMPLATES) {
      if ((await page.locator('[data-testid="gallery"]').count()) === 0) await page.click('[data-testid="open-gallery"]');
      await page.click(`[data-testid="gallery-${t.id}"]`);
      await page.waitForFunction((name) => document.querySelector('.tl-docname')?.textContent === name, t.name);
      await page.waitForFunction((n) => document.querySelectorAll('.react-flow__node').length === n, t.doc.main.nodes.length);
      // the fit animates for 200 ms; then let the far view's re-measured handles settle
      await page.waitForTimeout(600);
      await page.mouse.move(0, 719);
      const shot = PNG.sync.read(await page.screenshot());
      const png = encodePng8(shot.width, shot.height, shot.data);
      const file = `${OUT}${t.id}${dark ? '-dark' : ''}.png`;
      writeFileSync(file, png);
      const errorsShown = await page.locator('[data-testid="error-count"]').textContent();
      process.stdout.write(`${file}: ${(png.length / 1024).toFixed(0)} KiB (${errorsShown})\n`);
    }
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
  } finally {
    await browser.close();
    await served.close();
  }
}

await main();
