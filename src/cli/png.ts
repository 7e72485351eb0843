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

/** Half-width of the plotted square: the points' largest |coordinate|, rounded up to 1, 2 or 5 × 10^k. */
export function niceExtent(points: Float32Array): number {
  let m = 0;
  for (const v of points) if (Number.isFinite(v)) m = Math.max(m, Math.abs(v));
  if (m === 0) return 1;
  const p = 10 ** Math.floor(Math.log10(m));
  return ([1, 2, 2.5, 5, 10].find((k) => k * p >= m) ?? 10) * p;
}

/**
 * A square scatter plot of [n, 2] points centred on the origin, with axes and a tick at every unit
 * of the scale, so that plots of real and generated points at the same extent compare at a glance.
 */
export function scatterImage(points: Float32Array, size = 256): GridImage {
  const pixels = new Uint8Array(size * size * 3).fill(255);
  const extent = niceExtent(points);
  const margin = 8;
  const px = (v: number) => Math.round(margin + ((v + extent) / (2 * extent)) * (size - 2 * margin - 1));
  const paint = (x: number, y: number, rgb: [number, number, number]) => {
    if (x < 0 || y < 0 || x >= size || y >= size) return;
    pixels.set(rgb, (y * size + x) * 3);
  };
  const grey: [number, number, number] = [210, 210, 210];
  const o = px(0);
  for (let i = 0; i < size; i++) {
    paint(i, size - 1 - o, grey);
    paint(o, i, grey);
  }
  const tick = 10 ** Math.floor(Math.log10(extent));
  for (let t = -extent; t <= extent + 1e-9; t += tick) {
    for (let d = -2; d <= 2; d++) {
      paint(px(t), size - 1 - o + d, grey);
      paint(o + d, size - 1 - px(t), grey);
    }
  }
  for (let i = 0; i + 1 < points.length; i += 2) {
    const x = px(points[i]!), y = size - 1 - px(points[i + 1]!);
    for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) paint(x + dx, y + dy, [30, 90, 200]);
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
