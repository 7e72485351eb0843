// (a) The exported module of every template (and of the fixtures, which use every node type the
// exporter knows) type-checks on its own in a strict project, uses no `any`, and imports nothing
// but @tensorflow/tfjs.
import { describe, expect, it } from 'vitest';
import { exportTypeScript } from '../../src/codegen';
import { TEMPLATES } from '../../templates';
import { awkwardNamesDoc, diffusionDoc, everyLossDoc } from './fixtures';
import { typeCheck } from './support';

const DOCS = [
  ...TEMPLATES.map((t) => ({ file: `${t.id}.ts`, doc: t.doc })),
  { file: 'every-loss.ts', doc: everyLossDoc() },
  { file: 'tiny-diffusion.ts', doc: diffusionDoc() },
  { file: 'awkward-names.ts', doc: awkwardNamesDoc() },
];

describe('the exported module', () => {
  it('type-checks in strict mode without any, for every template and fixture', async () => {
    const files = Object.fromEntries(await Promise.all(DOCS.map(async ({ file, doc }) => [file, await exportTypeScript(doc)] as const)));
    expect(typeCheck(files)).toEqual([]);
  });

  it('imports @tensorflow/tfjs and nothing else', async () => {
    for (const { doc } of DOCS) {
      const code = await exportTypeScript(doc);
      const imports = [...code.matchAll(/^\s*import\b[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1]);
      expect(imports).toEqual(['@tensorflow/tfjs']);
      expect(code).not.toMatch(/\brequire\(|\bimport\(/);
    }
  });

  it('reports type errors, so a passing check means something', () => {
    const problems = typeCheck({ 'bad.ts': `import * as tf from '@tensorflow/tfjs';\nexport const x: tf.Tensor1D = tf.scalar(1);\nexport const y: any = 1;\n` });
    expect(problems.some((p) => p.startsWith('bad.ts:2:'))).toBe(true);
    expect(problems).toContain('bad.ts:3: uses the type any');
  });
});
