// Checkpoints on disk (Node): DIR/graph.json (the document it was trained from, as run),
// DIR/checkpoint.json (header) and DIR/checkpoint.bin (values). Written to a temporary name and
// renamed, so an interrupted save never leaves a half-written checkpoint behind.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadDocument } from '../graph/load';
import { saveDocument } from '../graph/save';
import type { GraphDoc } from '../graph/types';
import { issue } from '../messages';
import { decodeCheckpoint, encodeCheckpoint, type Checkpoint } from './checkpoint';
import { TensorloomError } from './errors';

async function writeAtomic(file: string, data: string | Uint8Array): Promise<void> {
  await writeFile(`${file}.tmp`, data);
  await rename(`${file}.tmp`, file);
}

export async function saveCheckpointDir(dir: string, doc: GraphDoc, c: Checkpoint): Promise<void> {
  await mkdir(dir, { recursive: true });
  const { header, body } = encodeCheckpoint(c);
  await writeAtomic(path.join(dir, 'graph.json'), saveDocument(doc));
  await writeAtomic(path.join(dir, 'checkpoint.bin'), body);
  await writeAtomic(path.join(dir, 'checkpoint.json'), header);
}

export async function loadCheckpointDir(dir: string): Promise<{ doc: GraphDoc; checkpoint: Checkpoint }> {
  let header: string, body: Uint8Array, graph: string;
  try {
    [header, body, graph] = await Promise.all([
      readFile(path.join(dir, 'checkpoint.json'), 'utf8'),
      readFile(path.join(dir, 'checkpoint.bin')),
      readFile(path.join(dir, 'graph.json'), 'utf8'),
    ]);
  } catch (e) {
    throw new TensorloomError(issue('run.checkpointMissing', { where: dir }), { cause: e });
  }
  const loaded = loadDocument(graph);
  if (!loaded.ok) throw new TensorloomError(issue('run.checkpointMismatch', { detail: `its graph.json does not load: ${loaded.diagnostics[0]?.message}` }));
  return { doc: loaded.doc, checkpoint: decodeCheckpoint(header, body) };
}
