// Tiles a batch of images into one picture, for PNG previews and the dashboard. Pure: plain arrays in,
// 8-bit pixels out.

export interface GridImage {
  width: number;
  height: number;
  /** 1 (grey) or 3 (RGB), as the input had */
  channels: number;
  /** row-major HWC, 0..255 */
  pixels: Uint8Array;
}

export interface GridOptions {
  /** images per row; default: the smallest that makes the grid about square */
  columns?: number;
  /** gap between tiles and around the edge, in pixels */
  padding?: 1 | 2;
  /** gap colour, in [0, 1] */
  background?: number;
}

/**
 * n images of h x w x c, NHWC, values in [0, 1] (clamped; NaN shows as 0), laid out left to right,
 * top to bottom, with a `padding`-pixel gap between and around them.
 */
export function tileGrid(images: Float32Array, n: number, h: number, w: number, c: number, opts: GridOptions = {}): GridImage {
  for (const [name, value] of [['n', n], ['h', h], ['w', w]] as const) {
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`tileGrid: ${name} must be a whole number >= 1, got ${value}`);
  }
  if (c !== 1 && c !== 3) throw new RangeError(`tileGrid: images need 1 or 3 channels, got ${c}`);
  if (images.length !== n * h * w * c) {
    throw new RangeError(`tileGrid: expected ${n}x${h}x${w}x${c} = ${n * h * w * c} values, got ${images.length}`);
  }
  const columns = Math.min(n, opts.columns ?? Math.ceil(Math.sqrt(n)));
  if (!Number.isInteger(columns) || columns < 1) throw new RangeError(`tileGrid: columns must be a whole number >= 1, got ${opts.columns}`);
  const rows = Math.ceil(n / columns);
  const pad = opts.padding ?? 1;
  const width = columns * w + (columns + 1) * pad;
  const height = rows * h + (rows + 1) * pad;
  const pixels = new Uint8Array(width * height * c).fill(toByte(opts.background ?? 0));
  for (let i = 0; i < n; i++) {
    const x0 = pad + (i % columns) * (w + pad);
    const y0 = pad + Math.floor(i / columns) * (h + pad);
    for (let y = 0; y < h; y++) {
      const src = ((i * h + y) * w) * c;
      const dst = ((y0 + y) * width + x0) * c;
      for (let k = 0; k < w * c; k++) pixels[dst + k] = toByte(images[src + k] ?? 0);
    }
  }
  return { width, height, channels: c, pixels };
}

function toByte(v: number): number {
  // NaN fails both comparisons and lands on 0, so a diverged sample shows black instead of throwing
  const clamped = v > 1 ? 1 : v > 0 ? v : 0;
  return Math.round(clamped * 255);
}
