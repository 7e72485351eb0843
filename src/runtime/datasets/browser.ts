// Loads datasets in the browser from the files Vite serves at <base>/data/ (built by `npm run data`).
// A page keeps each file once: loading the same key again reuses the first fetch. An Image folder's
// key is read from IndexedDB afresh each time (choosing the folder again replaces it).
import type { Dataset } from '../../../nodes/spec';
import { issue } from '../../messages';
import { TensorloomError } from '../errors';
import { decodeDataset, type LabeledDataset } from './format';
import { parseImageFolderKey } from './image-folder';
import { loadFolderDataset } from './image-store';
import { datasetInfo, expectLayout } from './keys';

const cache = new Map<string, Promise<LabeledDataset>>();

export const datasetUrl = (key: string): string => `${import.meta.env.BASE_URL}data/${datasetInfo(key).file}`;

async function fetchDataset(key: string): Promise<LabeledDataset> {
  const url = datasetUrl(key);
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    throw new TensorloomError(issue('run.datasetMissing', { name: key, where: `${url} (${e instanceof Error ? e.message : String(e)})` }), { cause: e });
  }
  if (!res.ok) throw new TensorloomError(issue('run.datasetMissing', { name: key, where: `${url} (HTTP ${res.status})` }));
  // Vite's dev server answers unknown paths with index.html: that is a missing file, not a damaged one
  if ((res.headers.get('content-type') ?? '').includes('text/html')) {
    throw new TensorloomError(issue('run.datasetMissing', { name: key, where: url }));
  }
  const ds = decodeDataset(key, new Uint8Array(await res.arrayBuffer()));
  expectLayout(key, ds);
  return ds;
}

export function loadDataset(key: string): Promise<LabeledDataset> {
  const folder = parseImageFolderKey(key);
  if (folder) return loadFolderDataset(folder);
  let p = cache.get(key);
  if (!p) {
    p = fetchDataset(key);
    cache.set(key, p);
    p.catch(() => cache.delete(key)); // a failed load is retried next time (e.g. after `npm run data`)
  }
  return p;
}

export async function loadDatasets(keys: Iterable<string>): Promise<Record<string, Dataset>> {
  const unique = [...new Set(keys)];
  const loaded = await Promise.all(unique.map((k) => loadDataset(k)));
  return Object.fromEntries(unique.map((k, i) => [k, loaded[i]!]));
}
