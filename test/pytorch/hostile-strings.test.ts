// The PyTorch export of documents with hostile strings in every label, id and name: the package
// compiles, imports and trains one iteration, and nothing the strings try to run in Python runs
// (a line break ending a comment, a quote or triple quote ending a string or docstring).
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HOSTILE, hostileGan } from '../codegen/hostile-docs';
import { DATA_DIR, exportWithWeights, inPackage, PYTHON } from './support';

/** Each ends a Python comment, string or docstring, then writes a file named HOSTILE. */
const PYTHON_HOSTILE = [
  "a\nopen('HOSTILE', 'w') #",
  "b\ropen('HOSTILE', 'w') #",
  "c\r\nopen('HOSTILE', 'w') #",
  '"""; open("HOSTILE", "w"); """',
  "'; open('HOSTILE', 'w'); '",
  '"; open("HOSTILE", "w"); "',
  '\\',
  ...HOSTILE,
];

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('the PyTorch export of hostile strings', () => {
  it.each(PYTHON_HOSTILE.map((t, i) => [i, JSON.stringify(t).slice(0, 40), t] as const))('%i %s: compiles, trains one iteration, runs nothing of it', async (_i, _shown, text) => {
    const dir = await exportWithWeights(hostileGan(text), 1);
    dirs.push(dir);
    await inPackage(dir, PYTHON, ['-m', 'py_compile', 'models.py', 'train.py']);
    await inPackage(dir, PYTHON, ['train.py', '--steps', '1', '--out', 'run', '--data', DATA_DIR, '--batch-size', '8']);
    expect(existsSync(path.join(dir, 'HOSTILE'))).toBe(false);
    expect(existsSync(path.join(dir, 'run', 'metrics.jsonl'))).toBe(true);
  });
});
