// Loads datasets from files in Node (CLI, tests). The files are built by `npm run data`.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Dataset } from '../../../nodes/spec';
import { issue } from '../../messages';
import { TensorloomError } from '../errors';
import { decodeDataset, type LabeledDataset } from './format';
import { datasetInfo, expectLayout } from './keys';

/** <repo>/public/data: where the build script writes and where Vite serves from. */
export const DEFAULT_DATA_DIR = fileURLToPath(new URL('../../../public/data', import.meta.url));

const isMissing = (e: unknown) => e instanceof Error && 'code' in e && (e.code === 'ENOENT' || e.code === 'ENOTDIR');

export async function loadDataset(key: string, dir: string = DEFAULT_DATA_DIR): Promise<LabeledDataset> {
  const where = path.join(dir, datasetInfo(key).file);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(where);
  } catch (e) {
    if (isMissing(e)) throw new TensorloomError(issue('run.datasetMissing', { name: key, where }), { cause: e });
    throw e;
  }
  const ds = decodeDataset(key, bytes);
  expectLayout(key, ds);
  return ds;
}

/** Every dataset the data nodes of a graph asked for, by key (each file read once). */
export async function loadDatasets(keys: Iterable<string>, dir: string = DEFAULT_DATA_DIR): Promise<Record<string, Dataset>> {
  const unique = [...new Set(keys)];
  const loaded = await Promise.all(unique.map((k) => loadDataset(k, dir)));
  return Object.fromEntries(unique.map((k, i) => [k, loaded[i]!]));
}
