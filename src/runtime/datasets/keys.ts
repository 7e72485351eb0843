// Which datasets exist, the file each is stored in, and what its samples look like. Shared by the
// Node and browser loaders, the build script and the data nodes (pure: no fs, no fetch, no tfjs).
import { issue } from '../../messages';
import { TensorloomError } from '../errors';

export interface DatasetInfo {
  /** file name under public/data/ (served at <base>/data/ by Vite) */
  file: string;
  title: string;
  /** samples in the file, as the build script writes it */
  count: number;
  /** per-sample [height, width, channels] */
  shape: readonly [number, number, number];
  /** labels are in [0, classes) */
  classes: number;
}

const mnistLike = (file: string, title: string, count: number): DatasetInfo =>
  ({ file, title, count, shape: [28, 28, 1], classes: 10 });

export const DATASETS = {
  'mnist-train': mnistLike('mnist-train.bin', 'MNIST, training split', 60000),
  'mnist-test': mnistLike('mnist-test.bin', 'MNIST, test split', 10000),
  'fashion-mnist-train': mnistLike('fashion-mnist-train.bin', 'Fashion-MNIST, training split', 60000),
  'fashion-mnist-test': mnistLike('fashion-mnist-test.bin', 'Fashion-MNIST, test split', 10000),
} as const satisfies Record<string, DatasetInfo>;

export type DatasetKey = keyof typeof DATASETS;

export const DATASET_KEYS = Object.keys(DATASETS) as DatasetKey[];

export const isDatasetKey = (key: string): key is DatasetKey => Object.hasOwn(DATASETS, key);

/** The entry for a key, or a coded error naming the keys that exist. */
export function datasetInfo(key: string): DatasetInfo {
  if (!isDatasetKey(key)) throw new TensorloomError(issue('run.datasetUnknown', { name: key, known: DATASET_KEYS.join(', ') }));
  return DATASETS[key];
}

/** Checks that a decoded file is what its key promises (the data nodes rely on shape and classes). */
export function expectLayout(key: string, ds: { shape: readonly number[]; classes: number }): void {
  const info = datasetInfo(key);
  const same = ds.shape.length === 3 && info.shape.every((d, i) => d === ds.shape[i]);
  if (!same || ds.classes !== info.classes) {
    const detail = `samples are [${ds.shape.join(', ')}] with ${ds.classes} classes, expected [${info.shape.join(', ')}] with ${info.classes}`;
    throw new TensorloomError(issue('run.datasetCorrupt', { name: key, detail }));
  }
}
