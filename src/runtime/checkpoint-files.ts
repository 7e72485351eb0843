// Checkpoints on disk (Node). DIR/checkpoint.json is the header, and it names the two files it
// belongs to, new ones at each save: checkpoint-STEP-TAG.bin (the values) and graph-STEP-TAG.json
// (the document it was trained from, as run), with the graph's size and checksum (the values'
// are in the header itself). A save writes and syncs both files, then replaces checkpoint.json
// by one rename, and only then deletes the files of the checkpoint before: a process killed at
// any moment leaves the old checkpoint or the new one, never a header over another save's values.
// A directory of the earlier layout (checkpoint.bin and graph.json beside the header) still loads.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { loadDocument } from '../graph/load';
import { saveDocument } from '../graph/save';
import type { GraphDoc } from '../graph/types';
import { issue } from '../messages';
import { decodeCheckpoint } from './checkpoint-check';
import { checksum } from './checkpoint-checksum';
import { encodeCheckpoint, type Checkpoint } from './checkpoint-format';
import { TensorloomError } from './errors';

const HEADER = 'checkpoint.json';
/** files a save writes or leaves behind; those the header does not name are the old checkpoint's */
const OURS = /^(checkpoint-.+\.bin|graph-.+\.json|checkpoint\.bin|graph\.json|.+\.tmp)$/;

/** The files of one checkpoint, as its header names them. */
interface Files {
  body: string;
  graph: string;
  graphBytes: number;
  graphChecksum: string;
}

export interface SaveHooks {
  /** called after each file operation of a save: lets a test stop the process between two of them */
  afterWrite?: (what: string) => Promise<void>;
}

const damaged = (detail: string) => new TensorloomError(issue('run.checkpointDamaged', { detail }));

/** Writes a file and waits for it to reach the disk, so a rename after it never exposes a short file. */
async function writeSynced(file: string, data: string | Uint8Array): Promise<void> {
  const f = await open(file, 'w');
  try {
    await f.writeFile(data);
    await f.sync();
  } finally {
    await f.close();
  }
}

/** Makes a rename in `dir` durable; a no-op where directories cannot be opened (Windows). */
async function syncDir(dir: string): Promise<void> {
  const d = await open(dir, 'r').catch(() => null);
  if (!d) return;
  await d.sync().catch(() => undefined);
  await d.close();
}

/** Deletes what earlier saves left in `dir`, keeping the files in `keep`. */
async function removeOthers(dir: string, keep: readonly string[], hooks: SaveHooks): Promise<void> {
  for (const name of await readdir(dir)) {
    if (!OURS.test(name) || keep.includes(name)) continue;
    await rm(path.join(dir, name), { force: true });
    await hooks.afterWrite?.(name);
  }
}

export async function saveCheckpointDir(dir: string, doc: GraphDoc, c: Checkpoint, hooks: SaveHooks = {}): Promise<void> {
  await mkdir(dir, { recursive: true });
  const { header, body } = encodeCheckpoint(c);
  const graph = new TextEncoder().encode(saveDocument(doc));
  const tag = `${c.step}-${randomBytes(4).toString('hex')}`;
  const files: Files = { body: `checkpoint-${tag}.bin`, graph: `graph-${tag}.json`, graphBytes: graph.byteLength, graphChecksum: checksum(graph) };
  await writeSynced(path.join(dir, files.body), body);
  await hooks.afterWrite?.(files.body);
  await writeSynced(path.join(dir, files.graph), graph);
  await hooks.afterWrite?.(files.graph);
  const temp = path.join(dir, `${HEADER}.${tag}.tmp`);
  await writeSynced(temp, JSON.stringify({ ...(JSON.parse(header) as object), files }, null, 1));
  await hooks.afterWrite?.(path.basename(temp));
  // the one step that moves the directory from the old checkpoint to the new one
  await rename(temp, path.join(dir, HEADER));
  await syncDir(dir);
  await hooks.afterWrite?.(HEADER);
  await removeOthers(dir, [files.body, files.graph], hooks);
}

/** Deletes the checkpoint in `dir` (its header first: from then on the directory holds none). */
export async function removeCheckpointDir(dir: string): Promise<void> {
  await rm(path.join(dir, HEADER), { force: true });
  await syncDir(dir);
  await removeOthers(dir, [], {});
}

/** The files a header names; those of the earlier layout when it names none. */
function filesOf(header: string): Files | null {
  let h: unknown;
  try {
    h = JSON.parse(header);
  } catch {
    throw damaged(`its ${HEADER} is not valid JSON`);
  }
  const files = (h as { files?: Partial<Files> } | null)?.files;
  if (files === undefined) return null;
  const plain = (name: unknown) => typeof name === 'string' && path.basename(name) === name && OURS.test(name);
  if (!plain(files?.body) || !plain(files?.graph) || typeof files?.graphBytes !== 'number' || typeof files.graphChecksum !== 'string') {
    throw damaged(`its ${HEADER} names its files in the wrong form`);
  }
  return files as Files;
}

export async function loadCheckpointDir(dir: string): Promise<{ doc: GraphDoc; checkpoint: Checkpoint }> {
  let header: string;
  try {
    header = await readFile(path.join(dir, HEADER), 'utf8');
  } catch (e) {
    throw new TensorloomError(issue('run.checkpointMissing', { where: dir }), { cause: e });
  }
  const files = filesOf(header);
  const bodyFile = files?.body ?? 'checkpoint.bin', graphFile = files?.graph ?? 'graph.json';
  let body: Uint8Array, graphBytes: Uint8Array;
  try {
    [body, graphBytes] = await Promise.all([readFile(path.join(dir, bodyFile)), readFile(path.join(dir, graphFile))]);
  } catch (e) {
    throw new TensorloomError(issue('run.checkpointDamaged', { detail: `${bodyFile} or ${graphFile}, which its ${HEADER} names, cannot be read` }), { cause: e });
  }
  if (files && (graphBytes.byteLength !== files.graphBytes || checksum(graphBytes) !== files.graphChecksum)) {
    throw damaged(`its ${graphFile} is not the graph its ${HEADER} was written with`);
  }
  const checkpoint = decodeCheckpoint(header, body);
  const loaded = loadDocument(new TextDecoder().decode(graphBytes));
  if (!loaded.ok) throw new TensorloomError(issue('run.checkpointMismatch', { detail: `its ${graphFile} does not load: ${loaded.diagnostics[0]?.message}` }));
  return { doc: loaded.doc, checkpoint };
}
