// The person's picture folders in the browser's IndexedDB, one record per dataset name: the
// dataset in the TLDS file format plus what the inspector shows (files looked at, files refused).
// The page writes it ("Choose folder…"); the training worker reads it by the same name through
// browser.ts's loadDataset, so no pixels travel in the graph or in the worker's messages.
import { issue } from '../../messages';
import { TensorloomError } from '../errors';
import { decodeDataset, encodeDataset, type LabeledDataset } from './format';
import { shapeText, type ImageChannels, type ImageFolderKey, type RefusedFile } from './image-folder';
import { inIdbStore } from '../../util/idb-store';

export interface StoredFolder {
  name: string;
  size: number;
  channels: ImageChannels;
  count: number;
  /** files looked at (hidden ones left out) */
  files: number;
  refused: RefusedFile[];
  savedAt: number;
  /** encodeDataset's bytes */
  bytes: Uint8Array;
}

export function storedFolder(ds: LabeledDataset, files: number, refused: RefusedFile[], savedAt: number): StoredFolder {
  const [size, , channels] = ds.shape;
  return { name: ds.name, size, channels: channels as ImageChannels, count: ds.count, files, refused, savedAt, bytes: encodeDataset(ds) };
}

/** The dataset an Image folder key asks for, from its stored record; a coded error when it cannot be used. */
export function datasetFromStored(key: ImageFolderKey, stored: StoredFolder | null): LabeledDataset {
  if (!stored) throw new TensorloomError(issue('images.notChosen', { name: key.name }));
  if (stored.size !== key.size || stored.channels !== key.channels) {
    throw new TensorloomError(issue('images.sizeChanged', { name: key.name, stored: shapeText(stored.size, stored.channels), wanted: shapeText(key.size, key.channels) }));
  }
  return decodeDataset(key.name, stored.bytes);
}

const SPEC = { db: 'tensorloom-images', store: 'folders', keyPath: 'name' };
const inStore = <T>(mode: IDBTransactionMode, op: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> => inIdbStore(SPEC, mode, op);

export const saveFolder = (f: StoredFolder): Promise<unknown> => inStore('readwrite', (s) => s.put(f));

export const loadFolder = async (name: string): Promise<StoredFolder | null> =>
  (await inStore('readonly', (s) => s.get(name) as IDBRequest<StoredFolder | undefined>)) ?? null;

/** What the training worker calls (through browser.ts's loadDataset). */
export async function loadFolderDataset(key: ImageFolderKey): Promise<LabeledDataset> {
  return datasetFromStored(key, await loadFolder(key.name));
}
