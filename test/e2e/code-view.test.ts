// The code view in a real browser: the VAE template's TypeScript in Monaco (downloaded and copied
// exactly as the exporter writes it), following an edit in the inspector, marking the selected
// node's lines, keeping the last good code under a notice while the graph has errors, the dark
// theme, and its shortcut.
// Run: npx vitest run --config vitest.e2e.config.ts test/e2e/code-view.test.ts
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { exportTypeScript } from '../../src/codegen';
import { TEMPLATES } from '../../templates';
import { clickPane, collectPageErrors, launch, selectNode, setParam, shot, showGallery } from './browser';
import { buildAndServe, type Served } from './server';

let served: Served;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
const VAE = TEMPLATES.find((t) => t.id === 'vae-mlp')!;

beforeAll(async () => {
  served = await buildAndServe();
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1280, height: 720 }, acceptDownloads: true, permissions: ['clipboard-read', 'clipboard-write'] });
  collectPageErrors(page, pageErrors);
  await page.goto(served.url);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
});

const panel = () => page.locator('[data-testid="code-view"]');
const notice = () => page.locator('[data-testid="code-notice"]');

/** The code the Download button gives, and the file's name. */
async function downloaded(): Promise<{ name: string; code: string }> {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="code-download"]')]);
  return { name: dl.suggestedFilename(), code: readFileSync((await dl.path())!, 'utf8') };
}

/** The text of the lines Monaco shows marked (it renders only the lines in view). */
function markedLines(): Promise<string[]> {
  return page.evaluate(() => {
    const editor = document.querySelector('[data-testid="code-editor"]')!;
    const tops = new Set([...editor.querySelectorAll('.view-overlays .tl-code-hl')].map((d) => (d.parentElement as HTMLElement).style.top));
    return [...editor.querySelectorAll<HTMLElement>('.view-lines .view-line')]
      .filter((l) => tops.has(l.style.top))
      .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
      .map((l) => (l.textContent ?? '').replace(/\u00a0/g, ' '));
  });
}

/** The body of one exported function, from its signature to the next top-level declaration. */
const functionText = (code: string, name: string) => {
  const from = code.indexOf(`export function ${name}(`);
  return from < 0 ? '' : code.slice(from, code.indexOf('\n}\n', from) + 2);
};

describe('code view', () => {
  it('shows the VAE template as the same TypeScript the exporter writes', async () => {
    await showGallery(page);
    await page.click(`[data-testid="gallery-${VAE.id}"]`);
    await expect.poll(() => page.locator('.tl-docname').textContent()).toBe(VAE.name);
    expect(await panel().count()).toBe(0);
    await page.click('[data-testid="code-toggle"]');
    await page.locator('[data-testid="code-editor"] .view-line').first().waitFor();
    const shown = await page.locator('[data-testid="code-editor"] .view-lines').textContent();
    expect(shown?.replace(/\u00a0/g, ' ')).toContain('// MLP VAE on MNIST');
    // a graph without problems leaves the canvas the problems list's room
    expect(await page.locator('.tl-problems-list').count()).toBe(0);
    const { name, code } = await downloaded();
    expect(name).toBe('mlp-vae-on-mnist.ts');
    expect(code).toBe(await exportTypeScript(VAE.doc));
    await page.click('[data-testid="code-copy"]');
    await expect.poll(() => page.locator('[data-testid="code-copy"]').textContent()).toBe('Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(code);
    expect(functionText(code, 'buildEncoder')).toContain('units: 400,');
    expect(await notice().count()).toBe(0);
    // the export ran in the worker: its measure is in the worker's timeline and not in the page's,
    // and it is the time the panel shows
    const worker = page.workers().find((w) => w.url().includes('exportWorker'));
    expect(worker, page.workers().map((w) => w.url()).join(', ')).toBeDefined();
    const measured = await worker!.evaluate(() => performance.getEntriesByName('tensorloom export', 'measure').map((m) => m.duration));
    expect(measured).toHaveLength(1);
    expect(measured[0]).toBeGreaterThan(0);
    expect(await panel().getAttribute('data-export-ms')).toBe(measured[0]!.toFixed(0));
    expect(await page.evaluate(() => performance.getEntriesByName('tensorloom export').length)).toBe(0);
  });

  it('marks the selected layer\'s lines and follows an edit of its units', async () => {
    await page.click('[data-testid="graph-encoder"]');
    await selectNode(page, 'h');
    await expect.poll(markedLines).toContain("      name: 'encoder__h',");
    const marked = await markedLines();
    expect(marked[0]).toBe('  // [batch, 400]');
    expect(marked).toContain('      units: 400,');
    expect(marked.join('\n')).not.toContain('mu_head');

    await setParam(page, 'units', '333');
    await expect.poll(markedLines, { timeout: 10_000 }).toContain('      units: 333,');
    expect((await markedLines())[0]).toBe('  // [batch, 333]');
    const encoder = functionText((await downloaded()).code, 'buildEncoder');
    expect(encoder).toContain('units: 333,');
    expect(encoder).not.toContain('units: 400,');
    await page.mouse.move(640, 54);
    await expect.poll(() => page.locator('[data-testid="code-copy"]').textContent()).toBe('Copy');
    await shot(page, '40-code-view');
  });

  it('marks a model call in the training graph where each function runs it', async () => {
    await page.click('[data-testid="graph-main"]');
    // the canvas is smaller with the code view open: fit the graph into it
    await clickPane(page);
    await page.keyboard.press('f');
    await selectNode(page, 'enc');
    await expect.poll(async () => (await markedLines()).join('\n')).toContain('const enc = applyEncoder(t.models.encoder, data.x, { training: true });');
    const decorated = await page.locator('[data-testid="code-editor"] .view-overlays .tl-code-hl').count();
    expect(decorated).toBeGreaterThan(0);
  });

  it('keeps the last good code under a notice while the graph has errors', async () => {
    await page.click('[data-testid="graph-encoder"]');
    await selectNode(page, 'flat');
    await page.keyboard.press('Delete');
    await expect.poll(() => notice().count()).toBe(1);
    const text = await notice().textContent();
    expect(text).toMatch(/^The graph has \d+ errors?, so this is the code of its last version without errors/);
    // the last good code stays
    expect(functionText((await downloaded()).code, 'buildEncoder')).toContain('units: 333,');
    await shot(page, '41-code-view-stale');
    await clickPane(page);
    await page.keyboard.press('Control+z');
    await expect.poll(() => notice().count()).toBe(0);
  });

  it('follows the dark theme', async () => {
    await page.click('[data-testid="theme"]');
    await expect.poll(() => page.locator('[data-testid="code-editor"] .monaco-editor').getAttribute('class')).toContain('vs-dark');
    const background = await page.locator('[data-testid="code-editor"] .monaco-editor-background').evaluate((e) => getComputedStyle(e).backgroundColor);
    expect(background).toBe('rgb(31, 34, 39)');
    await selectNode(page, 'h');
    await shot(page, '42-code-view-dark');
    await page.click('[data-testid="theme"]');
    await expect.poll(() => page.locator('[data-testid="code-editor"] .monaco-editor').getAttribute('class')).not.toContain('vs-dark');
  });

  it('shows the PyTorch package file by file and downloads it as a .zip', async () => {
    const editorText = () => page.locator('[data-testid="code-editor"] .view-lines').textContent().then((t) => (t ?? '').replace(/\u00a0/g, ' '));
    await page.click('[data-testid="code-target-pytorch"]');
    await expect.poll(editorText).toContain('a Tensorloom graph as a PyTorch training program');
    await page.selectOption('[data-testid="code-file"]', 'models.py');
    await expect.poll(editorText).toContain('The models of "MLP VAE on MNIST"');
    await shot(page, '43-code-view-pytorch');
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="code-download"]')]);
    expect(dl.suggestedFilename()).toBe('mlp-vae-on-mnist-pytorch.zip');
    const files = unzipSync(readFileSync((await dl.path())!));
    expect(Object.keys(files).sort()).toEqual(['README.md', 'models.py', 'requirements.txt', 'tensorloom_runtime.py', 'train.py'].map((f) => `mlp-vae-on-mnist/${f}`));
    expect(strFromU8(files['mlp-vae-on-mnist/train.py']!)).toContain('class Training(tl.Training):');
    expect(strFromU8(files['mlp-vae-on-mnist/models.py']!)).toContain('class Encoder(nn.Module):');
    // back to the TypeScript, where it was left (in the model builder marked earlier)
    await page.click('[data-testid="code-target-typescript"]');
    await expect.poll(editorText).toContain('seedOf');
    expect(await page.locator('[data-testid="code-download"]').textContent()).toBe('Download .ts');
  });

  it('shows the code of the document opened, never the last one\'s', async () => {
    const download = () => page.locator('[data-testid="code-download"]');
    // a document with an error opened over the VAE: no code yet, and none of the VAE's
    const broken = structuredClone(VAE.doc);
    broken.meta.name = 'Broken VAE';
    broken.models['encoder']!.nodes.find((n) => n.id === 'h')!.params['units'] = 0;
    await page.setInputFiles('[data-testid="file-input"]', { name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(broken)) });
    await expect.poll(() => page.locator('.tl-docname').textContent()).toBe('Broken VAE');
    // the file's problems are told in a dialog first
    await page.getByTestId('dialog').getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => notice().textContent()).toMatch(/^The graph has 1 error, so there is no code to show yet/);
    expect(await download().isDisabled()).toBe(true);
    expect(await page.locator('[data-testid="code-editor"]').count()).toBe(0);
    // a new blank graph: its own code
    await page.click('[data-testid="templates"]');
    await page.click('[data-testid="new-blank"]');
    await expect.poll(() => download().isEnabled()).toBe(true);
    expect((await downloaded()).code).toMatch(/^\/\/ Untitled graph/);
    await showGallery(page);
    await page.click(`[data-testid="gallery-${VAE.id}"]`);
    await expect.poll(async () => (await download().isEnabled()) && (await downloaded()).code).toBe(await exportTypeScript(VAE.doc));
  });

  it('opens and closes with Ctrl+E', async () => {
    await clickPane(page);
    await page.keyboard.press('Control+e');
    await expect.poll(() => panel().count()).toBe(0);
    await page.keyboard.press('Control+e');
    await expect.poll(() => panel().count()).toBe(1);
    await page.locator('[data-testid="code-editor"] .view-line').first().waitFor();
    await page.click('[data-testid="code-close"]');
    await expect.poll(() => panel().count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
