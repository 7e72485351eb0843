import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TensorloomError } from '../errors';
import { ensureDatasets, isComplete } from './build';
import { encodeDataset, type LabeledDataset } from './format';
import { loadDataset, loadDatasets } from './node';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tensorloom-data-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A stand-in for MNIST's test split: the right count and layout, made-up pixels. */
function fakeMnistTest(): LabeledDataset {
  const count = 10000;
  const pixels = new Uint8Array(count * 784);
  for (let i = 0; i < count; i++) pixels[i * 784] = i % 256;
  return { name: 'mnist-test', count, shape: [28, 28, 1], pixels, labels: Uint8Array.from({ length: count }, (_, i) => i % 10), classes: 10 };
}

async function codeRejected(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof TensorloomError) return e.issue.code;
    throw e;
  }
  throw new Error('expected a TensorloomError');
}

describe('Node dataset loader', () => {
  it('says a missing file is missing and how to build it', async () => {
    const empty = await mkdtemp(path.join(tmpdir(), 'tensorloom-none-'));
    expect(await codeRejected(loadDataset('mnist-train', empty))).toBe('run.datasetMissing');
    await expect(loadDataset('mnist-train', empty)).rejects.toThrow(/mnist-train\.bin\. Run "npm run data"/);
    expect(await codeRejected(loadDataset('mnist-train', path.join(empty, 'nope')))).toBe('run.datasetMissing');
    expect(await codeRejected(loadDataset('svhn', empty))).toBe('run.datasetUnknown');
    await rm(empty, { recursive: true });
  });

  it('loads what the builder wrote, by key', async () => {
    await writeFile(path.join(dir, 'mnist-test.bin'), encodeDataset(fakeMnistTest()));
    const all = await loadDatasets(['mnist-test', 'mnist-test'], dir);
    expect(Object.keys(all)).toEqual(['mnist-test']);
    expect(all['mnist-test']).toMatchObject({ count: 10000, shape: [28, 28, 1] });
    expect(all['mnist-test']!.pixels[784 * 300]).toBe(300 % 256);
  });

  it('says a truncated file is damaged', async () => {
    const file = path.join(dir, 'mnist-train.bin');
    await writeFile(file, encodeDataset(fakeMnistTest()).subarray(0, 5000));
    expect(await codeRejected(loadDataset('mnist-train', dir))).toBe('run.datasetCorrupt');
    await rm(file);
  });
});

describe('ensureDatasets', () => {
  it('builds a missing file, keeps a complete one, rebuilds a truncated one or on force', async () => {
    const out = path.join(dir, 'built');
    let made = 0;
    const jobs = [{ key: 'mnist-test', make: async () => (made++, fakeMnistTest()) }];
    const file = path.join(out, 'mnist-test.bin');

    expect((await ensureDatasets(out, jobs))[0]).toMatchObject({ action: 'built', count: 10000 });
    expect(await isComplete('mnist-test', file)).toBe(true);
    const { mtimeMs } = await stat(file);
    expect((await ensureDatasets(out, jobs))[0]?.action).toBe('kept');
    expect(made).toBe(1);
    expect((await stat(file)).mtimeMs).toBe(mtimeMs);

    await writeFile(file, (await readFile(file)).subarray(0, 1000));
    expect(await isComplete('mnist-test', file)).toBe(false);
    expect((await ensureDatasets(out, jobs))[0]?.action).toBe('built');
    expect((await ensureDatasets(out, jobs, { force: true }))[0]?.action).toBe('built');
    expect(made).toBe(3);
    expect((await loadDataset('mnist-test', out)).count).toBe(10000);
  });

  it('refuses a build whose count differs from the dataset list', async () => {
    const small = { ...fakeMnistTest(), count: 10, pixels: new Uint8Array(7840), labels: new Uint8Array(10) };
    await expect(ensureDatasets(path.join(dir, 'odd'), [{ key: 'mnist-test', make: async () => small }])).rejects.toThrow(/expects 10000/);
  });
});
