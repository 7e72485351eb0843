// Every string a person can put into a document (labels, node ids, graph name and description,
// a folder dataset's name) reaches the exported module only as an escaped literal, a comment or an
// identifier made of its letters: the module type-checks, and evaluating it defines its exports
// and does nothing else, whatever the strings hold (comment terminators, line and paragraph
// separators, lone carriage returns, backticks, `${`, quotes, NUL).
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { exportTypeScript } from '../../src/codegen';
import type { GraphDoc } from '../../src/graph/types';
import { TEMPLATES } from '../../templates';
import { loadExported, typeCheck } from './support';

/** Each ends a comment, a line, a string or a template literal, then runs code that leaves a mark. */
const HOSTILE = [
  'x */ } globalThis.__hostile = 1; interface Q { /*',
  'a\u2028globalThis.__hostile = 2; //',
  'b\u2029globalThis.__hostile = 3; //',
  'c\rglobalThis.__hostile = 4; //',
  'd\nglobalThis.__hostile = 5; //',
  '`${(globalThis.__hostile = 6)}`',
  "'); globalThis.__hostile = 7; ('",
  '"); globalThis.__hostile = 8; ("',
  'nul\u0000byte',
  '\\u0027 backslash \\',
];

/** The 2-D GAN with `text` in every label and the graph's name and description, and in two node ids. */
function hostileGan(text: string): GraphDoc {
  const doc = structuredClone(TEMPLATES.find((t) => t.id === 'gan-2d')!.doc);
  doc.meta.name = text;
  doc.meta.description = text;
  for (const g of [doc.main, ...Object.values(doc.models)]) for (const n of g.nodes) n.label = text;
  const rename = (from: string, to: string) => {
    for (const n of doc.main.nodes) if (n.id === from) n.id = to;
    for (const e of doc.main.edges) {
      if (e.source.node === from) e.source.node = to;
      if (e.target.node === from) e.target.node = to;
    }
  };
  rename('real_loss', `real ${text}`);
  rename('fake_points', `fake ${text}`);
  return doc;
}

/** The DCGAN drawing from a folder of pictures named `text`. */
function hostileFolder(text: string): GraphDoc {
  const doc = structuredClone(TEMPLATES.find((t) => t.id === 'dcgan')!.doc);
  const real = doc.main.nodes.find((n) => n.id === 'real')!;
  real.type = 'data.images';
  real.params = { dataset: text, size: 28, color: 'grayscale', batchSize: 64, normalize: '[-1,1]' };
  return doc;
}

const DOCS = HOSTILE.flatMap((text, i) => [
  { file: `gan-${i}.ts`, doc: hostileGan(text) },
  { file: `folder-${i}.ts`, doc: hostileFolder(text) },
]);

afterEach(() => {
  delete (globalThis as { __hostile?: unknown }).__hostile;
  vi.restoreAllMocks();
});

describe('hostile strings in a document', () => {
  let exported: Record<string, string> = {};
  beforeAll(async () => {
    exported = Object.fromEntries(await Promise.all(DOCS.map(async ({ file, doc }) => [file, await exportTypeScript(doc)] as const)));
  });

  it('export as modules that type-check', () => {
    expect(typeCheck(exported)).toEqual([]);
  });

  it('run nothing when a module is evaluated: it only defines its exports', async () => {
    const log = vi.spyOn(console, 'log');
    const plain = Object.keys(loadExported(await exportTypeScript(TEMPLATES.find((t) => t.id === 'gan-2d')!.doc))).sort();
    for (const [file, code] of Object.entries(exported)) {
      const keys = Object.keys(loadExported(code)).sort();
      expect((globalThis as { __hostile?: unknown }).__hostile, file).toBeUndefined();
      if (file.startsWith('gan-')) expect(keys, file).toEqual(plain);
    }
    expect(log).not.toHaveBeenCalled();
  });

  it('keep the strings readable where they are shown: the graph name heads the module', () => {
    expect(exported['gan-0.ts']!.split('\n')[0]).toBe('// x * / } globalThis.__hostile = 1; interface Q { /*');
  });
});
