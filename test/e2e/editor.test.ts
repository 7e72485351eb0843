// The editor in a real browser, as a person uses it: build a small model by drag and drop, read
// the shapes on the edges, make and fix a shape error, undo/redo, reload, open a broken file.
// Run: npx vitest run --config vitest.e2e.config.ts   (screenshots: test/e2e/__screenshots__/)
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearStorage, clickPane, closeFirstVisitGallery, collectPageErrors, connect, dragFromPalette, launch, nodeEl, openProblems, selectNode, setParam, shot } from './browser';
import { buildAndServe, type Served } from './server';

let served: Served;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

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

const edgeLabels = () => page.locator('.tl-edge-label').evaluateAll((ls) => ls.map((l) => l.getAttribute('aria-label') ?? ''));
/** The problems list's messages (opened first: an empty list could not tell a closed one from no problems). */
const problems = async () => {
  await openProblems(page);
  return page.locator('[data-testid="problem"]').allTextContents();
};

describe('editor', () => {
  it('starts with a template and no errors', async () => {
    await expect.poll(() => page.locator('.react-flow__node').count()).toBeGreaterThan(3);
    expect(await page.locator('[data-testid="error-count"]').textContent()).toBe('0 errors');
    await shot(page, '01-start');
  });

  it('inspects an optimizer: its models as checkboxes, its params with ranges', async () => {
    await page.locator('.tl-node.cat-optimizers .tl-node-head').first().click();
    const insp = page.locator('[data-testid="inspector"]');
    await insp.waitFor();
    const models = await insp.locator('.tl-checks label').allTextContents();
    expect(models.length).toBeGreaterThan(0);
    expect(await insp.locator('.tl-docs').textContent()).not.toBe('');
    await shot(page, '01b-inspect-optimizer');
  });

  it('opens a model from its Model node and comes back', async () => {
    await page.locator('.tl-node.cat-models').first().dblclick();
    await expect.poll(() => page.locator('.tl-breadcrumb').textContent()).toContain('model ');
    await page.click('[data-testid="crumb-main"]');
    await expect.poll(() => page.locator('.tl-breadcrumb .tl-crumb.current').textContent()).toBe('Training graph');
  });

  it('opens a template from the menu, and undo brings the previous document back', async () => {
    const name = () => page.locator('.tl-docname').textContent();
    const before = await name();
    await page.click('[data-testid="templates"]');
    const items = page.locator('.tl-menu-item');
    expect(await items.count()).toBeGreaterThan(1);
    await items.last().click();
    await expect.poll(name).not.toBe(before);
    await clickPane(page);
    await page.keyboard.press('Control+z');
    await expect.poll(name).toBe(before);
  });

  it('adds a model and opens it, with only model nodes in the palette', async () => {
    await page.click('[data-testid="add-model"]');
    await expect.poll(() => page.locator('.tl-breadcrumb').textContent()).toContain('model model1');
    await nodeEl(page, 'input1').waitFor();
    await nodeEl(page, 'output1').waitFor();
    expect(await page.locator('[data-testid="palette-layers.dense"]').count()).toBe(1);
    expect(await page.locator('[data-testid="palette-optimizers.adam"]').count()).toBe(0);
    // the input takes flat vectors of 784 values
    await selectNode(page, 'input1');
    await setParam(page, 'shape', '784');
    await expect.poll(() => page.locator('[data-testid="out-shape-out"]').textContent()).toBe('[batch, 784]');
  });

  it('refuses an invalid value in the inspector and says why', async () => {
    await setParam(page, 'shape', '28, a');
    const err = page.locator('[data-testid="param-error-shape"]');
    await expect.poll(() => err.textContent()).toContain('not a positive whole number');
    await page.locator('[data-testid="param-shape"]').press('Escape');
    await expect.poll(() => err.count()).toBe(0);
  });

  it('drags two Dense nodes from the palette, connects them and shows the shape on the edge', async () => {
    await dragFromPalette(page, 'layers.dense', 0.3, 0.72);
    await nodeEl(page, 'dense1').waitFor();
    await dragFromPalette(page, 'layers.dense', 0.66, 0.72);
    await nodeEl(page, 'dense2').waitFor();
    await connect(page, ['input1', 'out'], ['dense1', 'in']);
    await connect(page, ['dense1', 'out'], ['dense2', 'in']);
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(2);
    await expect.poll(edgeLabels).toEqual(expect.arrayContaining(['[batch, 784]', '[batch, 128]']));
    await shot(page, '02-model-dense');
  });

  it('shows a shape error when units do not fit a Reshape, and clears it when they do', async () => {
    await page.fill('.tl-search', 'reshape');
    await page.press('.tl-search', 'Enter');
    await page.fill('.tl-search', '');
    await nodeEl(page, 'reshape1').waitFor();
    await connect(page, ['dense2', 'out'], ['reshape1', 'in']);
    // Reshape's default target [7, 7, 128] needs 6272 values; Dense gives 128
    await expect.poll(problems).toEqual(expect.arrayContaining([expect.stringContaining('cannot reshape [batch, 128]')]));
    await selectNode(page, 'dense2');
    await setParam(page, 'units', '6272');
    await expect.poll(problems).not.toEqual(expect.arrayContaining([expect.stringContaining('cannot reshape')]));
    await setParam(page, 'units', '100');
    await expect.poll(problems).toEqual(expect.arrayContaining([expect.stringContaining('cannot reshape [batch, 100]')]));
    expect(await nodeEl(page, 'reshape1').getAttribute('class')).toContain('state-error');
    expect(await nodeEl(page, 'reshape1').getAttribute('title')).toContain('cannot reshape');
    await shot(page, '03-shape-error');
  });

  it('undoes and redoes with the keyboard', async () => {
    await clickPane(page);
    await page.keyboard.press('Control+z');
    await expect.poll(problems).not.toEqual(expect.arrayContaining([expect.stringContaining('cannot reshape')]));
    await selectNode(page, 'dense2');
    expect(await page.inputValue('[data-testid="param-units"]')).toBe('6272');
    await clickPane(page);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(problems).toEqual(expect.arrayContaining([expect.stringContaining('cannot reshape [batch, 100]')]));
    await page.keyboard.press('Control+z');
    await page.keyboard.press('Control+y');
    await expect.poll(problems).toEqual(expect.arrayContaining([expect.stringContaining('cannot reshape [batch, 100]')]));
  });

  it('moves a node with one undo step for the whole drag', async () => {
    // the room the open problems list takes would put the node by the canvas's edge, where a drag pans
    if (await page.locator('.tl-problems-list').count()) await page.click('.tl-problems-toggle');
    const before = await nodeEl(page, 'dense1').boundingBox();
    if (!before) throw new Error('dense1 not visible');
    const head = nodeEl(page, 'dense1').locator('.tl-node-head');
    const hb = await head.boundingBox();
    if (!hb) throw new Error('no head');
    await page.mouse.move(hb.x + 20, hb.y + 8);
    await page.mouse.down();
    await page.mouse.move(hb.x - 20, hb.y + 50, { steps: 12 });
    await page.mouse.up();
    const moved = await nodeEl(page, 'dense1').boundingBox();
    expect(Math.abs((moved?.y ?? 0) - before.y)).toBeGreaterThan(30);
    await clickPane(page);
    await page.keyboard.press('Control+z');
    await expect.poll(async () => Math.round((await nodeEl(page, 'dense1').boundingBox())?.y ?? 0)).toBe(Math.round(before.y));
    await page.keyboard.press('Control+Shift+z');
  });

  it('duplicates and copy-pastes nodes', async () => {
    await selectNode(page, 'dense1');
    await page.keyboard.press('Control+d');
    await nodeEl(page, 'dense3').waitFor();
    await page.keyboard.press('Delete');
    await expect.poll(() => nodeEl(page, 'dense3').count()).toBe(0);
    await selectNode(page, 'dense1');
    await page.keyboard.press('Control+c');
    await page.mouse.move(700, 250);
    await page.keyboard.press('Control+v');
    await nodeEl(page, 'dense3').waitFor();
    await page.keyboard.press('Delete');
    await expect.poll(() => nodeEl(page, 'dense3').count()).toBe(0);
  });

  it('keeps the work across a reload', async () => {
    // a view of its own (zoomed in twice), which the reload must keep rather than fit the graph again
    const transform = () => page.locator('.react-flow__viewport').getAttribute('style');
    await page.click('.react-flow__controls-zoomin');
    await page.click('.react-flow__controls-zoomin');
    await page.waitForTimeout(400);
    const view = await transform();
    await page.reload();
    await nodeEl(page, 'reshape1').waitFor();
    await page.waitForTimeout(1800); // past the time in which a fit's own refit may come
    expect(await transform()).toBe(view);
    expect(await page.locator('.tl-breadcrumb').textContent()).toContain('model model1');
    await expect.poll(problems).toEqual(expect.arrayContaining([expect.stringContaining('cannot reshape [batch, 100]')]));
    await expect.poll(edgeLabels).toEqual(expect.arrayContaining(['[batch, 784]', '[batch, 128]', '[batch, 100]']));
    await shot(page, '04-after-reload');
  });

  it('goes back to the training graph with the breadcrumb, and a problem click comes back', async () => {
    await page.click('[data-testid="crumb-main"]');
    await expect.poll(() => page.locator('.tl-breadcrumb').textContent()).not.toContain('model1');
    await openProblems(page);
    await page.locator('[data-testid="problem"]', { hasText: 'cannot reshape' }).click();
    await expect.poll(() => page.locator('.tl-breadcrumb').textContent()).toContain('model model1');
    await expect.poll(() => page.locator('[data-testid="inspector"] .tl-insp-title').textContent()).toBe('Reshape');
  });

  it('saves the document as JSON that opens again', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="save-file"]')]);
    expect(download.suggestedFilename()).toMatch(/\.tensorloom\.json$/);
    const path = await download.path();
    const text = readFileSync(path, 'utf8');
    expect(JSON.parse(text)).toMatchObject({ format: 'tensorloom-graph', models: { model1: {} } });
    await page.setInputFiles('[data-testid="file-input"]', { name: 'saved.json', mimeType: 'application/json', buffer: Buffer.from(text) });
    await expect.poll(() => page.locator('.tl-breadcrumb .tl-crumb.current').textContent()).toBe('Training graph');
    // a file saved by the editor opens without load problems, so no dialog
    expect(await page.locator('[data-testid="dialog"]').count()).toBe(0);
    await page.click('[data-testid="graph-model1"]');
    await nodeEl(page, 'reshape1').waitFor();
  });

  it('refuses a malformed file with its diagnostics and keeps the document', async () => {
    await page.setInputFiles('[data-testid="file-input"]', {
      name: 'broken.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{ "format": "tensorloom-graph", "version": 1, "models": { '),
    });
    const dialog = page.locator('[data-testid="dialog"]');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('not valid JSON');
    await shot(page, '05-open-error');
    await dialog.getByText('Close').click();
    await expect.poll(() => dialog.count()).toBe(0);
    await nodeEl(page, 'reshape1').waitFor();
  });

  it('lists every shortcut when ? is pressed', async () => {
    await clickPane(page);
    await page.keyboard.press('Shift+Slash');
    const help = page.locator('[data-testid="shortcuts"]');
    await help.waitFor();
    const text = await help.textContent();
    for (const key of ['Ctrl+Z', 'Ctrl+G', 'Ctrl+D', 'Shift+Drag', 'Escape']) expect(text).toContain(key);
    await shot(page, '07-shortcuts');
    await page.keyboard.press('Escape');
    await expect.poll(() => help.count()).toBe(0);
  });

  it('switches to the dark theme', async () => {
    await page.click('[data-testid="theme"]');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await shot(page, '06-dark');
  });

  it('every visible control says what it does on hover, with the dashboard open and a node inspected', async () => {
    await page.click('[data-testid="toggle-dashboard"]');
    await selectNode(page, 'dense1');
    const silent = await page.evaluate(() => [...document.querySelectorAll('button, input, select, textarea')]
      .filter((e) => (e as HTMLElement).offsetParent !== null && !e.closest('[title]'))
      .map((e) => `${e.tagName.toLowerCase()} ${e.getAttribute('data-testid') ?? e.className} "${(e.textContent ?? '').trim().slice(0, 20)}"`));
    expect(silent).toEqual([]);
    await page.click('[data-testid="toggle-dashboard"]');
  });

  const canvasWidth = async () => (await page.locator('.tl-canvas').boundingBox())?.width ?? 0;
  const count = (sel: string) => page.locator(sel).count();

  it('hides and shows the side panels from the breadcrumb and the keyboard, remembered over a reload', async () => {
    const full = await canvasWidth();
    await page.click('[data-testid="toggle-left"]');
    expect(await count('.tl-left')).toBe(0);
    const noLeft = await canvasWidth();
    expect(noLeft).toBeGreaterThan(full + 200);
    await page.click('[data-testid="toggle-right"]');
    expect(await count('[data-testid="inspector"], .tl-inspector')).toBe(0);
    expect(await canvasWidth()).toBeGreaterThan(noLeft + 250);
    await page.reload();
    await page.locator('.react-flow__node').first().waitFor();
    expect(await count('.tl-left')).toBe(0);
    expect(await count('.tl-inspector')).toBe(0);
    await shot(page, '07-panels-hidden');
    await clickPane(page);
    await page.keyboard.press('Control+b');
    await page.locator('.tl-left').waitFor();
    await page.keyboard.press('Control+Alt+b');
    await page.locator('.tl-inspector').waitFor();
    expect(await canvasWidth()).toBeCloseTo(full, -1);
  });

  it('hides the minimap where the canvas is too small for it, and draws it in the theme\'s colours', async () => {
    await page.click('[data-testid="toggle-dashboard"]');
    // 1280 px less the graphs panel, the dashboard and the inspector leaves about 410 px
    await expect.poll(canvasWidth).toBeLessThan(560);
    await expect.poll(() => count('.react-flow__minimap')).toBe(0);
    await page.click('[data-testid="toggle-left"]');
    await page.click('[data-testid="toggle-right"]');
    await page.locator('.react-flow__minimap').waitFor();
    // the dark theme is on (an earlier test): the minimap is dark, not white
    const bg = await page.locator('.react-flow__minimap svg').evaluate((e) => getComputedStyle(e).backgroundColor);
    const [r, g, b] = (bg.match(/\d+/g) ?? []).map(Number);
    expect((r! + g! + b!) / 3, bg).toBeLessThan(80);
    await page.click('[data-testid="toggle-left"]');
    await page.click('[data-testid="toggle-right"]');
    await page.click('[data-testid="toggle-dashboard"]');
  });

  it('presents the canvas and the dashboard alone, in larger type, until Escape', async () => {
    await page.click('[data-testid="toggle-dashboard"]');
    await clickPane(page);
    await page.keyboard.press('Control+Alt+p');
    await expect.poll(() => count('.tl-left')).toBe(0);
    expect(await count('.tl-inspector')).toBe(0);
    expect(await count('.tl-problems')).toBe(0);
    expect(await page.locator('[data-testid="undo"]').isVisible()).toBe(false);
    expect(await page.locator('.tl-dashboard').isVisible()).toBe(true);
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('[data-testid="app"]')!).fontSize)).toBe('15px');
    // the graph is fitted again to the wider canvas (a 200 ms animation)
    await page.waitForTimeout(400);
    await shot(page, '08-presentation');
    await page.keyboard.press('Escape');
    await page.locator('.tl-left').waitFor();
    expect(await count('.tl-inspector')).toBe(1);
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('[data-testid="app"]')!).fontSize)).toBe('12.5px');
    await page.click('[data-testid="toggle-dashboard"]');
  });

  it('widens the dashboard by dragging its left edge, and keeps the width over a reload', async () => {
    await page.click('[data-testid="toggle-dashboard"]');
    const dash = page.locator('[data-testid="training-dashboard"]');
    const before = (await dash.boundingBox())!.width;
    const canvasBefore = await canvasWidth();
    const edge = (await page.locator('[data-testid="dashboard-resize"]').boundingBox())!;
    await page.mouse.move(edge.x + 3, edge.y + 200);
    await page.mouse.down();
    await page.mouse.move(edge.x - 60, edge.y + 200, { steps: 4 });
    await page.mouse.move(edge.x - 97, edge.y + 200, { steps: 4 });
    await page.mouse.up();
    await expect.poll(async () => (await dash.boundingBox())!.width).toBeCloseTo(before + 100, -1);
    expect(await canvasWidth()).toBeCloseTo(canvasBefore - 100, -1);
    await page.reload();
    await dash.waitFor();
    expect((await dash.boundingBox())!.width).toBeCloseTo(before + 100, -1);
    await page.click('[data-testid="toggle-dashboard"]');
  });

  it('logged no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
