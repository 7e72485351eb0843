import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { node, twoModels } from '../../test/fixtures/graph-docs';
import { loadDocument } from './load';
import { saveDocument } from './save';
import type { GraphDoc } from './types';

// the on-disk format, pinned: a change here changes every saved file, so it must be on purpose
const golden = readFileSync(new URL('../../test/fixtures/graphs/two-models.json', import.meta.url), 'utf8');

const reload = (text: string): GraphDoc => {
  const r = loadDocument(text);
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return r.doc;
};

describe('saveDocument', () => {
  it('writes the pinned format', () => {
    expect(saveDocument(twoModels())).toBe(golden);
  });

  it('round-trips a file byte for byte, and a document exactly', () => {
    const doc = reload(golden);
    expect(doc).toEqual(twoModels());
    expect(saveDocument(doc)).toBe(golden);
  });

  it('round-trips what the types allow: labels, odd ids, unknown params and types, floats', () => {
    const doc = twoModels();
    doc.meta.description = 'line one\nline two "quoted" ✓';
    doc.models['my gen'] = { nodes: [{ ...node('n 1', 'layers.dense', { units: 3, extra: ['a', 'b'] }, -0.125), label: '' }], edges: [] };
    doc.main.nodes.push({ ...node('u', 'nodes.fromTheFuture', { z: true, a: [1.5, 2e-9], m: 'x' }, 1e21) });
    const text = saveDocument(doc);
    expect(reload(text)).toEqual(doc);
    expect(saveDocument(reload(text))).toBe(text);
  });

  it('writes keys in a fixed order, whatever the order in memory', () => {
    const doc = twoModels();
    const h = doc.models.gen!.nodes[1]!;
    const shuffled: GraphDoc = {
      main: doc.main,
      models: doc.models,
      meta: { description: doc.meta.description, name: doc.meta.name },
      version: 1,
      format: 'tensorloom-graph',
    };
    doc.models.gen!.nodes[1] = { position: { y: h.position.y, x: h.position.x }, params: { useBias: true, activation: 'tanh', units: 8 }, label: 'hidden', type: h.type, id: h.id };
    expect(saveDocument(shuffled)).toBe(golden);
  });

  it('puts declared params first, in the order the node type lists them, then the rest sorted', () => {
    const doc = twoModels();
    doc.models.gen!.nodes[1]!.params = { zeta: 1, useBias: false, alpha: 2, units: 4 };
    const line = saveDocument(doc).split('\n').find((l) => l.includes('"zeta"'));
    expect(line?.trim()).toBe('"params": { "units": 4, "useBias": false, "alpha": 2, "zeta": 1 },');
  });

  it('leaves out what is not part of the document', () => {
    const doc = twoModels();
    Object.assign(doc.main.nodes[0]!, { selected: true, measured: { width: 10 } });
    Object.assign(doc, { viewport: { zoom: 2 } });
    expect(saveDocument(doc)).toBe(golden);
  });

  it('breaks long flat lists over lines, and ends with one newline', () => {
    const doc = twoModels();
    doc.models.gen!.nodes[0]!.params.shape = Array.from({ length: 40 }, (_, i) => i + 1);
    const text = saveDocument(doc);
    expect(text).toContain('"shape": [\n');
    expect(text.endsWith('}\n') && !text.endsWith('\n\n')).toBe(true);
    expect(reload(text)).toEqual(doc);
  });

  it('stamps the versions of the node types in use, sorted', () => {
    const saved = JSON.parse(saveDocument(twoModels())) as { nodeVersions: Record<string, number> };
    expect(Object.keys(saved.nodeVersions)).toEqual(['layers.dense', 'models.call', 'models.input', 'models.output']);
  });
});
