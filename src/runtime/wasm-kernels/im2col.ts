// A convolution's image as its explicit im2col matrix, and the way back, for inputs of few channels
// (an image's 1 or 3): there a tap holds only 1-7 values, too few for the GEMM engine's in-place
// im2col (it reloads four row pointers per tap), and the matrix is small (taps x channels values per
// output position). Pure functions over float32 arrays, NHWC.

/** The geometry of a convolution of x [batch, inH, inW, inC] giving [batch, outH, outW, .] with a fH x fW filter. */
export interface ConvGeometry {
  batch: number; inH: number; inW: number; inC: number; outH: number; outW: number; fH: number; fW: number;
  strideH: number; strideW: number; dilH: number; dilW: number; padT: number; padL: number;
}

/** columns of the im2col matrix: one per (tap, channel), in the filter's [fH, fW, inC] order */
export const im2colWidth = (g: ConvGeometry): number => g.fH * g.fW * g.inC;

// the tables of the geometries seen last (a training step meets the same few every iteration), up
// to this many offsets in all (64 MB)
const tables = new Map<string, Int32Array>();
const KEPT_OFFSETS = 16 << 20;
let keptOffsets = 0;

/**
 * Where each (output position, tap) of the im2col matrix reads in the image, in the matrix's
 * order: the offset of its inC values in x, or -1 where the tap is in the padding.
 */
export function tapSources(g: ConvGeometry): Int32Array {
  const key = JSON.stringify(g);
  const kept = tables.get(key);
  if (kept) return kept;
  const table = new Int32Array(g.batch * g.outH * g.outW * g.fH * g.fW);
  let t = 0;
  for (let b = 0; b < g.batch; b++) {
    for (let oy = 0; oy < g.outH; oy++) {
      for (let ox = 0; ox < g.outW; ox++) {
        for (let ky = 0; ky < g.fH; ky++) {
          const iy = oy * g.strideH + ky * g.dilH - g.padT;
          for (let kx = 0; kx < g.fW; kx++) {
            const ix = ox * g.strideW + kx * g.dilW - g.padL;
            table[t++] = iy < 0 || iy >= g.inH || ix < 0 || ix >= g.inW ? -1 : ((b * g.inH + iy) * g.inW + ix) * g.inC;
          }
        }
      }
    }
  }
  for (const [k, t] of tables) {
    if (keptOffsets + table.length <= KEPT_OFFSETS) break;
    tables.delete(k);
    keptOffsets -= t.length;
  }
  if (table.length <= KEPT_OFFSETS) {
    tables.set(key, table);
    keptOffsets += table.length;
  }
  return table;
}

/**
 * cols [batch * outH * outW, fH * fW * inC] from x: row p = (b, oy, ox) holds the values the
 * filter meets at that output position, zero where a tap falls in the padding.
 */
export function im2col(x: Float32Array, g: ConvGeometry, cols: Float32Array): void {
  const sources = tapSources(g);
  const n = g.inC;
  for (let t = 0, at = 0; t < sources.length; t++, at += n) {
    const from = sources[t]!;
    if (from < 0) for (let c = 0; c < n; c++) cols[at + c] = 0;
    else for (let c = 0; c < n; c++) cols[at + c] = x[from + c]!;
  }
}

/** The adjoint of im2col: x = 0, then each value of cols added where im2col read it from (taps in the padding dropped). */
export function col2im(cols: Float32Array, g: ConvGeometry, x: Float32Array): void {
  x.fill(0);
  const sources = tapSources(g);
  const n = g.inC;
  for (let t = 0, at = 0; t < sources.length; t++, at += n) {
    const from = sources[t]!;
    if (from >= 0) for (let c = 0; c < n; c++) x[from + c] = x[from + c]! + cols[at + c]!;
  }
}
