// What `check`, `train` and `export` say must reach the reader whole: output far past a pipe's 64 KB buffer
// read by a slow reader, and the warnings of loading the file (unknown keys, newer node versions).
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli';
import { runCliSlowReader } from './pipe-reader';

/** What the tests change of a graph file's JSON. */
interface RawDoc {
  main: { nodes: object[] };
  [key: string]: unknown;
}

let dir: string;
let gan: RawDoc;
const write = async (name: string, doc: RawDoc) => {
  const file = path.join(dir, name);
  await writeFile(file, JSON.stringify(doc));
  return file;
};
const noiseNode = (i: number) => ({ id: `extra${i}`, type: 'samplers.gaussian', params: { batchSize: 4, shape: [2] }, position: { x: 0, y: i } });

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tl-cli-out-'));
  gan = JSON.parse(await readFile('templates/gan-2d.json', 'utf8')) as RawDoc;
});

describe('check: the whole output reaches a slow reader', () => {
  const EXTRA = 4000;

  it('stdout: every line of a table and diagnostics of over half a megabyte, the summary last', async () => {
    const doc = structuredClone(gan);
    doc.main.nodes.push(...Array.from({ length: EXTRA }, (_, i) => noiseNode(i)));
    const r = await runCliSlowReader(1500, 'check', await write('big.json', doc));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(500_000);
    expect(r.stdout.match(/^warning graph\.unused /gm)?.length).toBe(EXTRA);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe(`0 error(s), ${EXTRA} warning(s) and note(s)`);
  });

  it('stderr: every problem of a refused file', async () => {
    const doc = structuredClone(gan);
    doc.main.nodes.push(...Array.from({ length: EXTRA }, (_, i) => ({ ...noiseNode(i), position: { x: 'left', y: i } })));
    const r = await runCliSlowReader(1500, 'check', await write('refused.json', doc));
    expect(r.code).toBe(1);
    expect(r.stderr.match(/^error {3}doc\.schema /gm)?.length).toBe(EXTRA);
    expect(r.stderr.trimEnd().split('\n').at(-1)).toMatch(new RegExp(`main\\.nodes\\[${12 + EXTRA}\\]\\.position\\.x`));
  });
});

describe('load warnings are printed, not dropped', () => {
  const warned = () => {
    const doc = structuredClone(gan);
    doc.colour = 'blue';
    doc.nodeVersions = { 'layers.dense': 99 };
    return doc;
  };

  it('check prints them beside the analysis', async () => {
    const r = await runCli('check', await write('warned.json', warned()));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^warning doc\.unknownKey .*colour is not part of a Tensorloom graph/m);
    expect(r.stdout.match(/^warning doc\.nodeNewer .*node version 99/gm)?.length).toBe(6); // the six Dense layers
    expect(r.stdout).toMatch(/0 error\(s\), 7 warning\(s\)/);
  });

  it('train prints them before it trains', async () => {
    const out = path.join(dir, 'run');
    const r = await runCli('train', await write('warned-train.json', warned()), '--steps', '1', '--out', out, '--backend', 'cpu', '--batch-size', '2', '--quiet');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^warning doc\.unknownKey .*colour is not part of a Tensorloom graph/m);
    expect(r.stderr).toMatch(/^warning doc\.nodeNewer .*node version 99/m);
    expect(r.stderr).toMatch(/trained 1 iterations/);
  });

  it.each(['typescript', 'pytorch'])('export --target %s prints them, and still writes the export', async (target) => {
    const out = path.join(dir, target === 'pytorch' ? 'export-py' : 'export.ts');
    const r = await runCli('export', await write(`warned-${target}.json`, warned()), '--target', target, '--out', out);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^warning doc\.unknownKey .*colour is not part of a Tensorloom graph/m);
    expect(r.stderr).toMatch(/^warning doc\.nodeNewer .*node version 99/m);
    expect(r.stdout).toMatch(/^wrote /m);
  });
});
