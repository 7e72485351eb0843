// Small PNGs for the docs: screenshots re-encoded with a palette of at most 256 colours (median
// cut over the image's own colours), at the strongest deflate. A UI is mostly flat colour, so the
// palette is hardly visible and the files come out several times smaller than Chromium's.
import { deflateSync } from 'node:zlib';

type Rgb = [number, number, number];

interface Box {
  /** distinct colours (as 0xRRGGBB) and how many pixels have each */
  colours: number[];
  counts: number[];
}

const channel = (c: number, ch: number) => (c >> (16 - 8 * ch)) & 255;

function widestChannel(b: Box): { ch: number; range: number } {
  let best = { ch: 0, range: -1 };
  for (let ch = 0; ch < 3; ch++) {
    let lo = 255, hi = 0;
    for (const c of b.colours) {
      const v = channel(c, ch);
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (hi - lo > best.range) best = { ch, range: hi - lo };
  }
  return best;
}

/** Splits the box at the weighted median of its widest channel. */
function split(b: Box): [Box, Box] {
  const { ch } = widestChannel(b);
  const order = b.colours.map((_, i) => i).sort((x, y) => channel(b.colours[x]!, ch) - channel(b.colours[y]!, ch));
  const total = b.counts.reduce((s, n) => s + n, 0);
  let acc = 0;
  let cut = 1;
  for (let k = 0; k < order.length - 1; k++) {
    acc += b.counts[order[k]!]!;
    cut = k + 1;
    if (acc >= total / 2) break;
  }
  const pick = (idx: number[]): Box => ({ colours: idx.map((i) => b.colours[i]!), counts: idx.map((i) => b.counts[i]!) });
  return [pick(order.slice(0, cut)), pick(order.slice(cut))];
}

function mean(b: Box): Rgb {
  const sum = [0, 0, 0];
  let n = 0;
  b.colours.forEach((c, i) => {
    const w = b.counts[i]!;
    for (let ch = 0; ch < 3; ch++) sum[ch]! += channel(c, ch) * w;
    n += w;
  });
  return [Math.round(sum[0]! / n), Math.round(sum[1]! / n), Math.round(sum[2]! / n)];
}

/** A palette of at most `size` colours for the opaque RGBA pixels. */
export function palette(rgba: Uint8Array, size = 256): Rgb[] {
  const hist = new Map<number, number>();
  for (let i = 0; i < rgba.length; i += 4) {
    const c = (rgba[i]! << 16) | (rgba[i + 1]! << 8) | rgba[i + 2]!;
    hist.set(c, (hist.get(c) ?? 0) + 1);
  }
  const boxes: Box[] = [{ colours: [...hist.keys()], counts: [...hist.values()] }];
  while (boxes.length < size) {
    // split the box with the most pixels that still has more than one colour
    let at = -1;
    let most = 0;
    boxes.forEach((b, i) => {
      const px = b.counts.reduce((s, n) => s + n, 0);
      if (b.colours.length > 1 && px > most) {
        most = px;
        at = i;
      }
    });
    if (at < 0) break;
    boxes.splice(at, 1, ...split(boxes[at]!));
  }
  return boxes.map(mean);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 255]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** An 8-bit palette PNG of opaque RGBA pixels (alpha is ignored). */
export function encodePng8(width: number, height: number, rgba: Uint8Array): Buffer {
  const colours = palette(rgba);
  const nearest = new Map<number, number>();
  const indexOf = (r: number, g: number, b: number) => {
    const key = (r << 16) | (g << 8) | b;
    let best = nearest.get(key);
    if (best !== undefined) return best;
    let dist = Infinity;
    best = 0;
    colours.forEach(([pr, pg, pb], i) => {
      const d = (r - pr) ** 2 + (g - pg) ** 2 + (b - pb) ** 2;
      if (d < dist) {
        dist = d;
        best = i;
      }
    });
    nearest.set(key, best);
    return best;
  };
  // each row: filter type 0 (none), then one palette index per pixel
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      raw[y * (width + 1) + 1 + x] = indexOf(rgba[i]!, rgba[i + 1]!, rgba[i + 2]!);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 3, 0, 0, 0], 8); // 8 bits, palette, deflate, adaptive filtering, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('PLTE', Buffer.from(colours.flat())),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
