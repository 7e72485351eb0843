// Graphs that `check` passed and `train` crashed on: `check` now refuses what no backend can hold
// and `train` stops on it before loading tfjs, listing every error; ids that are no tfjs names
// train; a "__proto__" model id is a coded refusal.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli';

let dir: string;
let text: string;
const file = async (name: string, body: string) => {
  const f = path.join(dir, name);
  await writeFile(f, body);
  return f;
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tl-cli-refuse-'));
  text = await readFile('templates/gan-2d.json', 'utf8');
});

describe('check and train agree', () => {
  it('Dense 65536 after Dense 65536: both refuse it with the size, train before it starts', async () => {
    const wide = text.replace('"units": 128', '"units": 65536').replace('"units": 128', '"units": 65536');
    const f = await file('wide.json', wide);
    const [check, trainRun] = await Promise.all([runCli('check', f), runCli('train', f, '--steps', '1', '--out', path.join(dir, 'wide'), '--backend', 'cpu')]);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/^error {3}size\.weights .*Dense "h2": would have 4,295,032,832 weights/m);
    expect(trainRun.code).toBe(1);
    expect(trainRun.stderr).toMatch(/^error {3}size\.weights /m);
    expect(trainRun.stderr).toMatch(/cannot be trained/);
    expect(trainRun.stderr).not.toMatch(/internal error|backend:/);
  });

  it('a model id that is no tfjs name trains', async () => {
    const f = await file('cjk.json', text.replaceAll('"generator"', '"生成器"'));
    const r = await runCli('train', f, '--steps', '1', '--out', path.join(dir, 'cjk'), '--backend', 'cpu', '--batch-size', '2', '--quiet');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/trained 1 iterations/);
  });

  it('a model id "__proto__": a coded refusal, not "sig.inputs is not iterable"', async () => {
    const r = await runCli('check', await file('proto.json', text.replaceAll('"generator"', '"__proto__"')));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error {3}doc\.reservedKey .*models\.__proto__: "__proto__" cannot be a name/m);
    expect(r.stderr).not.toMatch(/sig\.inputs/);
  });
});
