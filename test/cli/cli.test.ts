// The command line as a person runs it: exit codes, messages, files written, resume.
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { issue, renderIssue, type Issue } from '../../src/messages';
import { runCli } from '../helpers/run-cli';

const run = runCli;

describe('tensorloom CLI', () => {
  it('check: prints the shapes table and exits 0 on a sound graph', async () => {
    const r = await run('check', 'templates/gan-2d.json');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/gen\s+models\.call\s+x \[128, 2\]/);
    expect(r.stdout).toMatch(/0 error\(s\)/);
  });

  it('check: exits 1 with the path and the message on a broken file', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tl-cli-'));
    const file = path.join(dir, 'bad.json');
    const text = (await readFile('templates/gan-2d.json', 'utf8')).replace('"units": 128', '"units": "many"');
    await writeFile(file, text);
    const r = await run('check', file);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/doc\.paramType .*param "units" must be a whole number, but the file has "many"/);
    expect(r.stdout).toMatch(/at models\.generator\.nodes\[1\]\.params\.units/);
    expect(await readFile(file, 'utf8')).toBe(text); // the user's file is untouched
  });

  it('train: writes metrics, previews and a checkpoint, and resumes from it', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tl-cli-'));
    const a = await run('train', 'templates/gan-2d.json', '--steps', '4', '--out', path.join(dir, 'a'), '--backend', 'cpu', '--batch-size', '8', '--preview-every', '4', '--metrics-every', '2');
    expect(a.code, a.stderr).toBe(0);
    expect(a.stderr).not.toMatch(/tfjs-node/); // tfjs's install banner: advice the product does not take
    const lines = (await readFile(path.join(dir, 'a', 'metrics.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { step: number; D: number });
    expect(lines.map((l) => l.step)).toEqual([0, 1, 2, 3]);
    expect(await readdir(path.join(dir, 'a'))).toEqual(expect.arrayContaining(['fake_points-000004.png', 'checkpoint']));
    const b = await run('train', '--resume', path.join(dir, 'a', 'checkpoint'), '--steps', '2', '--out', path.join(dir, 'b'), '--backend', 'cpu');
    expect(b.code, b.stderr).toBe(0);
    expect(b.stderr).toMatch(/resumed at iteration 4/);
    const resumed = (await readFile(path.join(dir, 'b', 'metrics.jsonl'), 'utf8')).trim().split('\n').map((l) => (JSON.parse(l) as { step: number }).step);
    expect(resumed).toEqual([4, 5]);
  });

  it('train: refuses a malformed --set with the form it expects', async () => {
    const r = await run('train', 'templates/gan-2d.json', '--steps', '1', '--out', os.tmpdir(), '--set', 'noise-std=3');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Write it as NODE\.PARAM=VALUE/);
  });

  it('usage mistakes: exit 2 with the coded message, then the usage', async () => {
    const out = path.join(os.tmpdir(), 'tl-cli-unused');
    const cases: [string[], Issue][] = [
      [['fly'], issue('cli.unknownCommand', { command: 'fly' })],
      [['check'], issue('cli.missing', { command: 'check', what: 'a graph file' })],
      [['train', '--steps', '1', '--out', out], issue('cli.missing', { command: 'train', what: 'a graph file, or --resume CHECKPOINT_DIR' })],
      [['sample', 'runs/x/checkpoint'], issue('cli.missing', { command: 'sample', what: '--out FILE.png' })],
      [['export-model', 'runs/x/checkpoint'], issue('cli.missing', { command: 'export-model', what: '--out DIR' })],
      [['check', 'templates/gan-2d.json', '--backend', 'tpu'], issue('cli.backend', { got: 'tpu', known: 'auto, webgpu, wasm, cpu' })],
      [['train', 'templates/gan-2d.json', '--out', out, '--batch-size', 'many'], issue('cli.wholeNumber', { option: 'batch-size', min: 1, got: 'many' })],
    ];
    const results = await Promise.all(cases.map(([args]) => run(...args)));
    results.forEach((r, i) => {
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr.split('\n\n')[0]).toBe(renderIssue(cases[i]![1]));
      expect(r.stderr).toContain('usage:');
    });
  });

  it('an option it does not know, and a graph file it cannot read: coded messages', async () => {
    const [unknown, missing] = await Promise.all([run('check', 'templates/gan-2d.json', '--colour'), run('check', 'no/such/graph.json')]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^The command line could not be read \(Unknown option '--colour'.*\)\./);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^no\/such\/graph\.json cannot be read \(ENOENT.*\)\. Check the path\./);
  });
});
