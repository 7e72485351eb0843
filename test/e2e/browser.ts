// Driving the editor in Chromium: launch, and the few gestures the tests repeat (drag from the
// palette, connect two ports, select a node, set a param). Screenshots go to __screenshots__/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

export const SHOTS = fileURLToPath(new URL('./__screenshots__/', import.meta.url));

/**
 * Starts headless Chromium. With `webgpu`, WebGPU is switched on instead of the GPU being switched
 * off: on a machine without a GPU it then runs on SwiftShader, a software Vulkan inside Chromium.
 */
export async function launch(opts: { webgpu?: boolean } = {}): Promise<Browser> {
  const gpu = opts.webgpu ? '--enable-unsafe-webgpu' : '--disable-gpu';
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', gpu, '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

async function centre(l: Locator): Promise<{ x: number; y: number }> {
  const b = await l.boundingBox();
  if (!b) throw new Error(`not visible: ${l.toString()}`);
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

export const nodeEl = (page: Page, id: string) => page.locator(`[data-testid="node-${id}"]`);

/** Drags a node type from the palette onto the canvas at a point given as fractions of the pane. */
export async function dragFromPalette(page: Page, type: string, fx: number, fy: number): Promise<void> {
  const pane = page.locator('.tl-canvas .react-flow__pane');
  const box = await pane.boundingBox();
  if (!box) throw new Error('no canvas pane');
  await page.dragAndDrop(`[data-testid="palette-${type}"]`, '.tl-canvas .react-flow__pane', {
    targetPosition: { x: box.width * fx, y: box.height * fy },
  });
}

/** Drags a wire from an output port to an input port. */
export async function connect(page: Page, from: [string, string], to: [string, string]): Promise<void> {
  const a = await centre(nodeEl(page, from[0]).locator(`.react-flow__handle.source[data-handleid="${from[1]}"]`));
  const b = await centre(nodeEl(page, to[0]).locator(`.react-flow__handle.target[data-handleid="${to[1]}"]`));
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x, b.y, { steps: 5 });
  await page.mouse.up();
}

export async function selectNode(page: Page, id: string): Promise<void> {
  await nodeEl(page, id).locator('.tl-node-head').click();
}

/** Types a param value into the inspector and commits it with Enter. */
export async function setParam(page: Page, name: string, value: string): Promise<void> {
  const input = page.locator(`[data-testid="param-${name}"]`);
  await input.fill(value);
  await input.press('Enter');
}

/** Opens the problems list (it opens by itself only for a document that opens with errors). */
export async function openProblems(page: Page): Promise<void> {
  if ((await page.locator('.tl-problems-list').count()) === 0) await page.click('.tl-problems-toggle');
}

/** Clicks an empty spot of the canvas: clears the selection and takes focus out of form fields. */
export async function clickPane(page: Page): Promise<void> {
  const box = await page.locator('.tl-canvas .react-flow__pane').boundingBox();
  if (!box) throw new Error('no canvas pane');
  await page.mouse.click(box.x + 12, box.y + 12);
}

/** Runs in the page: the editor's autosave object store (IndexedDB), created if missing. */
async function withAutosaveStore<T>(page: Page, op: 'clear' | 'read'): Promise<T> {
  return page.evaluate(async (what) => {
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const r = indexedDB.open('tensorloom-editor', 1);
      r.onupgradeneeded = () => r.result.createObjectStore('documents');
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
    });
    const tx = db.transaction('documents', what === 'clear' ? 'readwrite' : 'readonly');
    const req = what === 'clear' ? tx.objectStore('documents').clear() : tx.objectStore('documents').get('autosave');
    const out = await new Promise<unknown>((ok, fail) => {
      req.onsuccess = () => ok(req.result);
      req.onerror = () => fail(req.error);
    });
    db.close();
    return out;
  }, op) as Promise<T>;
}

/** Forgets everything the editor stored (autosave, session): the next load is a first visit. */
export async function clearStorage(page: Page): Promise<void> {
  await page.evaluate(() => localStorage.clear());
  await withAutosaveStore(page, 'clear');
}

/** The autosaved document's text ('' when nothing is saved yet). */
export async function readAutosave(page: Page): Promise<string> {
  return (await withAutosaveStore<string | undefined>(page, 'read')) ?? '';
}

/** Collects the page's uncaught errors and console errors (a missing favicon aside) into `errors`. */
export function collectPageErrors(page: Page, errors: string[]): void {
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().includes('favicon') && !m.text().includes('404')) errors.push(m.text());
  });
}

/** A first visit opens the template gallery over the starter template: close it, and wait for the canvas. */
export async function closeFirstVisitGallery(page: Page): Promise<void> {
  await page.locator('[data-testid="gallery"]').waitFor();
  await page.keyboard.press('Escape');
  await page.locator('.react-flow__node').first().waitFor();
}

/**
 * Shows the template gallery: the one a first visit opens by itself, or the one the Gallery button
 * opens. Waits for the top bar first: before the app's first render there is neither, and a click
 * on the button then races the first-visit gallery's backdrop.
 */
export async function showGallery(page: Page): Promise<void> {
  await page.locator('[data-testid="open-gallery"]').waitFor();
  if ((await page.locator('[data-testid="gallery"]').count()) === 0) await page.click('[data-testid="open-gallery"]');
}
