// `tensorloom sample` on the trained weights that ship with the templates: every shipped file
// writes a picture of its template's samples (the image preview "samples", or the 2-D templates'
// scatter "fake_points"), without a checkpoint and without training.
import { readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { runCli } from '../helpers/run-cli';

const SHIPPED = readdirSync('assets/trained').filter((f) => f.endsWith('.tlt'));
/** The templates that make 2-D points, not images. */
const POINTS = new Set(['gan-2d.tlt', 'wgan-gp-2d.tlt']);
/** The image preview each file is sampled with, and the backend: the U-Net's 50 DDIM steps on 64 images want WebAssembly. */
const IMAGES: Record<string, { preview: string; backend: string }> = { 'ddpm-unet.tlt': { preview: 'ddim_samples', backend: 'wasm' } };
const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

/** `tensorloom sample` of a shipped file's preview to a PNG: the CLI's result and the decoded picture. */
async function sampled(file: string, preview: string, backend = 'cpu') {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tl-sample-'));
  dirs.push(dir);
  const out = path.join(dir, 'sample.png');
  const r = await runCli('sample', path.join('assets/trained', file), '--out', out, '--backend', backend, '--preview', preview);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stderr).toMatch(/after [1-9]\d* iterations/);
  return PNG.sync.read(await readFile(out));
}

describe('sample on shipped trained weights', () => {
  it('ships weights for every generative template', () => {
    expect([...SHIPPED].sort()).toEqual(['cdcgan.tlt', 'dcgan.tlt', 'ddpm-unet.tlt', 'gan-2d.tlt', 'vae-gan.tlt', 'vae-mlp.tlt', 'vae.tlt', 'wgan-gp-2d.tlt']);
  });

  it.each(SHIPPED.filter((f) => POINTS.has(f)))('%s: a scatter of generated points on the ring, none in its middle', async (file) => {
    const png = await sampled(file, 'fake_points');
    // the points' pixels (blue) and their distances from the plot's centre, the origin
    const radii: number[] = [];
    for (let y = 0; y < png.height; y++) {
      for (let x = 0; x < png.width; x++) {
        const i = (y * png.width + x) * 4;
        if (png.data[i + 2]! > 150 && png.data[i]! < 80) radii.push(Math.hypot(x - png.width / 2, y - png.height / 2));
      }
    }
    expect(radii.length).toBeGreaterThan(100);
    // an untrained generator puts a blob at the origin; trained, almost nothing lies inside half the ring
    const far = Math.max(...radii);
    expect(radii.filter((d) => d < far / 2).length / radii.length).toBeLessThan(0.05);
  });

  it.each(SHIPPED.filter((f) => !POINTS.has(f)))('%s: a PNG grid of samples, and how long they were trained', async (file) => {
    const png = await sampled(file, IMAGES[file]?.preview ?? 'samples', IMAGES[file]?.backend);
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
