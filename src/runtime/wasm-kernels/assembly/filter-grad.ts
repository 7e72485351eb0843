// The filter gradient of a convolution read in place from x and dy (NHWC, no transposes):
//   dw[ky, kx, c, o] = sum over positions p = (b, oy, ox) of x[b, oy*sh + ky - pt, ox*sw + kx - pl, c] dy[p, o]
// Blocks of 8 input channels x 4 output channels stay in eight registers: per position, two loads
// of x's 8 channels and four broadcasts of dy's 4 values feed eight multiply-adds. The positions
// are taken in chunks (x's and dy's rows of a chunk stay in the core's cache while every block
// passes over them); one table per chunk and tap holds each position's x address (a row of zeros
// where the tap falls in the padding). The threads take disjoint ranges of (tap, 8 channels)
// units, so each writes rows of dw of its own; dw starts at zero (the caller clears it).
// Takes ci a multiple of 8 and co a multiple of 4 (the caller falls back otherwise).
import { MADD } from './madd';
import { word } from './job';

// ── the job: i32 words (src/runtime/wasm-kernels/gemm.ts FILTER_GRAD_FIELDS writes them); word 0 is KIND = 2 ──
const X = 1;
const DY = 2;
const DW = 3;
const BATCH = 4;
const H = 5;
const W = 6;
const CI = 7;
const OH = 8;
const OW = 9;
const CO = 10;
const KH = 11;
const KW = 12;
const SH = 13;
const SW = 14;
const PT = 15;
const PL = 16;
const ZEROS = 17;
const SCRATCH = 18;
const SCRATCH_BYTES = 19;
// positions per chunk (each thread's scratch holds this many i32 addresses)
const CHUNK = 20;

/** adds the four lanes of v to four values `stride` bytes apart from `at` */
@inline function addLanes(at: usize, stride: usize, v: v128): void {
  store<f32>(at, load<f32>(at) + f32x4.extract_lane(v, 0));
  store<f32>(at + stride, load<f32>(at + stride) + f32x4.extract_lane(v, 1));
  store<f32>(at + 2 * stride, load<f32>(at + 2 * stride) + f32x4.extract_lane(v, 2));
  store<f32>(at + 3 * stride, load<f32>(at + 3 * stride) + f32x4.extract_lane(v, 3));
}

export function filterGradJob(job: usize, t: i32, threads: i32): void {
  const ci = word(job, CI), co = word(job, CO), kw = word(job, KW);
  const cBlocks = ci >> 3;
  const units = word(job, KH) * kw * cBlocks;
  const u0 = (units * t) / threads, u1 = (units * (t + 1)) / threads;
  if (u0 >= u1) return;
  const x = word(job, X), dy = <usize>word(job, DY), dw = <usize>word(job, DW), zeros = word(job, ZEROS);
  const h = word(job, H), w = word(job, W), oh = word(job, OH), ow = word(job, OW);
  const sh = word(job, SH), sw = word(job, SW), pt = word(job, PT), pl = word(job, PL);
  const table = <usize>word(job, SCRATCH) + <usize>(t * word(job, SCRATCH_BYTES));
  const positions = word(job, BATCH) * oh * ow;
  const rowBytes = <usize>co << 2;
  const chunk = word(job, CHUNK);
  for (let p0 = 0; p0 < positions; p0 += chunk) {
    const pc = min(chunk, positions - p0);
    let tableTap = -1;
    for (let u = u0; u < u1; u++) {
      const tap = u / cBlocks, cb = u % cBlocks;
      if (tap != tableTap) {
        tableTap = tap;
        const ky = tap / kw, kx = tap % kw;
        let ox = p0 % ow, oy = (p0 / ow) % oh, b = p0 / (ow * oh);
        for (let p = 0; p < pc; p++) {
          const iy = oy * sh + ky - pt, ix = ox * sw + kx - pl;
          const inside = iy >= 0 && iy < h && ix >= 0 && ix < w;
          store<i32>(table + (<usize>p << 2), inside ? x + ((((b * h + iy) * w + ix) * ci) << 2) : zeros);
          if (++ox == ow) {
            ox = 0;
            if (++oy == oh) {
              oy = 0;
              b++;
            }
          }
        }
      }
      const cOff = <usize>(cb << 5);
      const dwRows = dw + (<usize>((tap * ci + cb * 8) * co) << 2);
      for (let o0 = 0; o0 < co; o0 += 4) {
        let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
        let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
        let d = dy + (<usize>(p0 * co + o0) << 2);
        for (let p = 0; p < pc; p++) {
          const px = <usize>load<i32>(table + (<usize>p << 2)) + cOff;
          const a0 = v128.load(px), a1 = v128.load(px, 16);
          let b = v128.load32_splat(d);
          c00 = MADD(a0, b, c00); c01 = MADD(a1, b, c01);
          b = v128.load32_splat(d, 4);
          c10 = MADD(a0, b, c10); c11 = MADD(a1, b, c11);
          b = v128.load32_splat(d, 8);
          c20 = MADD(a0, b, c20); c21 = MADD(a1, b, c21);
          b = v128.load32_splat(d, 12);
          c30 = MADD(a0, b, c30); c31 = MADD(a1, b, c31);
          d += rowBytes;
        }
        // cj0 holds channels 0-3 of the block at output o0 + j, cj1 channels 4-7
        const col = dwRows + (<usize>o0 << 2);
        const half = rowBytes << 2;
        addLanes(col, rowBytes, c00); addLanes(col + half, rowBytes, c01);
        addLanes(col + 4, rowBytes, c10); addLanes(col + 4 + half, rowBytes, c11);
        addLanes(col + 8, rowBytes, c20); addLanes(col + 8 + half, rowBytes, c21);
        addLanes(col + 12, rowBytes, c30); addLanes(col + 12 + half, rowBytes, c31);
      }
    }
  }
}
