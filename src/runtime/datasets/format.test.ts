import { describe, expect, it } from 'vitest';
import { TensorloomError } from '../errors';
import { decodeDataset, encodeDataset, HEADER_BYTES, type LabeledDataset } from './format';
import { datasetInfo, expectLayout } from './keys';

function tiny(): LabeledDataset {
  const count = 3;
  const pixels = Uint8Array.from({ length: count * 2 * 2 }, (_, i) => (i * 37) % 256);
  return { name: 'tiny', count, shape: [2, 2, 1], pixels, labels: Uint8Array.from([0, 4, 2]), classes: 5 };
}

/** The code of the TensorloomError that `f` throws. */
function codeThrown(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof TensorloomError) return e.issue.code;
    throw e;
  }
  throw new Error('expected a TensorloomError');
}

describe('dataset file format', () => {
  it('round-trips a dataset', () => {
    const ds = tiny();
    const bytes = encodeDataset(ds);
    expect(bytes.length).toBe(HEADER_BYTES + 12 + 3);
    const back = decodeDataset('tiny', bytes);
    expect(back).toMatchObject({ name: 'tiny', count: 3, shape: [2, 2, 1], classes: 5 });
    expect(Array.from(back.pixels)).toEqual(Array.from(ds.pixels));
    expect(Array.from(back.labels)).toEqual([0, 4, 2]);
  });

  it('reports a truncated file as damaged, with a message that says what to do', () => {
    const bytes = encodeDataset(tiny());
    for (const cut of [1, 10, HEADER_BYTES - 1, HEADER_BYTES + 5, bytes.length - 1]) {
      expect(codeThrown(() => decodeDataset('tiny', bytes.subarray(0, cut)))).toBe('run.datasetCorrupt');
    }
    try {
      decodeDataset('tiny', bytes.subarray(0, bytes.length - 1));
    } catch (e) {
      expect((e as Error).message).toMatch(/Dataset "tiny" is damaged \(truncated: .*npm run data/);
    }
  });

  it('rejects a wrong magic, version, extra bytes and out-of-range labels', () => {
    const good = encodeDataset(tiny());
    const edit = (f: (b: Uint8Array) => Uint8Array) => f(good.slice());
    expect(codeThrown(() => decodeDataset('t', edit((b) => { b[0] = 0x58; return b; })))).toBe('run.datasetCorrupt');
    expect(codeThrown(() => decodeDataset('t', edit((b) => { b[4] = 9; return b; })))).toBe('run.datasetCorrupt');
    const longer = new Uint8Array(good.length + 2);
    longer.set(good);
    expect(codeThrown(() => decodeDataset('t', longer))).toBe('run.datasetCorrupt');
    expect(codeThrown(() => decodeDataset('t', edit((b) => { b[b.length - 1] = 5; return b; })))).toBe('run.datasetCorrupt');
    expect(codeThrown(() => decodeDataset('t', new TextEncoder().encode('<!doctype html><html></html>')))).toBe('run.datasetCorrupt');
  });

  it('knows each key\'s file and layout, and names the known keys for an unknown one', () => {
    expect(datasetInfo('mnist-train')).toMatchObject({ file: 'mnist-train.bin', count: 60000, shape: [28, 28, 1], classes: 10 });
    expect(datasetInfo('fashion-mnist-test').count).toBe(10000);
    expect(codeThrown(() => datasetInfo('cifar10'))).toBe('run.datasetUnknown');
    expect(codeThrown(() => expectLayout('mnist-test', { shape: [32, 32, 3], classes: 10 }))).toBe('run.datasetCorrupt');
    expect(() => expectLayout('mnist-test', { shape: [28, 28, 1], classes: 10 })).not.toThrow();
  });
});
