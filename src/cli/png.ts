// Preview frames to PNG files: image grids as tiled pictures, 2-D point sets as scatter plots.
import { writeFile } from 'node:fs/promises';
import { PNG } from 'pngjs';
import { tileGrid, type GridImage } from '../runtime/grid';
import type { PreviewFrame } from '../runtime/trainer';

export function encodePng(img: GridImage): Buffer {
  const png = new PNG({ width: img.width, height: img.height });
  for (let i = 0; i < img.width * img.height; i++) {
    for (let k = 0; k < 3; k++) png.data[i * 4 + k] = img.pixels[i * img.channels + (img.channels === 3 ? k : 0)]!;
    png.data[i * 4 + 3] = 255;
  }
  return PNG.sync.write(png);
}

/** A square scatter plot of [n, 2] points, axes scaled to the points' extent. */
export function scatterImage(points: Float32Array, size = 256): GridImage {
  const pixels = new Uint8Array(size * size * 3).fill(255);
  let lo = Infinity, hi = -Infinity;
  for (const v of points) if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  const span = hi > lo ? hi - lo : 1;
  const margin = 8;
  const px = (v: number) => Math.round(margin + ((v - lo) / span) * (size - 2 * margin - 1));
  for (let i = 0; i + 1 < points.length; i += 2) {
    const x = px(points[i]!), y = size - 1 - px(points[i + 1]!);
    for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
      const xx = x + dx, yy = y + dy;
      if (xx < 0 || yy < 0 || xx >= size || yy >= size) continue;
      const o = (yy * size + xx) * 3;
      pixels[o] = 30; pixels[o + 1] = 90; pixels[o + 2] = 200;
    }
  }
  return { width: size, height: size, channels: 3, pixels };
}

/** The picture of one preview frame, or null when it holds nothing drawable. */
export function frameImage(frame: PreviewFrame): GridImage | null {
  const image = frame.values.image;
  if (image && image.shape.length === 4) {
    const [n, h, w, c] = image.shape as [number, number, number, number];
    return tileGrid(image.data, n, h, w, c, { padding: 1 });
  }
  const points = frame.values.points;
  if (points) return scatterImage(points.data);
  return null;
}

export async function writeFramePng(frame: PreviewFrame, file: string): Promise<boolean> {
  const img = frameImage(frame);
  if (!img) return false;
  await writeFile(file, encodePng(img));
  return true;
}
