// The export copies the runtime's own declarations (scripts/build-export-code.ts). Pinned here:
// the copy is up to date with the runtime's files, the copied code runs and gives the runtime's
// numbers bit for bit, and the extractor keeps runtime-only code (and name clashes) out.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { extractDeclarations } from '../../scripts/runtime-code/extract';
import { buildPythonRuntime, buildRuntimeCode, PYTHON_RUNTIME_FILE, RUNTIME_CODE_FILE } from '../../scripts/runtime-code/build';
import { runtimeSnippet } from '../../src/codegen/runtime-code';
import { withDependencies } from '../../src/codegen/snippet';
import { philoxDropoutMask, philoxInt, philoxNormal, philoxUniform } from '../../src/runtime/gpu-random';
import { Rng } from '../../src/runtime/rng';
import { loadExported } from './support';

const REPO = path.resolve(__dirname, '../..');
const readRepo = (file: string) => (existsSync(path.join(REPO, file)) ? readFileSync(path.join(REPO, file), 'utf8') : undefined);

describe('the runtime code the export copies', () => {
  it('is up to date with the runtime files (else: npm run export-code)', () => {
    expect(readFileSync(path.join(REPO, RUNTIME_CODE_FILE), 'utf8')).toBe(buildRuntimeCode(readRepo));
    expect(readFileSync(path.join(REPO, PYTHON_RUNTIME_FILE), 'utf8')).toBe(buildPythonRuntime(readRepo));
  });

  it('holds no WebGPU program or wasm kernel: those stay in the app', () => {
    const text = buildRuntimeCode(readRepo);
    expect(text).not.toMatch(/runWebGPUProgram|activeWebGpu|webgpuBackend\(|activeWasmKernels|runKernel\(/);
  });
});

interface Copied {
  Rng: typeof Rng;
  philoxNormalTensor(t: typeof tf, shape: number[], seed: number, offset?: number, mean?: number, std?: number): tf.Tensor;
  philoxUniformTensor(t: typeof tf, shape: number[], seed: number, offset?: number, low?: number, high?: number): tf.Tensor;
  philoxIntTensor(t: typeof tf, shape: number[], max: number, seed: number): tf.Tensor;
  philoxDropoutMaskTensor(t: typeof tf, shape: number[], rate: number, seed: number): tf.Tensor;
}

describe('the copied random numbers', () => {
  let copied: Copied;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    const names = ['Rng', 'philoxNormalTensor', 'philoxUniformTensor', 'philoxIntTensor', 'philoxDropoutMaskTensor'] as const;
    const code = withDependencies(names.map((n) => runtimeSnippet(n))).map((s) => s.code).join('\n\n');
    const module = `import * as tf from '@tensorflow/tfjs';\nimport type * as TF from '@tensorflow/tfjs';\n${code}\nexport { ${names.join(', ')} };\n`;
    copied = loadExported(module) as unknown as Copied;
  });

  const SEEDS = [1, 7, 2147483646, 2 ** 32 + 5, 2 ** 52 + 3];
  const SIZES = [1, 3, 5, 17, 1001];
  const cases = SEEDS.flatMap((seed) => SIZES.map((n) => [seed, n] as const));
  const values = (t: tf.Tensor) => Array.from(t.dataSync());

  it.each(cases)('draw the runtime reference numbers bit for bit (seed %d, %d values)', (seed, n) => {
    expect(values(copied.philoxNormalTensor(tf, [n], seed, 0, 0.5, 2))).toEqual(Array.from(philoxNormal(n, seed, 0, 0.5, 2)));
    expect(values(copied.philoxUniformTensor(tf, [n], seed, 0, -1, 3))).toEqual(Array.from(philoxUniform(n, seed, 0, -1, 3)));
    expect(values(copied.philoxIntTensor(tf, [n], 1000, seed))).toEqual(Array.from(philoxInt(n, seed, 0, 1000)));
    expect(values(copied.philoxDropoutMaskTensor(tf, [n], 0.3, seed))).toEqual(Array.from(philoxDropoutMask(n, seed, 0, 0.3)));
  });

  it('streams the same seeds as the runtime Rng', () => {
    const [ours, theirs] = [new Rng(42), new copied.Rng(42)];
    expect(Array.from({ length: 50 }, () => theirs.seed())).toEqual(Array.from({ length: 50 }, () => ours.seed()));
  });
});

describe('extractDeclarations', () => {
  const files: Record<string, string> = {
    'a.ts': [
      '// the file header stays behind',
      "import type * as TF from '@tensorflow/tfjs';",
      "import { gpuOnly } from './gpu';",
      "import { helper } from './b';",
      '',
      '/** doubles, with help */',
      'export function twice(x: number): number {',
      '  return helper(x) * 2;',
      '}',
      '',
      'export function onGpu(t: TF.Tensor): TF.Tensor {',
      '  return gpuOnly(t);',
      '}',
    ].join('\n'),
    'b.ts': 'export function helper(x: number): number {\n  return x;\n}\n',
    'gpu.ts': 'export function gpuOnly<T>(t: T): T {\n  return t;\n}\n',
    'clash.ts': 'export function helper(): number {\n  return 1;\n}\n',
  };
  const read = (f: string) => files[f];

  it('copies a declaration with its doc comment and what it needs, without `export` or the file header', () => {
    const decls = extractDeclarations(['a.ts'], read, ['b.ts']);
    expect(decls.get('twice')?.code).toBe('/** doubles, with help */\nfunction twice(x: number): number {\n  return helper(x) * 2;\n}');
    expect(decls.get('twice')?.needs).toEqual(['helper']);
    expect(decls.get('helper')?.file).toBe('b.ts');
  });

  it('leaves out what needs a file the export does not include, and says why', () => {
    const decls = extractDeclarations(['a.ts'], read, ['b.ts']);
    expect(decls.has('onGpu')).toBe(false);
    expect(decls.has('gpuOnly')).toBe(false);
    expect(decls.has('helper')).toBe(true);
  });

  it('refuses two declarations of one name from different files', () => {
    expect(() => extractDeclarations(['b.ts', 'clash.ts'], read)).toThrow(/"helper" is declared in both b.ts and clash.ts/);
  });
});
