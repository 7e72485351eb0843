import { describe, expect, it } from 'vitest';
import { changed, edge, node, REMOVE, twoModels } from '../../test/fixtures/graph-docs';
import { loadDocument, loadDocumentJson, type LoadResult } from './load';
import { saveDocument } from './save';

const codes = (r: LoadResult) => r.diagnostics.map((d) => [d.code, d.path]);
const ofCode = (r: LoadResult, code: string) => r.diagnostics.filter((d) => d.code === code);

interface Refused {
  name: string;
  text: string;
  code: string;
  path: string | undefined;
  /** words the message must contain */
  says?: string;
}

const doc = twoModels();
const saved = saveDocument(doc);

// files that cannot be opened at all: load says why, where, and gives no document
const refused: Refused[] = [
  { name: 'bad JSON', text: '{"format": }', code: 'doc.json', path: undefined, says: 'line 1, column 12: expected a value, found "}"' },
  { name: 'truncated JSON', text: saved.slice(0, 200), code: 'doc.json', path: undefined, says: 'found the end of the file' },
  { name: 'a trailing comma', text: '{\n  "a": [1, 2,]\n}', code: 'doc.json', path: undefined, says: 'line 2, column 14: expected a value, found "]"' },
  { name: 'empty file', text: '', code: 'doc.json', path: undefined, says: 'expected a value' },
  { name: 'not an object', text: '[1, 2]', code: 'doc.schema', path: undefined, says: 'expected an object, got a list of numbers' },
  { name: 'null', text: 'null', code: 'doc.schema', path: undefined, says: 'got null' },
  { name: 'wrong format', text: changed(doc, 'format', 'keras-model'), code: 'doc.format', path: 'format', says: 'text "keras-model"' },
  { name: 'no format', text: changed(doc, 'format', REMOVE), code: 'doc.format', path: 'format', says: '"format" is missing' },
  { name: 'version from the future', text: changed(doc, 'version', 7), code: 'doc.newer', path: 'version', says: 'document version 7' },
  { name: 'version as text', text: changed(doc, 'version', '1'), code: 'doc.schema', path: 'version', says: 'got text "1"' },
  { name: 'version 0', text: changed(doc, 'version', 0), code: 'doc.schema', path: 'version' },
  { name: 'missing main', text: changed(doc, 'main', REMOVE), code: 'doc.schema', path: 'main', says: 'missing (expected an object)' },
  { name: 'missing meta name', text: changed(doc, 'meta.name', REMOVE), code: 'doc.schema', path: 'meta.name' },
  { name: 'missing nodes', text: changed(doc, 'models.gen.nodes', REMOVE), code: 'doc.schema', path: 'models.gen.nodes', says: 'missing (expected a list)' },
  { name: 'nodes not a list', text: changed(doc, 'main.nodes', {}), code: 'doc.schema', path: 'main.nodes', says: 'expected a list, got an object' },
  { name: 'node without id', text: changed(doc, 'main.nodes[1].id', REMOVE), code: 'doc.schema', path: 'main.nodes[1].id', says: 'missing (expected text)' },
  { name: 'empty node id', text: changed(doc, 'main.nodes[1].id', ''), code: 'doc.schema', path: 'main.nodes[1].id', says: 'must not be empty' },
  { name: 'empty node type', text: changed(doc, 'main.nodes[0].type', ''), code: 'doc.schema', path: 'main.nodes[0].type' },
  {
    name: 'position not numbers',
    text: changed(doc, 'models.disc.nodes[2].position', { x: '10', y: 20 }),
    code: 'doc.schema',
    path: 'models.disc.nodes[2].position.x',
    says: 'expected a number, got text "10"',
  },
  { name: 'position too large', text: saved.replace('"x": 400', '"x": 1e400'), code: 'doc.schema', path: 'models.gen.nodes[2].position.x', says: 'too large' },
  {
    name: 'a param that is no param value',
    text: changed(doc, 'models.gen.nodes[1].params.units', { n: 8 }),
    code: 'doc.schema',
    path: 'models.gen.nodes[1].params.units',
    says: 'got an object',
  },
  { name: 'a list of mixed values', text: changed(doc, 'models.gen.nodes[0].params.shape', [16, 'x']), code: 'doc.schema', path: 'models.gen.nodes[0].params.shape', says: 'a list of numbers and texts' },
  { name: 'label not text', text: changed(doc, 'models.gen.nodes[1].label', 5), code: 'doc.schema', path: 'models.gen.nodes[1].label' },
  { name: 'edge end not an object', text: changed(doc, 'main.edges[0].target', 'd.x'), code: 'doc.schema', path: 'main.edges[0].target' },
  { name: 'nodeVersions not whole numbers', text: changed(doc, 'nodeVersions', { 'layers.dense': 1.5 }), code: 'doc.schema', path: 'nodeVersions["layers.dense"]' },
];

describe('loadDocument refuses what is not a graph', () => {
  it.each(refused)('$name → $code at $path', ({ text, code, path, says }) => {
    const r = loadDocument(text);
    expect(r.ok).toBe(false);
    expect(r.diagnostics[0]).toMatchObject({ code, severity: 'error' });
    expect(r.diagnostics[0]!.path).toBe(path);
    if (says) expect(r.diagnostics[0]!.message).toContain(says);
  });

  it('reports every schema problem, each at its own path', () => {
    const raw = JSON.parse(saved);
    delete raw.main.nodes[0].id;
    raw.main.nodes[1].position = { x: 'a', y: null };
    const r = loadDocument(JSON.stringify(raw));
    expect(codes(r)).toEqual([
      ['doc.schema', 'main.nodes[0].id'],
      ['doc.schema', 'main.nodes[1].position.x'],
      ['doc.schema', 'main.nodes[1].position.y'],
    ]);
  });

  it('does not pile schema errors on a file that is not a graph', () => {
    expect(codes(loadDocument('{"name": "package.json"}'))).toEqual([['doc.format', 'format']]);
  });
});

// files that open, with what is wrong in them shown in the editor
interface Opened {
  name: string;
  text: string;
  code: string;
  path: string;
  node?: string;
  says?: string;
}

const withGen = (edit: (g: ReturnType<typeof twoModels>) => void) => {
  const d = twoModels();
  edit(d);
  return saveDocument(d);
};

const opened: Opened[] = [
  {
    name: 'params of the wrong type',
    text: changed(doc, 'models.gen.nodes[1].params.units', 'many'),
    code: 'doc.paramType',
    path: 'models.gen.nodes[1].params.units',
    node: 'h',
    says: 'Dense "hidden": param "units" must be a whole number, but the file has "many"',
  },
  { name: 'a fractional int', text: changed(doc, 'models.gen.nodes[1].params.units', 2.5), code: 'doc.paramType', path: 'models.gen.nodes[1].params.units' },
  { name: 'an enum out of its options', text: changed(doc, 'models.gen.nodes[1].params.activation', 'relu6'), code: 'doc.paramType', path: 'models.gen.nodes[1].params.activation', says: '"relu"' },
  { name: 'an out-of-range param', text: changed(doc, 'models.disc.nodes[1].params.units', 0), code: 'param.range', path: 'models.disc.nodes[1].params.units', says: '[1, 65536]' },
  { name: 'an unknown param', text: changed(doc, 'models.disc.nodes[1].params.dropout', 0.5), code: 'doc.paramUnknown', path: 'models.disc.nodes[1].params.dropout' },
  {
    name: 'an unknown node type',
    text: changed(doc, 'models.gen.nodes[1].type', 'layers.dence'),
    code: 'doc.unknownType',
    path: 'models.gen.nodes[1].type',
    node: 'h',
    says: 'Did you mean "layers.dense"?',
  },
  { name: 'a duplicate node id', text: changed(doc, 'models.gen.nodes[2].id', 'z'), code: 'doc.duplicateNodeId', path: 'models.gen.nodes[2].id', node: 'z', says: 'model "gen"' },
  {
    name: 'a duplicate edge id',
    text: withGen((d) => d.main.edges.push(edge('m1', 'g', 'y', 'd', 'x'))),
    code: 'doc.duplicateEdgeId',
    path: 'main.edges[1].id',
    says: 'the training graph',
  },
  { name: 'an edge from a missing node', text: changed(doc, 'models.disc.edges[0].source.node', 'ghost'), code: 'doc.edgeMissingNode', path: 'models.disc.edges[0].source.node', says: '"ghost"' },
  { name: 'an edge to a missing node', text: changed(doc, 'main.edges[0].target.node', 'ghost'), code: 'doc.edgeMissingNode', path: 'main.edges[0].target.node' },
  {
    name: 'an edge to a missing port',
    text: changed(doc, 'models.gen.edges[0].target.port', 'input'),
    code: 'doc.edgeMissingPort',
    path: 'models.gen.edges[0].target.port',
    node: 'h',
    says: 'uses input port "input", which this node does not have (its inputs: in)',
  },
  {
    name: 'an edge from a port the model does not give',
    text: changed(doc, 'main.edges[0].source.port', 'out'),
    code: 'doc.edgeMissingPort',
    path: 'main.edges[0].source.port',
    node: 'g',
    says: '(its outputs: y)',
  },
  {
    name: 'a model node naming a missing model',
    text: changed(doc, 'main.nodes[1].params.model', 'critic'),
    code: 'graph.unknownModel',
    path: 'main.nodes[1].params.model',
    node: 'd',
    says: 'Pick one of: gen, disc',
  },
  {
    name: 'a key the format does not have',
    text: changed(doc, 'main.nodes[0].selected', true),
    code: 'doc.unknownKey',
    path: 'main.nodes[0].selected',
  },
  { name: 'a node type newer than this app', text: changed(doc, 'nodeVersions', { 'layers.dense': 9 }), code: 'doc.nodeNewer', path: 'models.gen.nodes[1]', says: 'node version 9' },
];

describe('loadDocument opens a graph with errors, and says where they are', () => {
  it.each(opened)('$name → $code at $path', ({ text, code, path, node: nodeId, says }) => {
    const r = loadDocument(text);
    expect(r.ok).toBe(true);
    const found = r.diagnostics.filter((d) => d.code === code);
    expect(found.map((d) => d.path)).toContain(path);
    const d = found.find((x) => x.path === path)!;
    if (nodeId) expect(d.nodeId).toBe(nodeId);
    if (says) expect(d.message).toContain(says);
  });

  it('finds no problem in a valid document', () => {
    expect(loadDocument(saved)).toEqual({ ok: true, doc, diagnostics: [] });
  });

  it('reports an edge into an instance of a missing model once, as the missing model', () => {
    const r = loadDocument(changed(doc, 'main.nodes[1].params.model', 'critic'));
    expect(codes(r)).toEqual([['graph.unknownModel', 'main.nodes[1].params.model']]);
  });

  it('drops unknown keys from the document it gives', () => {
    const r = loadDocument(changed(doc, 'meta.author', 'me'));
    expect(r.ok && r.doc).toEqual(doc);
    expect(ofCode(r, 'doc.unknownKey')[0]!.severity).toBe('warning');
  });

  it('keeps a wrongly typed param as it was, so that nothing is lost on save', () => {
    const r = loadDocument(changed(doc, 'models.gen.nodes[1].params.units', 'many'));
    expect(r.ok && r.doc.models.gen!.nodes[1]!.params.units).toBe('many');
  });

  it('suggests nothing when no type is close', () => {
    const r = loadDocument(changed(doc, 'models.gen.nodes[1].type', 'zzzzzzzz'));
    expect(ofCode(r, 'doc.unknownType')[0]!.message).not.toContain('Did you mean');
  });

  it('suggests by the name alone, whatever the case', () => {
    const r = loadDocument(changed(doc, 'models.gen.nodes[1].type', 'Dense'));
    expect(ofCode(r, 'doc.unknownType')[0]!.message).toContain('"layers.dense"');
  });

  it('quotes model ids that are not plain names in paths', () => {
    const d = twoModels();
    d.models['my gen'] = d.models.gen!;
    delete d.models.gen;
    d.main.nodes[0]!.params.model = 'my gen';
    d.models['my gen']!.nodes[1]!.params.units = -1;
    const r = loadDocument(saveDocument(d));
    expect(codes(r)).toEqual([['param.range', 'models["my gen"].nodes[1].params.units']]);
  });

  it('accepts a file that starts with a byte-order mark', () => {
    expect(loadDocument(`\uFEFF${saved}`)).toMatchObject({ ok: true, diagnostics: [] });
  });

  it('gives a fresh document on every load', () => {
    const a = loadDocument(saved);
    const b = loadDocument(saved);
    expect(a.ok && b.ok && a.doc !== b.doc && a.doc.main !== b.doc.main).toBe(true);
  });

  it('opens a document without models or nodes', () => {
    const empty = { ...doc, models: {}, main: { nodes: [], edges: [] } };
    expect(loadDocument(saveDocument(empty))).toEqual({ ok: true, doc: empty, diagnostics: [] });
  });

  it('takes a hand-written file without nodeVersions as version 1 of every node', () => {
    expect(loadDocument(changed(doc, 'nodeVersions', REMOVE))).toEqual({ ok: true, doc, diagnostics: [] });
  });

  it('checks nodes by the registry, not by position in the list', () => {
    const d = twoModels();
    d.main.nodes.push(node('h2', 'layers.dence'));
    const r = loadDocument(saveDocument(d));
    expect(codes(r)).toEqual([['doc.unknownType', 'main.nodes[2].type']]);
  });
});

describe('loadDocumentJson', () => {
  it('loads a parsed value as loadDocument loads its text, leaving the value as it was', () => {
    const value: unknown = JSON.parse(changed(doc, 'main.nodes[0].selected', true));
    const before = JSON.stringify(value);
    const r = loadDocumentJson(value);
    expect(r).toEqual(loadDocument(before));
    expect(r.ok && r.diagnostics.map((d) => d.code)).toEqual(['doc.unknownKey']);
    expect(JSON.stringify(value)).toBe(before);
  });

  it('refuses a value that is not JSON data', () => {
    expect(codes(loadDocumentJson({ format: 'tensorloom-graph', version: 1, main: () => 1 }))).toEqual([['doc.json', undefined]]);
    expect(codes(loadDocumentJson(undefined))).toEqual([['doc.schema', undefined]]);
  });
});
