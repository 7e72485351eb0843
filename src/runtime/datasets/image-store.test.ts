import { describe, expect, it } from 'vitest';
import { TensorloomError } from '../errors';
import { buildFolderDataset } from './image-folder';
import { datasetFromStored, storedFolder } from './image-store';

const codeOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e instanceof TensorloomError ? e.issue.code : String(e);
  }
  return 'no error';
};

describe('stored picture folders', () => {
  const image = { width: 3, height: 3, rgba: new Uint8Array(36).fill(255) };
  const { dataset } = buildFolderDataset('cats', [{ file: 'a.png', image }, { file: 'b.png', image }], 4, 1);
  const refused = [{ file: 'c.txt', issue: { code: 'images.notImage', args: { file: 'c.txt' } } } as const];
  const stored = storedFolder(dataset!, 3, [...refused], 1);

  it('keep the dataset in the file format, with what was refused', () => {
    expect(stored).toMatchObject({ name: 'cats', size: 4, channels: 1, count: 2, files: 3, refused });
    const back = datasetFromStored({ name: 'cats', size: 4, channels: 1 }, stored);
    expect(back).toMatchObject({ count: 2, shape: [4, 4, 1], classes: 1 });
    expect(Array.from(back.pixels)).toEqual(Array.from(dataset!.pixels));
  });

  it('say to choose the folder when none is stored, and again when the size changed', () => {
    expect(codeOf(() => datasetFromStored({ name: 'dogs', size: 4, channels: 1 }, null))).toBe('images.notChosen');
    expect(codeOf(() => datasetFromStored({ name: 'cats', size: 8, channels: 1 }, stored))).toBe('images.sizeChanged');
    expect(codeOf(() => datasetFromStored({ name: 'cats', size: 4, channels: 3 }, stored))).toBe('images.sizeChanged');
  });
});
