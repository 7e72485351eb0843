// (a) The exported module of every template (and of the fixtures, which use every node type the
// exporter knows) type-checks on its own in a strict project, uses no `any`, and imports nothing
// but @tensorflow/tfjs.
import { beforeAll, describe, expect, it } from 'vitest';
import { exportTypeScript } from '../../src/codegen';
import { TEMPLATES } from '../../templates';
import { anomalyDoc, latentExplorationDoc } from '../pytorch/fixtures';
import { awkwardNamesDoc, diffusionDoc, everyLossDoc, nestedModelsDoc, parallelDropoutDoc } from './fixtures';
import { typeCheck } from './support';

const DOCS = [
  ...TEMPLATES.map((t) => ({ file: `${t.id}.ts`, doc: t.doc })),
  { file: 'every-loss.ts', doc: everyLossDoc() },
  { file: 'tiny-diffusion.ts', doc: diffusionDoc() },
  { file: 'awkward-names.ts', doc: awkwardNamesDoc() },
  { file: 'parallel-dropout.ts', doc: parallelDropoutDoc() },
  { file: 'latent-exploration.ts', doc: latentExplorationDoc() },
  { file: 'anomaly.ts', doc: anomalyDoc() },
  { file: 'nested-models.ts', doc: nestedModelsDoc() },
];

/** A file with one type error and one `any`, checked alongside: proof that the check can fail. */
const BAD = `import * as tf from '@tensorflow/tfjs';\nexport const x: tf.Tensor1D = tf.scalar(1);\nexport const y: any = 1;\n`;

let exported: Record<string, string> = {};
beforeAll(async () => {
  exported = Object.fromEntries(await Promise.all(DOCS.map(async ({ file, doc }) => [file, await exportTypeScript(doc)] as const)));
});

describe('the exported module', () => {
  it('type-checks in strict mode without any, for every template and fixture', () => {
    const problems = typeCheck({ ...exported, 'bad.ts': BAD });
    expect(problems.filter((p) => !p.startsWith('bad.ts:'))).toEqual([]);
    expect(problems.some((p) => p.startsWith('bad.ts:2:'))).toBe(true);
    expect(problems).toContain('bad.ts:3: uses the type any');
  });

  it('imports @tensorflow/tfjs and nothing else', () => {
    for (const code of Object.values(exported)) {
      const imports = [...code.matchAll(/^\s*import\b[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1]);
      expect(new Set(imports)).toEqual(new Set(['@tensorflow/tfjs']));
      expect(code).not.toMatch(/\brequire\(|\bimport\(/);
    }
  });
});
