// `tensorloom train --images NAME=FOLDER`: an autoencoder trained on a folder of generated PNGs.
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainModel, doc, graph } from '../../test/helpers/build-doc';
import { runCli } from '../../test/helpers/run-cli';
import { saveDocument } from '../graph/save';
import { parseImagesOption } from './datasets';

/** A 12 × 10 PNG with a diagonal gradient, different for each `seed`. */
function gradientPng(seed: number): Buffer {
  const png = new PNG({ width: 12, height: 10 });
  for (let y = 0; y < 10; y++) for (let x = 0; x < 12; x++) png.data.set([(x * 20 + seed * 40) % 256, y * 25, 128, 255], (y * 12 + x) * 4);
  return PNG.sync.write(png);
}

/** Image folder (8 × 8 grey) → a Dense autoencoder → MSE against the input, and a preview. */
const autoencoder = () => doc({
  name: 'images ae',
  models: {
    ae: chainModel([8, 8, 1], [
      ['flat', 'layers.flatten', {}],
      ['code', 'layers.dense', { units: 4, activation: 'relu' }],
      ['back', 'layers.dense', { units: 64, activation: 'tanh' }],
      ['img', 'layers.reshape', { targetShape: [8, 8, 1] }],
    ]),
  },
  main: graph(
    [
      ['pics', 'data.images', { dataset: 'shapes', size: 8, color: 'grayscale', batchSize: 3 }],
      ['ae', 'models.call', { model: 'ae' }],
      ['rec', 'losses.mse', {}],
      ['opt', 'optimizers.adam', { models: ['ae'] }],
      ['show', 'previews.imageGrid', { count: 3 }],
    ],
    ['pics.x -> ae.x', 'ae.y -> rec.pred', 'pics.x -> rec.target', 'rec.loss -> opt.loss', 'ae.y -> show.images'],
  ),
});

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tl-images-cli-'));
  const pics = path.join(dir, 'pics');
  await mkdir(pics);
  for (let i = 0; i < 4; i++) await writeFile(path.join(pics, `p${i}.png`), gradientPng(i));
  await writeFile(path.join(pics, 'notes.png'), 'not a picture');
  await writeFile(path.join(dir, 'graph.json'), saveDocument(autoencoder()));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('--images NAME=FOLDER', () => {
  it('parses NAME=FOLDER and refuses anything else', () => {
    expect(parseImagesOption(['cats=./my cats', 'a=b=c'])).toEqual({ folders: { cats: './my cats', a: 'b=c' } });
    for (const bad of ['cats', '=x', 'cats=']) {
      const r = parseImagesOption([bad]);
      expect('problem' in r && r.problem.code).toBe('images.badOption');
    }
  });

  it('trains an autoencoder for 2 iterations on a folder of PNGs, naming the refused file', async () => {
    const out = path.join(dir, 'run');
    const r = await runCli('train', path.join(dir, 'graph.json'), '--steps', '2', '--out', out, '--backend', 'cpu',
      '--images', `shapes=${path.join(dir, 'pics')}`, '--preview-every', '2', '--metrics-every', '1');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning: notes\.png: not a picture/);
    expect(r.stderr).toMatch(/images "shapes": 4 read from .* at 8×8 grayscale, 1 refused/);
    const lines = (await readFile(path.join(out, 'metrics.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { step: number; opt: number });
    expect(lines.map((l) => l.step)).toEqual([0, 1]);
    for (const l of lines) expect(Number.isFinite(l.opt) && l.opt > 0).toBe(true);
    expect(await readdir(out)).toEqual(expect.arrayContaining(['show-000002.png', 'checkpoint']));
  });

  it('says which option is missing when the graph names a folder that was not given', async () => {
    const r = await runCli('train', path.join(dir, 'graph.json'), '--steps', '1', '--out', path.join(dir, 'none'), '--backend', 'cpu');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/none was given\. Pass --images shapes=FOLDER/);
  });
});

describe('export of a graph with an Image folder', () => {
  it('takes the pictures from an ImageSource its caller passes in, drawing as the app does', async () => {
    const { writeModule } = await import('../codegen');
    const code = writeModule(autoencoder());
    expect(code).toMatch(/imagesShapes: ImageSource;/);
    expect(code).toMatch(/t\.data\.imagesShapes\.batch\('train', 3, '\[-1,1\]', t\.rng, 'class ids'\)\.x/);
  });
});
