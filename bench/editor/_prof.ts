import { chromium } from 'playwright-core';
import { saveDocument } from '../../src/graph/save';
import { benchDoc } from './graph';
const doc = benchDoc(300);
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless=new', '--no-sandbox', '--disable-gpu'] });
const page = await b.newPage({ viewport: { width: 1280, height: 720 } });
const session = { theme: 'light', scope: { kind: 'model', modelId: 'net' }, viewports: { 'model:net': { x: 40, y: 40, zoom: 0.75 } } };
await page.addInitScript(([a, b2]) => { localStorage.clear(); localStorage.setItem('tensorloom.autosave.v1', a!); localStorage.setItem('tensorloom.session.v1', b2!); }, [saveDocument(doc), JSON.stringify(session)]);
await page.goto('http://127.0.0.1:4322/');
await page.locator('[data-testid="node-d3"]').waitFor();
await page.waitForTimeout(1000);
await page.locator('[data-testid="node-d3"] .tl-node-head').click();
const input = page.locator('[data-testid="param-units"]');
const cdp = await page.context().newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
await cdp.send('Profiler.start');
for (let i = 0; i < 10; i++) { await input.fill(String(70 + i)); await input.press('Enter'); await page.waitForTimeout(300); }
const { profile } = await cdp.send('Profiler.stop');
const self = new Map<string, number>();
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const dt = profile.timeDeltas ?? [];
(profile.samples ?? []).forEach((id, i) => {
  const n = byId.get(id)!;
  const f = n.callFrame;
  const k = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
  self.set(k, (self.get(k) ?? 0) + (dt[i] ?? 0) / 1000);
});
const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 40);
for (const [k, v] of top) console.log(v.toFixed(1).padStart(8), k);
// inclusive time for some names
const parents = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parents.set(c, n.id);
const incl = new Map<string, number>();
(profile.samples ?? []).forEach((id, i) => {
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parents.get(cur)) {
    const f = byId.get(cur)!.callFrame;
    const k = `${f.functionName || '(anon)'}:${f.lineNumber}`;
    if (seen.has(k)) continue;
    seen.add(k);
    incl.set(k, (incl.get(k) ?? 0) + (dt[i] ?? 0) / 1000);
  }
});
console.log('--- inclusive');
for (const [k, v] of [...incl.entries()].sort((a, b) => b[1] - a[1]).slice(0, 60)) console.log(v.toFixed(1).padStart(8), k);
await b.close();
