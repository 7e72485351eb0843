import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeEnv, paramsOf, runAndRead } from '../samplers/test-support';
import imageGrid from './image-grid';
import scatter from './scatter';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const noCtx = { models: {} };

describe('previews.imageGrid', () => {
  it.each([
    { shape: [10, 4, 4, 1], count: 64, n: 10 },
    { shape: [10, 4, 4, 3], count: 4, n: 4 },
    { shape: [2, 3, 5, 1], count: 2, n: 2 },
  ])('shows min(count, batch) images: $shape, count $count', ({ shape, count, n }) => {
    const p = paramsOf(imageGrid, { count });
    expect(imageGrid.inferShape({ images: [null, ...shape.slice(1)] }, p, noCtx)).toEqual({ ok: true, outputs: {} });
    expect(imageGrid.outputs(p, noCtx)).toEqual([]);
    const { image } = runAndRead(tf, imageGrid, { images: tf.zeros(shape) }, p, makeEnv(tf, 1));
    expect(image?.shape).toEqual([n, ...shape.slice(1)]);
  });

  it('maps the chosen range to [0, 1] and clips the rest', () => {
    const images = tf.tensor4d([-2, -1, 0, 0.5, 1, 3], [1, 2, 3, 1]);
    const sym = runAndRead(tf, imageGrid, { images }, paramsOf(imageGrid, { range: '[-1,1]' }), makeEnv(tf, 1)).image!;
    expect(Array.from(sym.values)).toEqual([0, 0, 0.5, 0.75, 1, 1]);
    const unit = runAndRead(tf, imageGrid, { images }, paramsOf(imageGrid, { range: '[0,1]' }), makeEnv(tf, 1)).image!;
    expect(Array.from(unit.values)).toEqual([0, 0, 0, 0.5, 1, 1]);
    images.dispose();
  });

  it('says what to do with the wrong rank or channels', () => {
    const p = paramsOf(imageGrid);
    expect(imageGrid.inferShape({ images: [null, 784] }, p, noCtx)).toMatchObject({
      ok: false, port: 'images', issue: { code: 'shape.rank', args: { hint: expect.stringMatching(/Reshape/) } },
    });
    expect(imageGrid.inferShape({ images: [null, 28, 28, 2] }, p, noCtx)).toMatchObject({
      ok: false, port: 'images', issue: { code: 'shape.dim', args: { expected: '1 or 3' } },
    });
  });
});

describe('previews.scatter', () => {
  it.each([
    { batch: 1000, count: 512, n: 512 },
    { batch: 20, count: 512, n: 20 },
  ])('plots min(count, batch) points: batch $batch, count $count', ({ batch, count, n }) => {
    const p = paramsOf(scatter, { count });
    expect(scatter.inferShape({ points: [batch, 2] }, p, noCtx)).toEqual({ ok: true, outputs: {} });
    const pts = tf.randomNormal([batch, 2], 0, 1, 'float32', 3);
    const { points } = runAndRead(tf, scatter, { points: pts }, p, makeEnv(tf, 1));
    expect(points?.shape).toEqual([n, 2]);
    // the first points, unchanged
    expect(Array.from(points!.values)).toEqual(Array.from(pts.dataSync().slice(0, n * 2)));
    pts.dispose();
  });

  it('says what to do with points that are not 2-D', () => {
    const p = paramsOf(scatter);
    expect(scatter.inferShape({ points: [null, 3] }, p, noCtx)).toMatchObject({ ok: false, port: 'points', issue: { code: 'shape.dim' } });
    expect(scatter.inferShape({ points: [null, 2, 1] }, p, noCtx)).toMatchObject({ ok: false, port: 'points', issue: { code: 'shape.rank' } });
  });
});
