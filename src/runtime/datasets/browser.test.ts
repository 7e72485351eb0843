import { afterEach, describe, expect, it, vi } from 'vitest';
import { TensorloomError } from '../errors';
import { datasetUrl, loadDataset } from './browser';
import { encodeDataset } from './format';

afterEach(() => {
  vi.unstubAllGlobals();
});

const mnistTest = () => encodeDataset({
  name: 'mnist-test', count: 10000, shape: [28, 28, 1], pixels: new Uint8Array(10000 * 784), labels: new Uint8Array(10000), classes: 10,
});

async function codeRejected(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof TensorloomError) return e.issue.code;
    throw e;
  }
  throw new Error('expected a TensorloomError');
}

describe('browser dataset loader', () => {
  it('fetches <base>/data/<file>', () => {
    expect(datasetUrl('mnist-train')).toBe(`${import.meta.env.BASE_URL}data/mnist-train.bin`);
  });

  it('treats a 404, a network failure and an HTML fallback page as a missing file, and retries later', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('not found', { status: 404 })));
    expect(await codeRejected(loadDataset('mnist-train'))).toBe('run.datasetMissing');
    vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('Failed to fetch'); }));
    expect(await codeRejected(loadDataset('mnist-train'))).toBe('run.datasetMissing');
    vi.stubGlobal('fetch', vi.fn(async () => new Response('<!doctype html>', { headers: { 'content-type': 'text/html' } })));
    expect(await codeRejected(loadDataset('mnist-train'))).toBe('run.datasetMissing');
  });

  it('decodes a served file once and reuses it', async () => {
    const fetch = vi.fn(async () => new Response(mnistTest(), { headers: { 'content-type': 'application/octet-stream' } }));
    vi.stubGlobal('fetch', fetch);
    const a = await loadDataset('mnist-test');
    const b = await loadDataset('mnist-test');
    expect(a.count).toBe(10000);
    expect(b).toBe(a);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('reports a truncated download as damaged', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(mnistTest().subarray(0, 4000))));
    expect(await codeRejected(loadDataset('fashion-mnist-test'))).toBe('run.datasetCorrupt');
  });
});
