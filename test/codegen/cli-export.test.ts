// `tensorloom export GRAPH.json --out FILE.ts` as a person runs it.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli';
import { exportTypeScript } from '../../src/codegen';
import { issue, renderIssue } from '../../src/messages';
import { template } from '../helpers/cpu-session';

const run = runCli;

describe('tensorloom export', () => {
  it('writes the formatted module and says where', async () => {
    const out = path.join(await mkdtemp(path.join(os.tmpdir(), 'tl-export-')), 'vae.ts');
    const r = await run('export', 'templates/vae-mlp.json', '--out', out);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`wrote ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(\\d+ lines\\)`));
    expect(await readFile(out, 'utf8')).toBe(await exportTypeScript(template('vae-mlp')));
  });

  it('refuses a graph with errors: prints them, exits 1, writes nothing', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tl-export-'));
    const graph = JSON.parse(await readFile('templates/gan-2d.json', 'utf8')) as { main: { edges: { target: { node: string } }[] } };
    graph.main.edges = graph.main.edges.filter((e) => e.target.node !== 'opt_G');
    await writeFile(path.join(dir, 'broken.json'), JSON.stringify(graph));
    const r = await run('export', path.join(dir, 'broken.json'), '--out', path.join(dir, 'out.ts'));
    expect(r.code).toBe(1);
    const errors = r.stderr.trim().split('\n').filter((l) => l.startsWith('error '));
    expect(errors.length).toBeGreaterThan(0);
    expect(r.stderr.trim().split('\n').at(-1)).toBe(renderIssue(issue('cli.exportErrors', { count: errors.length })));
    await expect(readFile(path.join(dir, 'out.ts'), 'utf8')).rejects.toThrow(/ENOENT/);
  });

  it('needs --out', async () => {
    const r = await run('export', 'templates/gan-2d.json');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/export needs --out FILE\.ts/);
  });
});
