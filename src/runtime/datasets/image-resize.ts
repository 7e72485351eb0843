// Turns one decoded picture (RGBA, any size) into one training sample: transparent pixels laid
// over white, centre-cropped to a square, resized by area averaging, then reduced to 1 channel
// (luminance) or kept as 3 (RGB). Pure: no DOM, no Node.
//
// Area averaging: each output pixel is the mean of the source pixels its square covers, each
// weighted by how much of it is covered (fractions at the edges). Shrinking a photo this way
// keeps fine detail from aliasing into noise; enlarging a small picture repeats its pixels
// (blocky, like nearest neighbour, with blended seams where a source pixel is split).

export interface RgbaImage {
  width: number;
  height: number;
  /** width × height × 4 bytes, row-major, non-premultiplied alpha */
  rgba: Uint8Array | Uint8ClampedArray;
}

/** ITU-R BT.601 luma weights: how bright red, green and blue look to the eye. */
export const LUMA = [0.299, 0.587, 0.114] as const;

/** The largest centred square: its top-left corner and side. */
export function centreSquare(width: number, height: number): { x: number; y: number; side: number } {
  const side = Math.min(width, height);
  return { x: Math.floor((width - side) / 2), y: Math.floor((height - side) / 2), side };
}

/**
 * For each of `to` output cells along one axis of `from` source cells: the source cells it covers
 * and the fraction of each (the fractions of one output cell sum to 1).
 */
export function areaWeights(from: number, to: number): { index: number; weight: number }[][] {
  const scale = from / to;
  return Array.from({ length: to }, (_, o) => {
    const start = o * scale;
    const end = (o + 1) * scale;
    const cells: { index: number; weight: number }[] = [];
    for (let i = Math.floor(start); i < Math.min(from, Math.ceil(end - 1e-9)); i++) {
      const overlap = Math.min(end, i + 1) - Math.max(start, i);
      if (overlap > 1e-12) cells.push({ index: i, weight: overlap / scale });
    }
    return cells;
  });
}

/** RGB (0..255 floats) of the square crop, alpha laid over white. */
function croppedRgb(img: RgbaImage): { side: number; rgb: Float32Array } {
  const { x, y, side } = centreSquare(img.width, img.height);
  const rgb = new Float32Array(side * side * 3);
  for (let r = 0; r < side; r++) {
    for (let c = 0; c < side; c++) {
      const at = ((y + r) * img.width + (x + c)) * 4;
      const a = img.rgba[at + 3]! / 255;
      for (let k = 0; k < 3; k++) rgb[(r * side + c) * 3 + k] = img.rgba[at + k]! * a + 255 * (1 - a);
    }
  }
  return { side, rgb };
}

/** Resizes a square RGB float image to `size` × `size` by area averaging (rows, then columns). */
function resizeSquare(rgb: Float32Array, side: number, size: number): Float32Array {
  const w = areaWeights(side, size);
  const rows = new Float32Array(size * side * 3); // size rows of `side` columns
  for (let o = 0; o < size; o++) {
    for (const { index, weight } of w[o]!) {
      for (let c = 0; c < side * 3; c++) rows[o * side * 3 + c]! += rgb[index * side * 3 + c]! * weight;
    }
  }
  const out = new Float32Array(size * size * 3);
  for (let r = 0; r < size; r++) {
    for (let o = 0; o < size; o++) {
      for (const { index, weight } of w[o]!) {
        for (let k = 0; k < 3; k++) out[(r * size + o) * 3 + k]! += rows[(r * side + index) * 3 + k]! * weight;
      }
    }
  }
  return out;
}

const byte = (v: number) => Math.max(0, Math.min(255, Math.round(v)));

/** One sample: size × size × channels uint8, row-major (HWC). */
export function toSample(img: RgbaImage, size: number, channels: 1 | 3): Uint8Array {
  const { side, rgb } = croppedRgb(img);
  const small = resizeSquare(rgb, side, size);
  const out = new Uint8Array(size * size * channels);
  for (let p = 0; p < size * size; p++) {
    const [r, g, b] = [small[p * 3]!, small[p * 3 + 1]!, small[p * 3 + 2]!];
    if (channels === 1) out[p] = byte(LUMA[0] * r + LUMA[1] * g + LUMA[2] * b);
    else out.set([byte(r), byte(g), byte(b)], p * 3);
  }
  return out;
}
