// Runs `scripts/build-data.ts` (what `npm run data` runs) into a temporary folder, end to end.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { DATASET_KEYS } from './keys';
import { loadDataset } from './node';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../..', import.meta.url));
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
let out = '';

afterAll(async () => {
  if (out) await rm(out, { recursive: true, force: true });
});

describe('npm run data', () => {
  it('writes every dataset with the expected counts, and is quick and idempotent afterwards', async () => {
    out = await mkdtemp(path.join(tmpdir(), 'tensorloom-build-'));
    const first = await run(tsx, ['scripts/build-data.ts', '--out', out], { cwd: root });
    expect(first.stdout.match(/^built /gm)).toHaveLength(DATASET_KEYS.length);
    const counts = Object.fromEntries(await Promise.all(DATASET_KEYS.map(async (k) => [k, (await loadDataset(k, out)).count])));
    expect(counts).toEqual({ 'mnist-train': 60000, 'mnist-test': 10000, 'fashion-mnist-train': 60000, 'fashion-mnist-test': 10000 });
    const second = await run(tsx, ['scripts/build-data.ts', '--out', out], { cwd: root });
    expect(second.stdout.match(/^ok /gm)).toHaveLength(DATASET_KEYS.length);
    await expect(run(tsx, ['scripts/build-data.ts', '--bogus'], { cwd: root })).rejects.toThrow(/unknown argument "--bogus"/);
  }, 60_000);
});
