// The editor's main thread while a template trains in the browser's worker (a benchmark: it prints
// a table and judges nothing). Headless Chromium with WebGPU switched on (SwiftShader on a machine
// without a GPU) against the built app; each template trains for a fixed window while a Chrome
// trace records every main-thread task. Run: npm run bench -- training-ui [--seconds S] [--templates a,b]
// [--shots DIR] (a screenshot of the editor and its dashboard at the end of each template's window)
// [--batch N] (open each template as a file with its batch size set to N, for templates whose first
// iteration at their own batch size takes too long on a software adapter)
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { applyOverrides } from '../src/graph/overrides';
import { TEMPLATES as TEMPLATE_DOCS } from '../templates';
import { buildAndServe } from '../test/e2e/server';
import { startTrace } from './editor/trace';
import { deviceLine, table } from './table';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const SECONDS = Number(arg('seconds') ?? 40);
const TEMPLATES = (arg('templates') ?? 'gan-2d,vae-mlp,dcgan').split(',');
const SHOTS = arg('shots');
const BATCH = arg('batch') === undefined ? undefined : Number(arg('batch'));

interface Task { dur: number; cpu: number }

async function mainThreadTasks(page: Page, seconds: number): Promise<{ tasks: Task[]; steps: number }> {
  const cdp = await page.context().newCDPSession(page);
  const stop = await startTrace(cdp);
  const step = async () => Number(await page.locator('[data-testid="train-step"]').textContent());
  const s0 = await step();
  await page.waitForTimeout(seconds * 1000);
  const s1 = await step();
  const events = await stop();
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const tasks = main
    ? events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask')
      .map((e) => ({ dur: (e.dur ?? 0) / 1000, cpu: (e.tdur ?? 0) / 1000 }))
    : [];
  return { tasks, steps: s1 - s0 };
}

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? Number.NaN;

export async function benchTrainingUi(): Promise<string> {
  const served = await buildAndServe();
  const loadBefore = os.loadavg()[0]!.toFixed(1);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--enable-unsafe-webgpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const rows: (string | number)[][] = [];
  let backend = '';
  try {
    for (const id of TEMPLATES) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
      await page.goto(served.url);
      await page.locator('.react-flow__node').first().waitFor({ state: 'attached', timeout: 120_000 });
      if (await page.locator('[data-testid="gallery"]').count()) await page.keyboard.press('Escape');
      await page.click('[data-testid="toggle-dashboard"]');
      if (BATCH === undefined) {
        await page.click('[data-testid="templates"]');
        await page.click(`[data-testid="template-${id}"]`);
      } else {
        const doc = applyOverrides(TEMPLATE_DOCS.find((t) => t.id === id)!.doc, { batchSize: BATCH }).doc;
        await page.setInputFiles('[data-testid="file-input"]', { name: `${id}.json`, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) });
        await page.getByText(doc.meta.name).first().waitFor({ timeout: 30_000 });
      }
      await page.fill('[data-testid="train-iterations"]', '1000000');
      await page.click('[data-testid="topbar-train"]');
      // measure once the first step is done (compiling and the first kernels are behind us)
      await page.waitForFunction(() => Number(document.querySelector('[data-testid="train-step"]')?.textContent) >= 1, null, { timeout: 600_000 });
      backend = (await page.locator('[data-testid="train-backend"]').textContent()) ?? '';
      const { tasks, steps } = await mainThreadTasks(page, SECONDS);
      if (SHOTS) {
        mkdirSync(SHOTS, { recursive: true });
        await page.screenshot({ path: join(SHOTS, `dashboard-${id}.png`) });
      }
      const cpu = tasks.map((t) => t.cpu);
      const wall = tasks.map((t) => t.dur);
      rows.push([id, steps, (steps / SECONDS).toFixed(2), tasks.length, quantile(cpu, 0.99).toFixed(1), Math.max(0, ...cpu).toFixed(1),
        Math.max(0, ...wall).toFixed(0), wall.filter((d) => d > 50).length]);
      await page.close();
    }
  } finally {
    await browser.close();
    await served.close();
  }
  const device = deviceLine(`headless Chromium ${browser.version()}, training backend: ${backend}, load average ${loadBefore} before / ${os.loadavg()[0]!.toFixed(1)} after (the machine is shared)`);
  return table(
    `Editor main thread while a template trains in the worker (${SECONDS} s window per template)`,
    ['template', 'iterations', 'it/s', 'main-thread tasks', 'p99 task CPU ms', 'longest task CPU ms', 'longest task wall ms', 'tasks > 50 ms wall'],
    rows,
    { device, command: `npm run bench -- training-ui${SECONDS !== 40 ? ` --seconds ${SECONDS}` : ''}${BATCH !== undefined ? ` --batch ${BATCH}` : ''}` },
  );
}
