// Every string a person can put into a document (labels, node ids, graph name and description,
// a folder dataset's name) reaches the exported module only as an escaped literal, a comment or an
// identifier made of its letters: the module type-checks, and evaluating it defines its exports
// and does nothing else, whatever the strings hold (comment terminators, line and paragraph
// separators, lone carriage returns, backticks, `${`, quotes, NUL).
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { exportTypeScript } from '../../src/codegen';
import { TEMPLATES } from '../../templates';
import { HOSTILE, hostileFolder, hostileGan } from './hostile-docs';
import { loadExported, typeCheck } from './support';

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
