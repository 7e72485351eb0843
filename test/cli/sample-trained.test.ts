// `tensorloom sample` on the trained weights that ship with the templates: every shipped file
// writes a grid of its template's samples (the preview with id "samples" in every generative
// template), without a checkpoint and without training.
import { readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { runCli } from '../helpers/run-cli';

const SHIPPED = readdirSync('assets/trained').filter((f) => f.endsWith('.tlt'));
const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

describe('sample on shipped trained weights', () => {
  it('ships weights for the MLP VAE, the convolutional VAE, the VAE-GAN and the DCGAN', () => {
    expect(SHIPPED).toEqual(expect.arrayContaining(['vae-mlp.tlt', 'vae.tlt', 'vae-gan.tlt', 'dcgan.tlt']));
  });

  it.each(SHIPPED)('%s: a PNG grid of samples, and how long they were trained', async (file) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tl-sample-'));
    dirs.push(dir);
    const out = path.join(dir, 'grid.png');
    const r = await runCli('sample', path.join('assets/trained', file), '--out', out, '--backend', 'cpu', '--preview', 'samples');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/after [1-9]\d* iterations/);
    const png = PNG.sync.read(await readFile(out));
    expect(png.width).toBeGreaterThan(28 * 7);
    // trained samples are digits on black: mostly dark with bright strokes, not the grey of an untrained decoder
    let bright = 0, dark = 0, count = 0;
    for (let i = 0; i < png.data.length; i += 4, count++) {
      if (png.data[i]! > 200) bright++;
      else if (png.data[i]! < 40) dark++;
    }
    expect(dark / count).toBeGreaterThan(0.5);
    expect(bright / count).toBeGreaterThan(0.03);
  });

  it('a damaged file: the coded message, exit 1', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tl-sample-'));
    dirs.push(dir);
    const bad = path.join(dir, 'bad.tlt');
    await writeFile(bad, 'TLT1 not really');
    const r = await runCli('sample', bad, '--out', path.join(dir, 'x.png'), '--backend', 'cpu');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: The trained weights in .*bad\.tlt cannot be used: /m);
  });
});
