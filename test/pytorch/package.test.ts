// The PyTorch package of every template the export can write: Python that compiles and that
// pyflakes passes without a word, held to snapshot files (read by eye once); and a node it cannot
// write is refused with the coded message naming it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportPyTorch } from '../../src/codegen/pytorch';
import { TensorloomError } from '../../src/runtime/errors';
import { template } from '../helpers/cpu-session';
import { TEMPLATES } from '../../templates';
import { inPackage, PYTHON } from './support';

const WRITTEN = TEMPLATES.map((t) => t.id);

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

  it('refuses a node it cannot write, naming it (an Image folder: its pictures live in the browser)', () => {
    const doc = structuredClone(template('dcgan'));
    const real = doc.main.nodes.find((n) => n.id === 'real')!;
    real.type = 'data.images';
    real.label = 'my pictures';
    real.params = { batchSize: 64, size: 28, color: 'grayscale', normalize: '[-1,1]', dataset: 'mine' };
    const attempt = () => exportPyTorch(doc);
    expect(attempt).toThrow(TensorloomError);
    expect(attempt).toThrow('The PyTorch export cannot write node "my pictures" (Image folder) yet.');
  });

  it('refuses a setting it cannot write, naming the node (bilinear up-sampling samples other pixels)', () => {
    const doc = structuredClone(template('ddpm-unet'));
    const up = doc.models['unet']!.nodes.find((n) => n.type === 'layers.upSampling2d')!;
    up.params['interpolation'] = 'bilinear';
    expect(() => exportPyTorch(doc)).toThrow(`The PyTorch export cannot write node "${up.label || up.id}" as it is set: only "nearest" up-sampling`);
  });
});
