// The PyTorch package of every template the export can write: Python that compiles and that
// pyflakes passes without a word, held to snapshot files (read by eye once); and the templates it
// cannot write yet are refused with the coded message naming the node.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportPyTorch } from '../../src/codegen/pytorch';
import { TensorloomError } from '../../src/runtime/errors';
import { template } from '../helpers/cpu-session';
import { inPackage, PYTHON } from './support';

const WRITTEN = ['gan-2d', 'vae-mlp', 'lenet', 'dcgan', 'vae', 'vae-gan'];
/** what the export cannot write yet, by template: the first node it meets */
const NOT_YET: Record<string, string> = { cdcgan: 'embed', 'wgan-gp-2d': 'raise D(real)', 'ddpm-unet': 'down1 norm 1' };

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('the PyTorch package of a template', () => {
  it.each(WRITTEN)('%s: compiles, passes pyflakes, and matches its snapshot', async (id) => {
    const files = exportPyTorch(template(id)).files;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tensorloom-package-'));
    dirs.push(dir);
    for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, file), text);
    const python = Object.keys(files).filter((f) => f.endsWith('.py'));
    await inPackage(dir, PYTHON, ['-m', 'py_compile', ...python]);
    expect(await inPackage(dir, PYTHON, ['-m', 'pyflakes', ...python])).toBe('');
    for (const file of ['models.py', 'train.py', 'README.md']) {
      await expect(files[file]).toMatchFileSnapshot(`./__snapshots__/${id}/${file}`);
    }
  });

  it.each(Object.entries(NOT_YET))('%s: refused, naming the node "%s" it cannot write yet', (id, node) => {
    const attempt = () => exportPyTorch(template(id));
    expect(attempt).toThrow(TensorloomError);
    expect(attempt).toThrow(`cannot write node "${node}"`);
  });
});
