// Names that JavaScript objects treat specially: "__proto__" as a key of models, params or
// nodeVersions (JSON.parse keeps it as a key, but copying it into an object sets the prototype
// instead, so the entry would vanish), and inherited names such as "constructor" used as model ids.
import { describe, expect, it } from 'vitest';
import { analyze } from '../compiler/analyze';
import { twoModels } from '../../test/fixtures/graph-docs';
import { TEMPLATES } from '../../templates';
import { loadDocument } from './load';
import type { GraphDoc } from './types';
import { saveDocument } from './save';

const saved = saveDocument(twoModels());
const renameModel = (from: string, to: string) => saved.replaceAll(`"${from}"`, `"${to}"`);

describe('"__proto__" keys', () => {
  const cases: [what: string, text: string, path: string][] = [
    ['a model id', renameModel('gen', '__proto__'), 'models.__proto__'],
    ['a param', saved.replace('"units": 8', '"__proto__": 8, "units": 8'), 'models.gen.nodes[1].params.__proto__'],
    ['a nodeVersions key', saved.replace('"nodeVersions": {', '"nodeVersions": { "__proto__": 1,'), 'nodeVersions.__proto__'],
  ];
  it.each(cases)('as %s: refused with a coded message at its path', (_what, text, path) => {
    expect(text).toContain('"__proto__"');
    const r = loadDocument(text);
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map((d) => [d.code, d.path])).toContainEqual(['doc.reservedKey', path]);
    expect(r.diagnostics.find((d) => d.code === 'doc.reservedKey')!.message).toMatch(/"__proto__".*Rename/);
  });
});

describe('model ids that objects inherit', () => {
  it.each(['constructor', 'toString', 'hasOwnProperty'])('"%s" as a model id works like any other', (id) => {
    const r = loadDocument(renameModel('gen', id));
    expect(r.ok && r.diagnostics).toEqual([]);
    if (!r.ok) return;
    const a = analyze(r.doc);
    // the same findings as with the model named "gen" (the graph has no optimizer yet)
    expect(a.diagnostics.map((d) => d.code)).toEqual(analyze(twoModels()).diagnostics.map((d) => d.code));
    expect(a.signatures[id]!.outputs).toEqual([{ name: 'y', shape: [null, 8] }]);
  });

  it.each(['constructor', '__proto__', 'valueOf'])('a reference to a missing model "%s" is an unknown model, not a crash', (id) => {
    const text = saved.replace('"model": "gen"', `"model": "${id}"`);
    const r = loadDocument(text);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const codes = analyze(r.doc).diagnostics.map((d) => d.code);
    expect(codes).toContain('graph.unknownModel');
    expect(codes).not.toContain('internal.inferShape');
  });
});

describe('node ids that objects inherit', () => {
  // every node and edge of the generator renamed: h1 becomes the inherited name
  const renameNode = (doc: GraphDoc, model: string, from: string, to: string): GraphDoc => {
    const d = structuredClone(doc);
    const g = d.models[model]!;
    for (const n of g.nodes) if (n.id === from) n.id = to;
    for (const e of g.edges) {
      if (e.source.node === from) e.source.node = to;
      if (e.target.node === from) e.target.node = to;
    }
    return d;
  };
  const gan = TEMPLATES.find((t) => t.id === 'gan-2d')!.doc;

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])('"%s" as a node id gets its shapes like any other', (id) => {
    const r = loadDocument(saveDocument(renameNode(gan, 'generator', 'h1', id)));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const a = analyze(r.doc);
    expect(a.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    const shapes = a.shapes['model:generator']!;
    expect(Object.hasOwn(shapes, id)).toBe(true);
    expect(Object.keys(shapes).sort()).toEqual(Object.keys(analyze(gan).shapes['model:generator']!).map((k) => (k === 'h1' ? id : k)).sort());
  });
});
