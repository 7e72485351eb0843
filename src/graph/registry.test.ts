// Loading against stand-in node types the real registry may not have (yet): a node type at
// version 3 with param migrations, and an optimizer-like node with a "models" param
// (test/fixtures/fake-nodes.ts), added to the registry for this file only.
import { describe, expect, it, vi } from 'vitest';
import type { NodeSpec } from '../../nodes/spec';
import { changed, node, twoModels } from '../../test/fixtures/graph-docs';
import { checkDocument } from './check';
import { loadDocument, type LoadResult } from './load';
import { DOC_MIGRATIONS, migrateDocument, type JsonObject } from './migrations';
import { saveDocument } from './save';
import { GRAPH_VERSION } from './types';

vi.mock('../../nodes', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../nodes')>();
  const { scale, sgd } = await import('../../test/fixtures/fake-nodes');
  const extra = new Map<string, NodeSpec>([scale, sgd].map((s) => [s.type, s]));
  return {
    ...real,
    NODE_SPECS: [...real.NODE_SPECS, ...extra.values()],
    getSpec: (type: string) => extra.get(type) ?? real.getSpec(type),
    allTypes: () => [...real.allTypes(), ...extra.keys()],
  };
});

/** A valid document plus one test.scale node with the given stored params. */
function withScale(params: Record<string, number | string>, nodeVersions?: Record<string, number>): string {
  const doc = twoModels();
  doc.main.nodes.push(node('s', 'test.scale', params));
  const text = saveDocument(doc);
  return nodeVersions ? changed(JSON.parse(text), 'nodeVersions', nodeVersions) : text;
}

const paramsOfS = (r: LoadResult) => (r.ok ? r.doc.main.nodes.find((n) => n.id === 's')!.params : undefined);

describe('node param migrations', () => {
  it('upgrades a node one version at a time, from the version its file names', () => {
    const r = loadDocument(withScale({ k: 250 }, { 'test.scale': 1 }));
    expect(r.diagnostics).toEqual([]);
    expect(paramsOfS(r)).toEqual({ factor: 2.5, mode: 'mul' });
  });

  it('takes a node type missing from nodeVersions as version 1', () => {
    expect(paramsOfS(loadDocument(withScale({ k: 50 }, {})))).toEqual({ factor: 0.5, mode: 'mul' });
  });

  it('leaves a node at its current version alone, so save and load round-trip', () => {
    const text = withScale({ factor: 3, mode: 'add' });
    expect(JSON.parse(text).nodeVersions['test.scale']).toBe(3);
    const r = loadDocument(text);
    expect(paramsOfS(r)).toEqual({ factor: 3, mode: 'add' });
    expect(r.ok && saveDocument(r.doc)).toBe(text);
  });

  it('keeps the saved params of a node whose migration throws, and says so', () => {
    const r = loadDocument(withScale({ k: 1, boom: 'throw' }, { 'test.scale': 1 }));
    expect(r.ok).toBe(true);
    expect(paramsOfS(r)).toEqual({ k: 1, boom: 'throw' });
    const d = r.diagnostics.find((x) => x.code === 'doc.nodeMigrateFailed')!;
    expect(d).toMatchObject({ path: 'main.nodes[2]', nodeId: 's', severity: 'error' });
    expect(d.message).toContain('from node version 1 to 2 (cannot read "k")');
  });

  it('refuses params a migration made that a document cannot hold', () => {
    const r = loadDocument(withScale({ k: 1, boom: 'object' }, { 'test.scale': 2 }));
    expect(r.diagnostics.find((x) => x.code === 'doc.nodeMigrateFailed')?.message).toContain('param "boom" became an object');
  });

  it('warns about a node saved by a newer version', () => {
    const r = loadDocument(withScale({ factor: 1 }, { 'test.scale': 4 }));
    expect(r.diagnostics.map((d) => [d.code, d.path])).toEqual([['doc.nodeNewer', 'main.nodes[2]']]);
  });
});

describe('document format migrations', () => {
  it('has one step per version before the current one', () => {
    expect(DOC_MIGRATIONS).toHaveLength(GRAPH_VERSION - 1);
  });

  it('runs the steps in order from the file version, stamping each new version', () => {
    const seen: string[] = [];
    const steps = [1, 2, 3].map((v) => (d: JsonObject) => {
      seen.push(`${v}:${String(d.version)}`);
      return { ...d, [`step${v}`]: true };
    });
    const r = migrateDocument({ version: 2 }, 2, steps);
    expect(seen).toEqual(['2:2', '3:3']);
    expect(r).toEqual({ ok: true, raw: { version: 4, step2: true, step3: true } });
  });

  it('turns a failing step into a diagnostic', () => {
    const r = migrateDocument({ version: 1 }, 1, [() => { throw new Error('no main'); }]);
    expect(r.ok || r.diagnostic).toMatchObject({ code: 'doc.migrateFailed', message: expect.stringContaining('from document version 1 to 2 (no main)') });
  });
});

describe('models params', () => {
  it('reports every missing model of a "models" param at its index', () => {
    const doc = twoModels();
    doc.main.nodes.push(node('opt', 'test.sgd', { models: ['gen', 'critic', 'disc', 'ghost'] }));
    const found = checkDocument(doc).map((d) => [d.code, d.path, d.nodeId]);
    expect(found).toEqual([
      ['graph.unknownModel', 'main.nodes[2].params.models[1]', 'opt'],
      ['graph.unknownModel', 'main.nodes[2].params.models[3]', 'opt'],
    ]);
  });

  it('still checks the ports of a node whose "models" param names a missing model', () => {
    const doc = twoModels();
    doc.main.nodes.push(node('opt', 'test.sgd', { models: ['critic'] }));
    doc.main.edges.push({ id: 'l', source: { node: 'd', port: 'p' }, target: { node: 'opt', port: 'los' } });
    expect(checkDocument(doc).map((d) => d.code)).toEqual(['graph.unknownModel', 'doc.edgeMissingPort']);
  });

  it('loads a file with a missing model in a "models" param, with the error', () => {
    const doc = twoModels();
    doc.main.nodes.push(node('opt', 'test.sgd', { models: ['critic'] }));
    const r = loadDocument(saveDocument(doc));
    expect(r.ok && r.diagnostics.map((d) => d.code)).toEqual(['graph.unknownModel']);
  });
});
