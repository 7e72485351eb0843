// The fast training forward must be the layers model's function, with the same gradients:
// otherwise the committed classifier would not be the one that was trained.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../runtime/rng';
import { buildLenet, LENET_IMAGE } from './lenet';
import { allVariables, fastForwardGap, fastLogits, im2col, lenetVariables } from './lenet-train';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const randomPixels = (n: number, seed: number) => {
  const rng = new Rng(seed);
  return Float32Array.from({ length: n * 784 }, () => rng.next());
};

describe('LeNet training forward', () => {
  it('im2col cuts 3x3 patches with zero padding in (ky, kx, channel) order', () => {
    // one 2x2 image with 2 channels: pixel p has channels [10p, 10p + 1]
    const x = [0, 1, 10, 11, 20, 21, 30, 31];
    const cols = im2col(x, [1, 2, 2, 2], 3, 1);
    expect(cols.length).toBe(4 * 18);
    // output pixel (0, 0): the kernel centre (ky = kx = 1) sits on input (0, 0)
    expect([...cols.slice(0, 18)]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 10, 11, 0, 0, 20, 21, 30, 31]);
  });

  it('gives the layers model\'s logits', async () => {
    const model = buildLenet(tf, 3);
    expect(await fastForwardGap(tf, model, randomPixels(6, 1), 6)).toBeLessThan(1e-5);
    model.dispose();
  });

  it('gives the layers model\'s gradients for every weight', () => {
    const model = buildLenet(tf, 4);
    const vars = lenetVariables(model);
    const n = 4;
    const pixels = randomPixels(n, 2);
    const labels = tf.oneHot(tf.tensor1d([3, 1, 4, 1], 'int32'), 10);
    const x = tf.tensor4d(pixels, [n, ...LENET_IMAGE]);
    const viaLayers = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(labels, model.apply(x) as tf.Tensor) as tf.Scalar, allVariables(vars));
    const viaFast = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(labels, fastLogits(tf, vars, pixels, n)) as tf.Scalar, allVariables(vars));
    expect(viaFast.value.dataSync()[0]).toBeCloseTo(viaLayers.value.dataSync()[0]!, 5);
    for (const v of allVariables(vars)) {
      const a = viaLayers.grads[v.name]!, b = viaFast.grads[v.name]!;
      const scale = tf.max(tf.abs(a)).dataSync()[0]!;
      const gap = tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!;
      expect(scale, v.name).toBeGreaterThan(0);
      expect(gap / scale, v.name).toBeLessThan(1e-4);
    }
    model.dispose();
  });
});
