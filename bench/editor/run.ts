// Editor speed on a 300-node graph, in headless Chromium against the built app (a benchmark, not a
// test: it prints a table and judges nothing). Run: npm run bench -- editor [--edits N]
//
// (a) edit round trip: a param typed in the inspector and committed with Enter, until the canvas
//     shows it. Timed in the page from the keydown event's timestamp to (1) the first task after
//     the event (the store, the analysis and React's commit are done: the main thread's work),
//     (2) the next animation frame's callback, where the node's DOM already holds the new value
//     (nothing of it is painted yet), and (3) the end of that frame (a task queued from the frame
//     callback runs after style, layout and paint): the round trip a person sees.
// (b) panning: a 2-second scripted drag of the empty canvas; every animation frame is counted.
import os from 'node:os';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { GraphDoc } from '../../src/graph/types';
import { saveDocument } from '../../src/graph/save';
import { LEGACY_AUTOSAVE_KEY, SESSION_KEY } from '../../src/store/persist';
import { buildAndServe } from '../../test/e2e/server';
import { deviceLine, median, table } from '../table';
import { benchDoc } from './graph';
import { installEditProbe, installFrameProbe, readEdits, readFrames, type EditSample } from './probes';
import { cpuPerKeydown, startTrace, type EditCpu } from './trace';

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

async function editRoundTrips(page: Page): Promise<{ wall: EditSample[]; cpu: EditCpu[] }> {
  await page.locator(`[data-testid="node-${TARGET}"] .tl-node-head`).click();
  const input = page.locator('[data-testid="param-units"]');
  await input.waitFor();
  await page.evaluate(installEditProbe, { param: 'units', node: TARGET });
  const stop = await startTrace(await page.context().newCDPSession(page));
  for (let i = 0; i < EDITS; i++) {
    await input.fill(String(65 + i));
    await input.press('Enter');
    await page.waitForFunction((n) => (window as unknown as { __edits: unknown[] }).__edits.length >= n, i + 1);
  }
  const cpu = cpuPerKeydown(await stop());
  return { wall: await page.evaluate(readEdits), cpu };
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

interface Scenario {
  label: string;
  zoom: number;
}

const SCENARIOS: Scenario[] = [
  { label: 'editing zoom 0.75', zoom: 0.75 },
  { label: 'zoomed out to 0.2 (the minimum)', zoom: 0.2 },
];

interface Result {
  scenario: Scenario;
  rendered: number;
  load: number;
  errors: string;
  edits: EditSample[];
  cpu: EditCpu[];
  frames: number[];
}

/** Opens the benchmark document's model at `zoom` in a fresh page, then edits and pans. */
async function runScenario(browser: Browser, url: string, doc: GraphDoc, scenario: Scenario): Promise<Result> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  try {
    // tsx compiles the probes keeping function names through a helper, which the page must have
    await page.addInitScript({ content: 'window.__name = (f) => f;' });
    // the document and the open model, set before the app's scripts run (so its own session
    // saving cannot overwrite them)
    const session = { theme: 'light', scope: { kind: 'model', modelId: 'net' }, viewports: { 'model:net': { x: 40, y: 40, zoom: scenario.zoom } } };
    await page.addInitScript(([k1, v1, k2, v2]) => {
      localStorage.clear();
      localStorage.setItem(k1!, v1!);
      localStorage.setItem(k2!, v2!);
    }, [LEGACY_AUTOSAVE_KEY, saveDocument(doc), SESSION_KEY, JSON.stringify(session)]);
    const t0 = Date.now();
    await page.goto(url);
    const count = doc.models.net!.nodes.length;
    await page.locator(`[data-testid="node-${TARGET}"]`).waitFor({ timeout: 60_000 });
    await page.waitForFunction((n) => document.querySelector('[data-testid="graph-net"] .tl-count')?.textContent === String(n), count);
    const load = Date.now() - t0;
    const rendered = await page.locator('.react-flow__node').count();
    const errors = (await page.locator('[data-testid="error-count"]').textContent()) ?? '?';
    const { wall: edits, cpu } = await editRoundTrips(page);
    const frames = await pan(page);
    if (pageErrors.length) throw new Error(`page errors: ${pageErrors.join('; ')}`);
    return { scenario, rendered, load, errors, edits, cpu, frames };
  } finally {
    await page.close();
  }
}

export async function benchEditor(): Promise<string> {
  let out = '';
  const doc = benchDoc(NODES);
  const count = doc.models.net!.nodes.length;
  const served = await buildAndServe();
  const loadBefore = os.loadavg()[0]!.toFixed(1);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    const results: Result[] = [];
    for (const sc of SCENARIOS) results.push(await runScenario(browser, served.url, doc, sc));
    const device = deviceLine(`headless Chromium ${browser.version()} (--disable-gpu, software rendering), viewport 1280x720, load average ${loadBefore} before / ${os.loadavg()[0]!.toFixed(1)} after (the machine is shared)`);
    const command = `npm run bench -- editor${EDITS !== 50 ? ` --edits ${EDITS}` : ''}`;
    const editRows = results.flatMap((r) => {
      const stats = (xs: number[]) => [ms(median(xs)), ms(quantile(xs, 0.95)), ms(Math.max(...xs))];
      const col = (pick: (e: EditSample) => number) => stats(r.edits.map(pick));
      const where = `${r.scenario.label}, ${r.rendered} nodes rendered`;
      return [
        [where, 'keydown → work done (store, analysis, React commit)', ...col((e) => e.work)],
        [where, "keydown → next animation frame's callback (the DOM has the value, not yet painted)", ...col((e) => e.frame)],
        [where, 'keydown → that frame painted', ...col((e) => e.painted)],
        [where, `main-thread CPU: the keydown task (${r.cpu.length} traced)`, ...stats(r.cpu.map((c) => c.work))],
        [where, 'main-thread CPU: keydown → frame painted', ...stats(r.cpu.map((c) => c.toPaint))],
      ];
    });
    out += table(
      `Editor: edit round trip on a ${count}-node model (${EDITS} param edits in the inspector; ${results.map((r) => r.errors).join(' / ')})`,
      ['view', 'measure', 'median ms', 'p95 ms', 'max ms'],
      editRows,
      { device, command },
    );
    out += '\n';
    out += table(
      'Editor: panning the same model for 2 s (scripted mouse drag); opening it',
      ['view', 'frames', 'frames/s', 'median frame ms', 'p95 frame ms', 'longest ms', 'frames > 33 ms', 'frames > 50 ms', 'page load → model shown ms'],
      results.map((r) => {
        const gaps = r.frames.slice(1).map((t, i) => t - r.frames[i]!);
        const span = (r.frames.at(-1) ?? 0) - (r.frames[0] ?? 0);
        return [r.scenario.label, r.frames.length, (gaps.length / (span / 1000)).toFixed(1), ms(median(gaps)), ms(quantile(gaps, 0.95)),
          ms(Math.max(...gaps)), gaps.filter((g) => g > 33.4).length, gaps.filter((g) => g > 50).length, r.load];
      }),
      { device, command },
    );
    const stale = results.flatMap((r) => r.edits).filter((e) => !e.shown).length;
    if (stale) out += `\nWARNING: at ${stale} edits the next frame did not show the new value yet.\n`;
    return out;
  } finally {
    await browser.close();
    await served.close();
  }
}
