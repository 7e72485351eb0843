// A checkpoint directory: what a save leaves in it, the earlier layout still loading, and parts
// that do not belong to its header refused with a coded message.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { saveDocument } from '../../src/graph/save';
import { encodeCheckpoint } from '../../src/runtime/checkpoint';
import { loadCheckpointDir, saveCheckpointDir } from '../../src/runtime/checkpoint-files';
import { stepCheckpoint, stepDoc, stepOf } from '../helpers/step-checkpoints';

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));
const tempDir = async () => {
  const d = await mkdtemp(path.join(os.tmpdir(), 'checkpoint-dir-'));
  dirs.push(d);
  return d;
};

describe('a checkpoint directory', () => {
  it('holds the header and the two files it names, and nothing of the checkpoint before', async () => {
    const dir = await tempDir();
    await saveCheckpointDir(dir, stepDoc(1), stepCheckpoint(1));
    await saveCheckpointDir(dir, stepDoc(2), stepCheckpoint(2));
    const names = (await readdir(dir)).sort();
    expect(names).toHaveLength(3);
    expect(names[0]).toMatch(/^checkpoint-2-[0-9a-f]{8}\.bin$/);
    expect(names.slice(1, 2)).toEqual(['checkpoint.json']);
    expect(names[2]).toMatch(/^graph-2-[0-9a-f]{8}\.json$/);
    const loaded = await loadCheckpointDir(dir);
    expect(stepOf(loaded.doc, loaded.checkpoint)).toBe(2);
  });

  it('of the earlier layout (checkpoint.bin, graph.json) still loads, and a save replaces it', async () => {
    const dir = await tempDir();
    const { header, body } = encodeCheckpoint(stepCheckpoint(5));
    const { body: _stamp, ...old } = JSON.parse(header) as Record<string, unknown>;
    await writeFile(path.join(dir, 'checkpoint.json'), JSON.stringify(old));
    await writeFile(path.join(dir, 'checkpoint.bin'), body);
    await writeFile(path.join(dir, 'graph.json'), saveDocument(stepDoc(5)));
    const loaded = await loadCheckpointDir(dir);
    expect(stepOf(loaded.doc, loaded.checkpoint)).toBe(5);
    await saveCheckpointDir(dir, stepDoc(6), stepCheckpoint(6));
    expect(await readdir(dir)).not.toEqual(expect.arrayContaining(['checkpoint.bin']));
    expect(await readdir(dir)).not.toEqual(expect.arrayContaining(['graph.json']));
  });

  it('refuses weights or a graph that are not the ones its header names', async () => {
    const a = await tempDir(), b = await tempDir();
    await saveCheckpointDir(a, stepDoc(1), stepCheckpoint(1));
    await saveCheckpointDir(b, stepDoc(2), stepCheckpoint(2));
    const file = async (dir: string, re: RegExp) => path.join(dir, (await readdir(dir)).find((n) => re.test(n))!);
    // b's graph under the name a's header gives its own
    await writeFile(await file(a, /^graph-/), await readFile(await file(b, /^graph-/)));
    await expect(loadCheckpointDir(a)).rejects.toMatchObject({ issue: { code: 'run.checkpointDamaged' } });
    await saveCheckpointDir(a, stepDoc(1), stepCheckpoint(1));
    await writeFile(await file(a, /^checkpoint-.*\.bin$/), await readFile(await file(b, /^checkpoint-.*\.bin$/)));
    await expect(loadCheckpointDir(a)).rejects.toMatchObject({ issue: { code: 'run.checkpointDamaged' } });
    await rm(await file(b, /^checkpoint-.*\.bin$/));
    await expect(loadCheckpointDir(b)).rejects.toMatchObject({ issue: { code: 'run.checkpointDamaged' } });
  });
});
