// The PyTorch package writes the graph's previews: image grids as PNG files (that decode, one cell
// per image), 2-D points as CSV, after --preview-every iterations and at the end; and writing them
// does not move the training stream (the losses are those of a run without previews).
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyOverrides } from '../../src/graph/overrides';
import { decodeFileNode } from '../../src/runtime/datasets/image-decode-node';
import { template } from '../helpers/cpu-session';
import { CPU_RECIPES } from '../templates/cpu-recipes';
import { exportWithWeights, trainPackage, worstRelative } from './support';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('the previews of the PyTorch package', () => {
  it('DCGAN: PNG grids at iterations 2 and 3, and the losses of a run without them', async () => {
    const doc = applyOverrides(template('dcgan'), { batchSize: 8, set: CPU_RECIPES['dcgan']!.set }).doc;
    const dir = await exportWithWeights(doc, 2);
    dirs.push(dir);
    const plain = await trainPackage(dir, 'plain', ['--steps', '3', '--seed', '2']);
    const shown = await trainPackage(dir, 'shown', ['--steps', '3', '--seed', '2', '--preview-every', '2']);
    expect(worstRelative(plain, shown)).toBe(0);
    const files = readdirSync(path.join(dir, 'shown', 'previews')).sort();
    expect(files).toEqual(['generated', 'one-walk-per-row', 'real', 'the-same-z-every-time'].flatMap((name) => [`${name}-2.png`, `${name}-3.png`]));
    // the fixed noise: the same z at iterations 2 and 3, another generator, so other pictures
    const fixed = (i: number) => readFileSync(path.join(dir, 'shown', 'previews', `the-same-z-every-time-${i}.png`));
    expect(fixed(2).equals(fixed(3))).toBe(false);
    const png = decodeFileNode('generated-3.png', readFileSync(path.join(dir, 'shown', 'previews', 'generated-3.png')));
    expect('image' in png && png.image).toBeTruthy();
    if (!('image' in png)) return;
    // the batch of 8 generated digits: 3 columns and rows of 28 + 1 pixels
    expect([png.image.width, png.image.height]).toEqual([3 * 29 + 1, 3 * 29 + 1]);
  });

  it('2-D GAN: the points as CSV', async () => {
    const doc = applyOverrides(template('gan-2d'), { batchSize: 16 }).doc;
    const dir = await exportWithWeights(doc, 2);
    dirs.push(dir);
    await trainPackage(dir, 'run', ['--steps', '1', '--seed', '2']);
    const csv = readFileSync(path.join(dir, 'run', 'previews', 'fake-points-1.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('x,y');
    expect(csv.length).toBeGreaterThan(1);
    expect(csv.slice(1).every((l) => l.split(',').map(Number).every(Number.isFinite))).toBe(true);
  });
});
