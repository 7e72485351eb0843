// Preview frames as the page draws them, made in the worker so the page only copies pixels: image
// batches tiled into one RGBA picture, point sets as a copy of their coordinates. Every payload
// owns its buffer, so it can be transferred rather than copied.
import { tileGrid, type GridImage } from '../grid';
import type { PreviewFrame } from '../trainer';
import type { PreviewPayload } from './protocol';

export function toRgba(img: GridImage): Uint8ClampedArray {
  const n = img.width * img.height;
  const out = new Uint8ClampedArray(n * 4);
  for (let i = 0; i < n; i++) {
    const src = i * img.channels;
    const grey = img.channels === 1;
    out[i * 4] = img.pixels[src]!;
    out[i * 4 + 1] = img.pixels[grey ? src : src + 1]!;
    out[i * 4 + 2] = img.pixels[grey ? src : src + 2]!;
    out[i * 4 + 3] = 255;
  }
  return out;
}

/** The payload of one frame, or null when it holds nothing this dashboard can draw. */
export function previewPayload(f: PreviewFrame): PreviewPayload | null {
  const base = { id: f.id, name: f.name, step: f.step };
  const image = f.values.image;
  if (image && image.shape.length === 4) {
    const [n, h, w, c] = image.shape as [number, number, number, number];
    const grid = tileGrid(image.data, n, h, w, c, { padding: 1, background: 0.5 });
    return { kind: 'image', ...base, width: grid.width, height: grid.height, rgba: toRgba(grid).buffer as ArrayBuffer };
  }
  const points = f.values.points;
  if (points && points.shape.length === 2 && points.shape[1] === 2) return { kind: 'points', ...base, points: Float32Array.from(points.data) };
  return null;
}

export function transferablesOf(frames: PreviewPayload[]): ArrayBuffer[] {
  return frames.map((f) => (f.kind === 'image' ? f.rgba : (f.points.buffer as ArrayBuffer)));
}
