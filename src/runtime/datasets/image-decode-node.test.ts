import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderIssue } from '../../messages';
import { TensorloomError } from '../errors';
import { decodeFileNode, readImageFolder } from './image-decode-node';

/** A PNG of width × height whose every pixel is `rgb`. */
export function pngOf(width: number, height: number, rgb: [number, number, number]): Buffer {
  const png = new PNG({ width, height });
  for (let i = 0; i < width * height; i++) png.data.set([...rgb, 255], i * 4);
  return PNG.sync.write(png);
}

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tensorloom-images-'));
  await mkdir(path.join(dir, 'sub'));
  await writeFile(path.join(dir, 'red.png'), pngOf(6, 4, [255, 0, 0]));
  await writeFile(path.join(dir, 'sub', 'blue.png'), pngOf(3, 3, [0, 0, 255]));
  const good = pngOf(8, 8, [10, 20, 30]);
  await writeFile(path.join(dir, 'corrupt.png'), good.subarray(0, 40)); // cut inside the first chunk
  await writeFile(path.join(dir, 'readme.png'), 'this is text, not a picture\n');
  await writeFile(path.join(dir, 'zero.png'), '');
  await writeFile(path.join(dir, 'photo.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46]));
  await writeFile(path.join(dir, '.DS_Store'), 'hidden');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('reading a folder of pictures in Node', () => {
  it('decodes PNG with pngjs', () => {
    const r = decodeFileNode('p.png', pngOf(5, 2, [1, 2, 3]));
    expect('image' in r && [r.image.width, r.image.height, Array.from(r.image.rgba.subarray(0, 4))]).toEqual([5, 2, [1, 2, 3, 255]]);
  });

  it('uses the good files and names every refused one with its reason', async () => {
    const r = await readImageFolder(dir, { name: 'mixed', size: 2, channels: 3 });
    expect(r.files).toBe(6); // the hidden file is not counted
    expect(r.used).toEqual(['red.png', 'sub/blue.png']);
    expect(Array.from(r.dataset!.pixels)).toEqual([...Array(4).fill([255, 0, 0]).flat(), ...Array(4).fill([0, 0, 255]).flat()]);
    const reasons = Object.fromEntries(r.refused.map((f) => [f.file, f.issue.code]));
    expect(reasons).toEqual({
      'corrupt.png': 'images.undecodable',
      'readme.png': 'images.notImage',
      'zero.png': 'images.fileEmpty',
      'photo.jpg': 'images.formatInNode',
    });
    const text = r.refused.map((f) => renderIssue(f.issue));
    expect(text.find((t) => t.startsWith('photo.jpg'))).toMatch(/JPEG pictures cannot be decoded by the command line .* Convert it to PNG/);
    expect(text.find((t) => t.startsWith('corrupt.png'))).toMatch(/could not be decoded \(.+\)/);
  });

  it('says so when the folder does not exist', async () => {
    try {
      await readImageFolder(path.join(dir, 'nope'), { name: 'cats', size: 8, channels: 1 });
      expect.unreachable();
    } catch (e) {
      expect(e instanceof TensorloomError && e.issue.code).toBe('images.folderMissing');
    }
  });
});
