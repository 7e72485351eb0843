// The editor's bigger gestures in a real browser: the template gallery, Create model from a
// selection, the menu offered when a wire is dropped on empty canvas, the model summary, and
// twenty mixed edits undone and redone back to the very same saved document.
// Run: npx vitest run --config vitest.e2e.config.ts
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEMPLATES } from '../../templates';
import { exportLayersModel } from '../../src/interop';
import { clearStorage, clickPane, collectPageErrors, connect, dragFromPalette, launch, nodeEl, readAutosave, selectNode, setParam, shot, showGallery } from './browser';
import { buildAndServe, type Served } from './server';

let served: Served;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  served = await buildAndServe();
  browser = await launch();
  // a context of its own, so that a second tab can share its storage (the two-tab test)
  page = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
  collectPageErrors(page, pageErrors);
  await page.goto(served.url);
  await clearStorage(page);
  await page.reload();
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
});

const errorCount = () => page.locator('[data-testid="error-count"]').textContent();
const saved = () => readAutosave(page);
const edgeCount = () => page.locator('.react-flow__edge').count();

/** Opens a document from JSON through the Open button, as a person would. */
async function openDoc(doc: unknown, name = 'test.json'): Promise<void> {
  await page.setInputFiles('[data-testid="file-input"]', { name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) });
}

/** Drags a wire out of a port and lets go on empty canvas, `dx`, `dy` pixels away. */
async function dropWire(nodeId: string, port: string, side: 'source' | 'target', dx: number, dy: number): Promise<{ x: number; y: number }> {
  const h = await nodeEl(page, nodeId).locator(`.react-flow__handle.${side}[data-handleid="${port}"]`).boundingBox();
  if (!h) throw new Error(`no handle ${nodeId}.${port}`);
  const from = { x: h.x + h.width / 2, y: h.y + h.height / 2 };
  const to = { x: from.x + dx, y: from.y + dy };
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + dx / 2, from.y + dy / 2, { steps: 4 });
  await page.mouse.move(to.x, to.y, { steps: 4 });
  await page.mouse.up();
  return to;
}

const node = (id: string, type: string, x: number, y: number, params: Record<string, unknown> = {}) => ({ id, type, params, position: { x, y } });
const edge = (id: string, from: string, to: string) => {
  const [sn, sp] = from.split('.');
  const [tn, tp] = to.split('.');
  return { id, source: { node: sn, port: sp }, target: { node: tn, port: tp } };
};

describe('template gallery', () => {
  it('opens by itself on a first visit, with a picture of each template', async () => {
    const gallery = page.locator('[data-testid="gallery"]');
    await gallery.waitFor();
    expect(await gallery.locator('.tl-gallery-card').count()).toBe(TEMPLATES.length);
    for (const t of TEMPLATES) {
      const card = page.locator(`[data-testid="gallery-${t.id}"]`);
      expect(await card.locator('.tl-gallery-name').textContent()).toBe(t.name);
      expect(await card.locator('svg.tl-thumb rect').count()).toBe(t.doc.main.nodes.length);
    }
    await shot(page, '10-gallery');
  });

  it('loads every template with no errors', async () => {
    for (const t of TEMPLATES) {
      await showGallery(page);
      await page.click(`[data-testid="gallery-${t.id}"]`);
      await expect.poll(() => page.locator('.tl-docname').textContent()).toBe(t.name);
      await expect.poll(() => page.locator('.react-flow__node').count()).toBe(t.doc.main.nodes.length);
      expect(await errorCount(), t.id).toBe('0 errors');
      // a document that opens without errors leaves the canvas the problems list's room
      expect(await page.locator('.tl-problems-list').count(), t.id).toBe(0);
    }
  });
});

describe('levels of detail', () => {
  const zoom = async () => Number((await page.locator('.react-flow__viewport').getAttribute('style'))?.match(/scale\(([\d.]+)\)/)?.[1]);

  const overlaps = (a: DOMRect, b: DOMRect) =>
    Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;

  /** The fitted view's mid level: port names and a face line on every node, legible, shapes on the edges, all in view. */
  async function expectMidLevelFit(id: string) {
    const t = TEMPLATES.find((x) => x.id === id)!;
    await expect.poll(() => page.locator('.tl-node.mid').count()).toBe(t.doc.main.nodes.length);
    await page.waitForTimeout(400);
    const z = await zoom();
    // every node shows its ports' names and one line of params, at 6.8 px or more on the screen
    const ports = await page.locator('.tl-node .tl-port').evaluateAll((ps) => ps.map((p) => [p.textContent ?? '', parseFloat(getComputedStyle(p).fontSize)] as const));
    expect(ports.length).toBeGreaterThan(t.doc.main.nodes.length);
    for (const [name, px] of ports) {
      expect(name.trim(), 'a port without its name').not.toBe('');
      expect(px * z, `port ${name} at zoom ${z}`).toBeGreaterThanOrEqual(6.8);
    }
    expect(await page.locator('.tl-node-face').count()).toBeGreaterThan(0);
    const faceText = await page.locator('.tl-node-face').allTextContents();
    expect(faceText.every((f) => f.trim() !== '')).toBe(true);
    // every edge that carries a tensor shows its shape, and no node hides part of it
    const labelledEdges = () => page.locator('.tl-edge-label').evaluateAll((ls) => ls.map((l) => l.getAttribute('data-testid')!.replace('edge-label-', '')));
    await expect.poll(async () => { const labelled = await labelledEdges(); return t.doc.main.edges.map((e) => e.id).filter((e) => !labelled.includes(e)); }, { message: 'edges without a shape', timeout: 5000 }).toEqual([]);
    const labels = await page.locator('.tl-edge-label').allTextContents();
    const labelled = await labelledEdges();
    expect(labels.every((l) => /^\[.*\]$|^scalar$/.test(l))).toBe(true);
    const rects = (selector: string) => page.locator(selector).evaluateAll((ns) => ns.map((n) => n.getBoundingClientRect().toJSON() as DOMRect));
    const nodes = await rects('.react-flow__node');
    const nodeIds = await page.locator('.react-flow__node').evaluateAll((ns) => ns.map((n) => n.getAttribute('data-id')));
    for (const [i, label] of (await rects('.tl-edge-label')).entries()) {
      const under = nodes.findIndex((n) => overlaps(label, n));
      expect(under === -1 ? null : nodeIds[under], `edge ${labelled[i]}'s label "${labels[i]}" under a node`).toBeNull();
    }
    // the whole graph is in view after the nodes took their mid-level size
    const pane = (await page.locator('.tl-canvas').boundingBox())!;
    for (const b of nodes) {
      expect(b.top).toBeGreaterThanOrEqual(pane.y - 1);
      expect(b.bottom).toBeLessThanOrEqual(pane.y + pane.height + 1);
      expect(b.left).toBeGreaterThanOrEqual(pane.x - 1);
      expect(b.right).toBeLessThanOrEqual(pane.x + pane.width + 1);
    }
  }

  for (const t of TEMPLATES.filter((x) => x.id !== 'vae-gan')) {
    it(`fits the ${t.id} template at 1280x720 with port names, key params and edge shapes legible`, async () => {
      await showGallery(page);
      await page.click(`[data-testid="gallery-${t.id}"]`);
      await expectMidLevelFit(t.id);
    });
  }

  it('fits the VAE-GAN template that way too once the inspector is hidden (nine stages are too wide beside it)', async () => {
    await showGallery(page);
    await page.click('[data-testid="gallery-vae-gan"]');
    await expect.poll(() => page.locator('.tl-node').count()).toBe(TEMPLATES.find((x) => x.id === 'vae-gan')!.doc.main.nodes.length);
    await page.locator('.tl-backdrop').waitFor({ state: 'detached' });
    await page.keyboard.press('Control+Alt+b');
    await page.locator('.tl-app.tl-right-hidden').waitFor();
    await page.keyboard.press('f');
    await expectMidLevelFit('vae-gan');
    await page.keyboard.press('Control+Alt+b');
    await page.locator('.tl-app.tl-right-hidden').waitFor({ state: 'detached' });
  });
});

describe('model summary and weights', () => {
  it('shows a layer\'s parameter count in the inspector and every model in the summary', async () => {
    await page.click('[data-testid="open-gallery"]');
    await page.click('[data-testid="gallery-gan-2d"]');
    await page.click('[data-testid="graph-generator"]');
    await selectNode(page, 'h1');
    // z [batch, 8] → Dense 128: 8 × 128 weights + 128 biases
    await expect.poll(() => page.locator('[data-testid="param-count"]').textContent()).toBe('1,152 parameters');
    await setParam(page, 'units', '64');
    await expect.poll(() => page.locator('[data-testid="param-count"]').textContent()).toBe('576 parameters');
    await page.keyboard.press('Escape');
    await clickPane(page);
    await page.keyboard.press('Control+z');
    await page.click('[data-testid="summary-of-generator"]');
    const table = page.locator('[data-testid="summary-generator"]');
    await table.waitFor();
    const rows = await table.locator('tbody tr').allInnerTexts();
    expect(rows.map((r) => r.split('\t').slice(0, 3))).toEqual([
      ['z (Model Input)', '[batch, 8]', '0'],
      ['h1 (Dense)', '[batch, 128]', '1,152'],
      ['h2 (Dense)', '[batch, 128]', '16,512'],
      ['xy (Dense)', '[batch, 2]', '258'],
      ['x (Model Output)', '→ [batch, 2]', '0'],
    ]);
    expect(await table.locator('.tl-sum-totals').textContent()).toContain('Total params: 17,922');
    expect(await page.locator('[data-testid="summary-discriminator"]').count()).toBe(1);
    await shot(page, '11-summary');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[data-testid="dialog"]').count()).toBe(0);
  });
});

describe('create model from a selection', () => {
  // layers left in the training graph: the case the "graph.layerInMain" error points to
  const layersInMain = {
    format: 'tensorloom-graph',
    version: 1,
    meta: { name: 'Layers in the training graph', description: '' },
    models: {},
    main: {
      nodes: [
        node('data', 'data.toy2d', 0, 0),
        node('d1', 'layers.dense', 240, 0, { units: 16, activation: 'relu' }),
        node('d2', 'layers.dense', 480, 0, { units: 2 }),
        node('show', 'previews.scatter', 720, 0),
      ],
      edges: [edge('e1', 'data.x', 'd1.in'), edge('e2', 'd1.out', 'd2.in'), edge('e3', 'd2.out', 'show.points')],
    },
  };

  it('turns selected layers into a model node with the right ports and shapes (Ctrl+G)', async () => {
    await openDoc(layersInMain, 'layers.json');
    await nodeEl(page, 'd1').waitFor();
    if (await page.locator('[data-testid="dialog"]').count()) await page.keyboard.press('Escape');
    expect(await errorCount()).not.toBe('0 errors');
    expect(await page.locator('[data-testid="problem"]').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining('Select it with its neighbours and choose "Create model"')]),
    );
    await selectNode(page, 'd1');
    await nodeEl(page, 'd2').locator('.tl-node-head').click({ modifiers: ['Control'] });
    await expect.poll(() => page.locator('[data-testid="create-model"]').isEnabled()).toBe(true);
    await page.keyboard.press('Control+g');
    const call = nodeEl(page, 'call1');
    await call.waitFor();
    expect(await nodeEl(page, 'd1').count()).toBe(0);
    expect(await call.locator('.tl-node-title').textContent()).toBe('Model');
    expect(await call.locator('.react-flow__handle.target').evaluateAll((hs) => hs.map((h) => h.getAttribute('data-handleid')))).toEqual(['x']);
    expect(await call.locator('.react-flow__handle.source').evaluateAll((hs) => hs.map((h) => h.getAttribute('data-handleid')))).toEqual(['y']);
    // the Model node is selected: its ports carry the shapes the layers had (batch 256 from the data)
    await expect.poll(() => page.locator('[data-testid="in-shape-x"]').textContent()).toBe('[256, 2]');
    await expect.poll(() => page.locator('[data-testid="out-shape-y"]').textContent()).toBe('[256, 2]');
    await expect.poll(() => page.locator('[data-testid="param-count"]').textContent()).toContain(`${2 * 16 + 16 + 16 * 2 + 2} parameters in model model1`);
    expect(await errorCount()).toBe('0 errors');
    await shot(page, '12-created-model');
    // inside, a Model Input declaring one sample [2] and a Model Output
    await page.click('[data-testid="graph-model1"]');
    await selectNode(page, 'input1');
    expect(await page.inputValue('[data-testid="param-shape"]')).toBe('2');
    await expect.poll(async () => (await page.locator('.tl-edge-label').evaluateAll((ls) => ls.map((l) => l.getAttribute('aria-label') ?? ''))).sort()).toEqual(['[batch, 16]', '[batch, 2]', '[batch, 2]']);
    await nodeEl(page, 'output1').waitFor();
  });

  it('is one undo step, and the right-click menu does the same', async () => {
    await clickPane(page);
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.locator('.tl-breadcrumb .tl-crumb.current').textContent()).toBe('Training graph');
    await nodeEl(page, 'd1').waitFor();
    expect(await nodeEl(page, 'call1').count()).toBe(0);
    expect(await page.locator('[data-testid="graph-model1"]').count()).toBe(0);
    await selectNode(page, 'd1');
    await nodeEl(page, 'd2').locator('.tl-node-head').click({ modifiers: ['Control'] });
    await nodeEl(page, 'd2').locator('.tl-node-head').click({ button: 'right' });
    const menu = page.locator('[data-testid="context-menu"]');
    await menu.waitFor();
    await shot(page, '13-context-menu');
    await menu.locator('[data-testid="cmd-create-model"]').click();
    await nodeEl(page, 'call1').waitFor();
    expect(await page.locator('[data-testid="problem"].sev-error').allTextContents()).toEqual([]);
  });

  it('is offered, greyed with the reason, where it cannot run', async () => {
    await nodeEl(page, 'show').locator('.tl-node-head').click({ button: 'right' });
    const item = page.locator('[data-testid="cmd-create-model"]');
    await item.waitFor();
    expect(await item.isDisabled()).toBe(true);
    expect(await item.getAttribute('title')).toContain('Select one or more layer nodes');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[data-testid="context-menu"]').count()).toBe(0);
  });
});

describe('dropping a wire on empty canvas', () => {
  it('offers the nodes that take it, searchable, and adds the chosen one connected', async () => {
    await page.click('[data-testid="open-gallery"]');
    await page.click('[data-testid="gallery-gan-2d"]');
    await page.click('[data-testid="graph-generator"]');
    await nodeEl(page, 'h2').waitFor();
    const edges = await edgeCount();
    const at = await dropWire('h2', 'out', 'source', 60, 170);
    const menu = page.locator('[data-testid="edge-drop-menu"]');
    await menu.waitFor();
    // at the drop point (moved up only as far as needed to stay in the window)
    const box = await menu.boundingBox();
    expect(Math.abs((box?.x ?? 0) - at.x)).toBeLessThan(4);
    expect(box?.y ?? 0).toBeLessThanOrEqual(at.y + 1);
    expect((box?.y ?? 0) + (box?.height ?? 0)).toBeGreaterThan(at.y);
    expect(await menu.locator('[data-testid="drop-layers.dense"]').count()).toBe(1);
    expect(await menu.locator('[data-testid="drop-models.output"]').count()).toBe(1);
    expect(await menu.locator('[data-testid="drop-models.input"]').count()).toBe(0); // takes no input
    await page.keyboard.type('layernorm');
    await shot(page, '14-edge-drop');
    await page.keyboard.press('Enter');
    await nodeEl(page, 'layerNorm1').waitFor();
    await expect.poll(edgeCount).toBe(edges + 1);
    await expect.poll(() => page.locator('[data-testid="in-shape-in"]').textContent()).toBe('[batch, 128]');
    // one undo step takes node and wire away together
    await clickPane(page);
    await page.keyboard.press('Control+z');
    await expect.poll(() => nodeEl(page, 'layerNorm1').count()).toBe(0);
    await expect.poll(edgeCount).toBe(edges);
  });

  it('from an input, offers nodes that give what it takes; Escape changes nothing', async () => {
    const before = await saved();
    await dropWire('xy', 'in', 'target', -40, 170);
    const menu = page.locator('[data-testid="edge-drop-menu"]');
    await menu.waitFor();
    expect(await menu.locator('[data-testid="drop-models.input"]').count()).toBe(1);
    expect(await menu.locator('[data-testid="drop-models.output"]').count()).toBe(0); // gives nothing
    await page.keyboard.press('Escape');
    await expect.poll(() => menu.count()).toBe(0);
    expect(await saved()).toBe(before);
  });
});

describe('undo and redo', () => {
  it('take twenty mixed edits back to the same saved document, step by step', async () => {
    await page.click('[data-testid="open-gallery"]');
    await page.click('[data-testid="gallery-gan-2d"]');
    await page.click('[data-testid="graph-generator"]');
    await nodeEl(page, 'h1').waitFor();
    const states: string[] = [await saved()];
    /** runs one edit and keeps the document it saved; each must be exactly one new state */
    const step = async (what: string, edit: () => Promise<void>) => {
      await edit();
      const last = states.at(-1);
      await expect.poll(saved, { message: what }).not.toBe(last);
      states.push(await saved());
    };
    const head = (id: string) => nodeEl(page, id).locator('.tl-node-head');
    await step('set units', async () => { await selectNode(page, 'h1'); await setParam(page, 'units', '64'); });
    await step('set activation', () => page.selectOption('[data-testid="param-activation"]', 'tanh').then(() => undefined));
    await step('toggle bias', () => page.click('[data-testid="param-useBias"]'));
    await step('rename node', async () => { await page.fill('[data-testid="node-label"]', 'hidden'); await page.press('[data-testid="node-label"]', 'Enter'); });
    await step('add from palette', () => dragFromPalette(page, 'layers.dropout', 0.35, 0.8));
    // the new node's unconnected input is an error; the list does not open by itself (the canvas would jump)
    await expect.poll(errorCount).toBe('1 error');
    expect(await page.locator('.tl-problems-list').count()).toBe(0);
    await step('connect', () => connect(page, ['h2', 'out'], ['dropout1', 'in']));
    await step('move', async () => {
      const b = await head('dropout1').boundingBox();
      if (!b) throw new Error('dropout1 not visible');
      await page.mouse.move(b.x + 30, b.y + 8);
      await page.mouse.down();
      await page.mouse.move(b.x + 30, b.y + 80, { steps: 8 });
      await page.mouse.up();
    });
    await step('duplicate', async () => { await selectNode(page, 'dropout1'); await page.keyboard.press('Control+d'); });
    await step('delete', async () => { await nodeEl(page, 'dropout2').waitFor(); await page.keyboard.press('Delete'); });
    await step('edge drop', async () => {
      await dropWire('xy', 'out', 'source', -60, 140);
      await page.keyboard.type('activation');
      await page.keyboard.press('Enter');
    });
    await step('set rate', async () => { await selectNode(page, 'dropout1'); await setParam(page, 'rate', '0.5'); });
    await step('delete with wire', async () => { await selectNode(page, 'activation1'); await page.keyboard.press('Delete'); });
    await step('add model', () => page.click('[data-testid="add-model"]'));
    await step('declare shape', async () => { await selectNode(page, 'input1'); await setParam(page, 'shape', '4'); });
    await step('add dense', () => page.click('[data-testid="palette-layers.dense"]'));
    await step('connect in', () => connect(page, ['input1', 'out'], ['dense1', 'in']));
    await step('connect out', () => connect(page, ['dense1', 'out'], ['output1', 'in']));
    await step('rename document', async () => {
      await clickPane(page);
      await page.fill('#doc-name', 'Twenty edits');
      await page.press('#doc-name', 'Enter');
    });
    await step('rename in main', async () => {
      await page.click('[data-testid="graph-main"]');
      await selectNode(page, 'noise');
      await page.fill('[data-testid="node-label"]', 'z noise');
      await page.press('[data-testid="node-label"]', 'Enter');
    });
    await step('delete preview', async () => { await selectNode(page, 'fake_points'); await page.keyboard.press('Delete'); });
    expect(states.length).toBe(21);

    await clickPane(page);
    for (let i = 19; i >= 0; i--) {
      await page.click('[data-testid="undo"]');
      await expect.poll(saved, { message: `undo to state ${i}` }).toBe(states[i]);
    }
    expect(await page.locator('[data-testid="undo"]').isDisabled()).toBe(false); // opening the template is undoable too
    for (let i = 1; i <= 20; i++) {
      await page.click('[data-testid="redo"]');
      await expect.poll(saved, { message: `redo to state ${i}` }).toBe(states[i]);
    }
    expect(await page.locator('[data-testid="redo"]').isDisabled()).toBe(true);
  });

});

describe('importing a tfjs model', () => {
  it('adds a model.json with its weights as a model subgraph, one Undo away', async () => {
    const tf = await import('@tensorflow/tfjs');
    await tf.setBackend('cpu');
    const net = tf.sequential({ layers: [tf.layers.dense({ inputShape: [6], units: 5, activation: 'relu', name: 'hidden' }), tf.layers.dense({ units: 2, name: 'scores' })] });
    const files = await exportLayersModel(tf, net);
    net.dispose();
    await page.click('[data-testid="graph-main"]');
    const models = await page.locator('.tl-graph-list li').count();
    await page.setInputFiles('[data-testid="import-model-input"]', [
      { name: 'model.json', mimeType: 'application/json', buffer: Buffer.from(files.modelJson) },
      { name: 'weights.bin', mimeType: 'application/octet-stream', buffer: Buffer.from(files.weightsBin) },
    ]);
    await expect.poll(() => page.locator('.tl-graph-list li').count()).toBe(models + 1);
    // the weights are kept for training, and the notice says the model starts from them
    const notice = page.locator('[data-testid="dialog"]');
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(/Training starts model "\w+" from its imported weights/);
    await shot(page, '16-import-model');
    await page.keyboard.press('Escape');
    await nodeEl(page, 'hidden').waitFor();
    await nodeEl(page, 'scores').waitFor();
    await expect.poll(() => page.locator('.tl-edge-label').evaluateAll((ls) => ls.map((l) => l.getAttribute('aria-label') ?? ''))).toEqual(expect.arrayContaining(['[batch, 6]', '[batch, 5]', '[batch, 2]']));
    await page.click('[data-testid="undo"]');
    await expect.poll(() => page.locator('.tl-graph-list li').count()).toBe(models);
  });
});

describe('share links', () => {
  const docName = () => page.locator('.tl-docname').textContent();
  const openByLink = async (url: string) => {
    await page.goto(url); // only the fragment changes: no load yet
    await page.reload();
    await page.locator('[data-testid="dialog"]').waitFor();
  };

  it('open a copy of the graph, one Undo away from the work that was there', async () => {
    await page.click('[data-testid="open-gallery"]');
    await page.click('[data-testid="gallery-gan-2d"]');
    await page.click('[data-testid="share"]');
    const url = await page.locator('[data-testid="share-url"]').inputValue();
    expect(url).toMatch(/#graph=[A-Za-z0-9_-]+$/);
    await shot(page, '15-share');
    await page.keyboard.press('Escape');
    const shared = await docName();
    await page.click('[data-testid="open-gallery"]');
    await page.click('[data-testid="gallery-vae-mlp"]');
    await selectNode(page, 'opt');
    await setParam(page, 'learningRate', '0.002'); // my own work now, not an untouched template
    await clickPane(page);
    const mine = await docName();
    expect(mine).not.toBe(shared);

    await openByLink(url);
    expect(await page.locator('[data-testid="dialog"]').textContent()).toContain('one Undo away');
    await page.keyboard.press('Escape');
    expect(await docName()).toBe(shared);
    expect(page.url()).not.toContain('#graph='); // a reload must not open the link again over later edits
    await page.click('[data-testid="undo"]');
    expect(await docName()).toBe(mine);
    await page.click('[data-testid="redo"]');
    expect(await docName()).toBe(shared);
  });

  it('leave the work they replaced under Recent, after a reload too', async () => {
    await page.reload();
    await page.locator('.react-flow__node').first().waitFor();
    expect(await page.locator('[data-testid="undo"]').isDisabled()).toBe(true); // the history is gone
    await page.click('[data-testid="recent"]');
    const item = page.locator('[data-testid="recent-item"]').first();
    expect(await item.textContent()).toContain('MLP VAE');
    await shot(page, '15b-recent');
    await item.click();
    await nodeEl(page, 'opt').waitFor();
    await selectNode(page, 'opt');
    expect(await page.locator('[data-testid="param-learningRate"]').inputValue()).toBe('0.002');
    await page.click('[data-testid="undo"]'); // back to the shared graph
  });

  it('a second tab does not overwrite the first tab\'s autosave, says so, and takes over once the first goes', async () => {
    const docName = () => page.locator('.tl-docname').textContent();
    const mine = await saved();
    const second = await page.context().newPage();
    await second.goto(served.url);
    const told = second.locator('[data-testid="dialog"]');
    await told.waitFor();
    expect(await told.textContent()).toMatch(/open in another tab, and that tab keeps the autosave/);
    await shot(second, '15c-second-tab');
    await second.keyboard.press('Escape');
    await second.click('[data-testid="templates"]');
    await second.click('[data-testid="template-dcgan"]');
    await second.waitForTimeout(500);
    expect(await saved()).toBe(mine); // the first tab's work stays
    // the second tab's own work is kept apart: a reload of it brings it back, not the first tab's
    await second.reload();
    await second.locator('[data-testid="dialog"]').waitFor();
    await second.keyboard.press('Escape');
    await expect.poll(() => second.locator('.tl-docname').textContent()).toBe('DCGAN on MNIST');
    expect(await saved()).toBe(mine);
    // the first tab reloads: it lets the autosave go, the waiting second tab takes it over
    await page.reload();
    await page.locator('[data-testid="dialog"]').waitFor();
    expect(await page.locator('[data-testid="dialog"]').textContent()).toMatch(/another tab/);
    await page.keyboard.press('Escape');
    await expect.poll(saved).toContain('"name": "DCGAN on MNIST"');
    await second.close(); // and back: this tab keeps the autosave again
    await page.click('[data-testid="templates"]');
    await page.click('[data-testid="template-gan-2d"]');
    await expect.poll(saved).toContain(`"name": ${JSON.stringify(await docName())}`);
  });

  it('refuse a cut-short link with the reason and keep the document', async () => {
    await page.click('[data-testid="share"]');
    const url = await page.locator('[data-testid="share-url"]').inputValue();
    await page.keyboard.press('Escape');
    const before = await saved();
    await openByLink(url.slice(0, url.length - 25));
    expect(await page.locator('[data-testid="dialog"]').textContent()).toMatch(/damaged or cut short/);
    await page.keyboard.press('Escape');
    expect(await saved()).toBe(before);
  });

  it('logged no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
