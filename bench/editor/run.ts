// Editor speed on a 300-node graph, in headless Chromium against the built app (a benchmark, not a
// test: it prints a table and judges nothing). Run: npx tsx bench/editor/run.ts [--edits N]
//
// (a) edit round trip: a param typed in the inspector and committed with Enter, until the canvas
//     shows it. Timed in the page from the keydown event's timestamp to (1) the first task after
//     the event (the store, the analysis and React's commit are done: the main thread's work),
//     (2) the next animation frame, where the node already shows the new value, and (3) the end of
//     that frame (a task queued from the frame callback runs after style, layout and paint).
// (b) panning: a 2-second scripted drag of the empty canvas; every animation frame is counted.
import { chromium, type Page } from 'playwright-core';
import { saveDocument } from '../../src/graph/save';
import { AUTOSAVE_KEY, SESSION_KEY } from '../../src/store/persist';
import { buildAndServe } from '../../test/e2e/server';
import { deviceLine, median, table } from '../table';
import { benchDoc } from './graph';
import { installEditProbe, installFrameProbe, readEdits, readFrames, type EditSample } from './probes';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const EDITS = arg('edits', 50);
const NODES = 300;
/** the node whose param is edited: a Dense layer near the start of the chain, in view */
const TARGET = 'd3';

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
};
const ms = (v: number) => v.toFixed(1);

/** A point of the canvas with no node under it, to start a pan from. */
async function emptyPoint(page: Page): Promise<{ x: number; y: number }> {
  const p = await page.evaluate(() => {
    const pane = document.querySelector('.tl-canvas .react-flow__pane')?.getBoundingClientRect();
    if (!pane) return null;
    for (let y = pane.top + 20; y < pane.bottom - 20; y += 10) {
      for (let x = pane.left + 20; x < pane.left + pane.width / 2; x += 10) {
        if (document.elementFromPoint(x, y)?.classList.contains('react-flow__pane')) return { x, y };
      }
    }
    return null;
  });
  if (!p) throw new Error('no empty spot on the canvas to pan from');
  return p;
}

async function editRoundTrips(page: Page): Promise<EditSample[]> {
  await page.locator(`[data-testid="node-${TARGET}"] .tl-node-head`).click();
  const input = page.locator('[data-testid="param-units"]');
  await input.waitFor();
  await page.evaluate(installEditProbe, { param: 'units', node: TARGET });
  for (let i = 0; i < EDITS; i++) {
    await input.fill(String(65 + i));
    await input.press('Enter');
    await page.waitForFunction((n) => (window as unknown as { __edits: unknown[] }).__edits.length >= n, i + 1);
  }
  return page.evaluate(readEdits);
}

async function pan(page: Page): Promise<number[]> {
  const start = await emptyPoint(page);
  await page.mouse.move(start.x, start.y);
  await page.evaluate(installFrameProbe);
  await page.mouse.down();
  const t0 = Date.now();
  // back and forth, 300 px each way, twice a second
  while (Date.now() - t0 < 2000) {
    const t = (Date.now() - t0) / 1000;
    await page.mouse.move(start.x + 300 * Math.sin(Math.PI * 2 * t), start.y + 60 * Math.sin(Math.PI * 4 * t));
    await page.waitForTimeout(8);
  }
  await page.mouse.up();
  return page.evaluate(readFrames);
}

async function main(): Promise<void> {
  const doc = benchDoc(NODES);
  const served = await buildAndServe();
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // open the model at an editing zoom: every node is rendered, a few dozen are in view. Set
    // before the app's scripts run, so its own session saving cannot overwrite it.
    const session = { theme: 'light', scope: { kind: 'model', modelId: 'net' }, viewports: { 'model:net': { x: 40, y: 40, zoom: 0.75 } } };
    // tsx compiles the probes keeping function names through a helper, which the page must have
    await page.addInitScript({ content: 'window.__name = (f) => f;' });
    await page.addInitScript(([k1, v1, k2, v2]) => {
      localStorage.clear();
      localStorage.setItem(k1!, v1!);
      localStorage.setItem(k2!, v2!);
    }, [AUTOSAVE_KEY, saveDocument(doc), SESSION_KEY, JSON.stringify(session)]);
    const t0 = Date.now();
    await page.goto(served.url);
    const count = doc.models.net!.nodes.length;
    await page.waitForFunction((n) => document.querySelectorAll('.react-flow__node').length === n, count, { timeout: 60_000 });
    await page.locator('.react-flow__node').last().waitFor();
    const load = Date.now() - t0;
    const shownErrors = await page.locator('[data-testid="error-count"]').textContent();

    const edits = await editRoundTrips(page);
    const stale = edits.filter((e) => !e.shown).length;
    const frames = await pan(page);
    const gaps = frames.slice(1).map((t, i) => t - frames[i]!);
    const span = (frames.at(-1) ?? 0) - (frames[0] ?? 0);
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);

    const device = deviceLine(`headless Chromium ${browser.version()} (--disable-gpu, software rendering), viewport 1280x720`);
    const command = `npx tsx bench/editor/run.ts${EDITS !== 50 ? ` --edits ${EDITS}` : ''}`;
    const work = edits.map((e) => e.work);
    const frame = edits.map((e) => e.frame);
    const painted = edits.map((e) => e.painted);
    process.stdout.write(table(
      `Editor: edit round trip on a ${count}-node model (${EDITS} param edits in the inspector; ${shownErrors})`,
      ['measure', 'median ms', 'p95 ms', 'max ms'],
      [
        ['keydown → work done (store, analysis, React commit)', ms(median(work)), ms(quantile(work, 0.95)), ms(Math.max(...work))],
        ['keydown → next animation frame (canvas shows the value)', ms(median(frame)), ms(quantile(frame, 0.95)), ms(Math.max(...frame))],
        ['keydown → that frame painted', ms(median(painted)), ms(quantile(painted, 0.95)), ms(Math.max(...painted))],
      ],
      { device, command },
    ));
    process.stdout.write('\n');
    process.stdout.write(table(
      'Editor: panning the same graph for 2 s (scripted mouse drag)',
      ['frames', 'frames/s', 'median frame ms', 'p95 frame ms', 'longest ms', 'frames > 33 ms', 'frames > 50 ms', 'load ms'],
      [[frames.length, (gaps.length / (span / 1000)).toFixed(1), ms(median(gaps)), ms(quantile(gaps, 0.95)), ms(Math.max(...gaps)),
        gaps.filter((g) => g > 33.4).length, gaps.filter((g) => g > 50).length, load]],
      { device, command },
    ));
    if (stale) process.stdout.write(`\nWARNING: ${stale} of ${edits.length} frames did not show the new value yet.\n`);
  } finally {
    await browser.close();
    await served.close();
  }
}

await main();
