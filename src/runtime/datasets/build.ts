// Writes dataset files that are missing or incomplete, and leaves complete ones alone, so that
// `npm run data` is quick when there is nothing to do (Node only).
import { mkdir, open, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { encodeDataset, fileBytes, HEADER_BYTES, readHeader, type LabeledDataset } from './format';
import { datasetInfo } from './keys';

export interface BuildJob {
  key: string;
  make: () => Promise<LabeledDataset>;
}

export interface BuildReport {
  key: string;
  file: string;
  action: 'kept' | 'built';
  count: number;
}

/** True when the file exists, its header is valid, fits the key, and the file is complete. */
export async function isComplete(key: string, file: string): Promise<boolean> {
  const info = datasetInfo(key);
  let fh;
  try {
    fh = await open(file, 'r');
  } catch {
    return false;
  }
  try {
    const head = new Uint8Array(HEADER_BYTES);
    await fh.read(head, 0, HEADER_BYTES, 0);
    const h = readHeader(key, head);
    const size = (await stat(file)).size;
    return size === fileBytes(h) && h.count === info.count && h.classes === info.classes
      && h.height === info.shape[0] && h.width === info.shape[1] && h.channels === info.shape[2];
  } catch {
    return false;
  } finally {
    await fh.close();
  }
}

export async function ensureDatasets(outDir: string, jobs: readonly BuildJob[], opts: { force?: boolean } = {}): Promise<BuildReport[]> {
  await mkdir(outDir, { recursive: true });
  const reports: BuildReport[] = [];
  for (const job of jobs) {
    const info = datasetInfo(job.key);
    const file = path.join(outDir, info.file);
    if (!opts.force && (await isComplete(job.key, file))) {
      reports.push({ key: job.key, file, action: 'kept', count: info.count });
      continue;
    }
    const ds = await job.make();
    if (ds.count !== info.count) throw new Error(`${job.key}: built ${ds.count} samples, the dataset list expects ${info.count}.`);
    // write then rename, so an interrupted build never leaves a half-written file behind
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, encodeDataset(ds));
    await rename(tmp, file);
    reports.push({ key: job.key, file, action: 'built', count: ds.count });
  }
  return reports;
}
