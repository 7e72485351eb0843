// A person's own pictures as a dataset: the keys the Image folder node asks for, the check of what
// a file's bytes are, and the assembly of decoded pictures into one in-memory dataset (the layout
// of the TLDS file format, one class) with a list of the files left out and why. Pure: the
// decoding itself lives in image-decode-node.ts (PNG via pngjs) and image-decode-browser.ts.
import { issue, type Issue } from '../../messages';
import type { LabeledDataset } from './format';
import { toSample, type RgbaImage } from './image-resize';

export type ImageChannels = 1 | 3;

/** What the Image folder node asks for: a stored folder by name, read at one size. */
export interface ImageFolderKey {
  name: string;
  size: number;
  channels: ImageChannels;
}

const KEY = /^image-folder:(\d+)x\1x([13]):(.+)$/s;

/** The dataset key of an Image folder node, e.g. `image-folder:32x32x3:my-images`. */
export const imageFolderKey = (k: ImageFolderKey): string => `image-folder:${k.size}x${k.size}x${k.channels}:${k.name}`;

/** The parts of an Image folder key, or null for any other dataset key (MNIST, ...). */
export function parseImageFolderKey(key: string): ImageFolderKey | null {
  const m = KEY.exec(key);
  if (!m) return null;
  return { size: Number(m[1]), channels: Number(m[2]) as ImageChannels, name: m[3]! };
}

export const shapeText = (size: number, channels: ImageChannels) =>
  `${size}×${size} ${channels === 1 ? 'grayscale' : 'RGB'}`;

export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'webp' | 'bmp';

/** What a file's first bytes say it is (by content, never by its name), or null: not a picture. */
export function sniffImage(bytes: Uint8Array): ImageFormat | null {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'png';
  if (starts(0xff, 0xd8, 0xff)) return 'jpeg';
  if (starts(0x47, 0x49, 0x46, 0x38)) return 'gif';
  if (starts(0x52, 0x49, 0x46, 0x46) && bytes[8] === 0x57 && bytes[9] === 0x45 && bytes[10] === 0x42 && bytes[11] === 0x50) return 'webp';
  if (starts(0x42, 0x4d)) return 'bmp';
  return null;
}

/** A file left out of the dataset: its name (path inside the folder) and why. */
export interface RefusedFile {
  file: string;
  issue: Issue;
}

/** One file after decoding: its pixels, or the reason it was left out. */
export type DecodedFile = { file: string; image: RgbaImage } | RefusedFile;

/** The checks every decoder shares before it decodes: empty, not a picture. */
export function refuseBytes(file: string, bytes: Uint8Array): RefusedFile | null {
  if (bytes.length === 0) return { file, issue: issue('images.fileEmpty', { file }) };
  if (!sniffImage(bytes)) return { file, issue: issue('images.notImage', { file }) };
  return null;
}

export interface FolderDataset {
  /** null when no file could be used */
  dataset: LabeledDataset | null;
  /** the files used, in dataset order */
  used: string[];
  refused: RefusedFile[];
}

/**
 * Assembles decoded files into one dataset of `size` × `size` × `channels` samples (label 0, one
 * class), in file-name order so that the same folder always gives the same dataset.
 */
export function buildFolderDataset(name: string, files: readonly DecodedFile[], size: number, channels: ImageChannels): FolderDataset {
  const sorted = [...files].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const refused: RefusedFile[] = [];
  const samples: Uint8Array[] = [];
  const used: string[] = [];
  for (const f of sorted) {
    if ('issue' in f) {
      refused.push(f);
    } else if (f.image.width < 1 || f.image.height < 1) {
      refused.push({ file: f.file, issue: issue('images.zeroSize', { file: f.file }) });
    } else {
      samples.push(toSample(f.image, size, channels));
      used.push(f.file);
    }
  }
  if (!samples.length) return { dataset: null, used, refused };
  const sample = size * size * channels;
  const pixels = new Uint8Array(samples.length * sample);
  samples.forEach((s, i) => pixels.set(s, i * sample));
  const dataset: LabeledDataset = { name, count: samples.length, shape: [size, size, channels], pixels, labels: new Uint8Array(samples.length), classes: 1 };
  return { dataset, used, refused };
}
