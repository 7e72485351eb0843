import { describe, expect, it } from 'vitest';
import { renderIssue } from '../../messages';
import { buildFolderDataset, imageFolderKey, parseImageFolderKey, refuseBytes, sniffImage, type DecodedFile } from './image-folder';

const solid = (file: string, v: number, width = 2, height = 2): DecodedFile =>
  ({ file, image: { width, height, rgba: Uint8Array.from({ length: width * height * 4 }, (_, i) => (i % 4 === 3 ? 255 : v)) } });

describe('image folder keys', () => {
  it('round-trip, and other keys are not image folders', () => {
    const key = imageFolderKey({ name: 'my cats: 2024', size: 28, channels: 1 });
    expect(key).toBe('image-folder:28x28x1:my cats: 2024');
    expect(parseImageFolderKey(key)).toEqual({ name: 'my cats: 2024', size: 28, channels: 1 });
    expect(parseImageFolderKey('mnist-train')).toBeNull();
    expect(parseImageFolderKey('image-folder:28x32x1:a')).toBeNull();
    expect(parseImageFolderKey('image-folder:28x28x2:a')).toBeNull();
  });
});

describe('what a file is', () => {
  it('is told by its bytes, not its name', () => {
    expect(sniffImage(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('png');
    expect(sniffImage(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpeg');
    expect(sniffImage(new TextEncoder().encode('GIF89a'))).toBe('gif');
    expect(sniffImage(new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 '))).toBe('webp');
    expect(sniffImage(new TextEncoder().encode('RIFF\0\0\0\0WAVEfmt '))).toBeNull();
    expect(sniffImage(new TextEncoder().encode('hello, I am text'))).toBeNull();
    expect(sniffImage(new Uint8Array(0))).toBeNull();
  });

  it('refuses an empty file and one that is no picture, naming it', () => {
    expect(refuseBytes('a/empty.png', new Uint8Array(0))?.issue.code).toBe('images.fileEmpty');
    const text = refuseBytes('notes.png', new TextEncoder().encode('shopping list'));
    expect(text?.issue.code).toBe('images.notImage');
    expect(renderIssue(text!.issue)).toMatch(/^notes\.png: not a picture .* Remove it from the folder/);
    expect(refuseBytes('ok.jpg', Uint8Array.from([0xff, 0xd8, 0xff, 0xdb]))).toBeNull();
  });
});

describe('buildFolderDataset', () => {
  it('puts every usable picture in, sorted by file name, and lists the rest with reasons', () => {
    const files: DecodedFile[] = [
      solid('b.png', 200),
      { file: 'broken.png', issue: { code: 'images.undecodable', args: { file: 'broken.png', detail: 'bad CRC' } } },
      solid('a.png', 10),
      solid('flat.png', 0, 0, 3),
    ];
    const r = buildFolderDataset('pets', files, 2, 1);
    expect(r.used).toEqual(['a.png', 'b.png']);
    expect(r.refused.map((f) => [f.file, f.issue.code])).toEqual([['broken.png', 'images.undecodable'], ['flat.png', 'images.zeroSize']]);
    expect(r.dataset).toMatchObject({ name: 'pets', count: 2, shape: [2, 2, 1], classes: 1 });
    expect(Array.from(r.dataset!.pixels)).toEqual([10, 10, 10, 10, 200, 200, 200, 200]);
    expect(Array.from(r.dataset!.labels)).toEqual([0, 0]);
  });

  it('gives no dataset when nothing could be used', () => {
    const r = buildFolderDataset('x', [{ file: 'e.png', issue: { code: 'images.fileEmpty', args: { file: 'e.png' } } }], 4, 3);
    expect(r.dataset).toBeNull();
    expect(r.refused).toHaveLength(1);
  });

  it('resizes and colours every picture the same way', () => {
    const r = buildFolderDataset('x', [solid('a.png', 100, 5, 3), solid('b.png', 50, 8, 8)], 3, 3);
    expect(r.dataset!.shape).toEqual([3, 3, 3]);
    expect(r.dataset!.pixels).toHaveLength(2 * 27);
    expect(new Set(r.dataset!.pixels.subarray(0, 27))).toEqual(new Set([100]));
    expect(new Set(r.dataset!.pixels.subarray(27))).toEqual(new Set([50]));
  });
});
