// Matrix products and convolutions as one GEMM engine: C[M, N] = A[M, K] B[K, N], with B packed in
// panels of 8 columns ([ceil(N / 8)][K][8], zero padded) and A read in place through four row
// pointers (a plain strided matrix, or an image read as its im2col matrix through a table of
// pointers, one per filter tap, that point at a row of zeros where the tap falls in the padding).
// Blocks of 4 rows x 8 columns stay in eight registers; with relaxed SIMD each multiply-add is
// one fused instruction (MADD below is f32x4.relaxed_madd in that build, mul + add otherwise).
// The thread pool (pool.ts) runs jobs.ts run(job, t, T) on every thread: each takes its share of the work.
import { at } from './simd';
import { MADD } from './madd';
import { word } from './job';

// ── the job: i32 words at `job`, in this order (src/runtime/wasm-kernels/gemm.ts writes them) ──
// KIND: 0 A a strided matrix, 1 A the im2col matrix of an image
// M N K; A_PTR A_ROW_STRIDE A_COL_STRIDE (elements); B_PACKED; C_PTR C_ROW_STRIDE
// im2col geometry (kind 1): the image IN_H IN_W IN_C, the output grid OUT_H OUT_W, the filter
//   F_H F_W, STRIDE_H STRIDE_W, DIL_H DIL_W, PAD_T PAD_L
// C_MODE 0: rows C_ROW_STRIDE apart; 1: row i = (n, y, x) of the grid OUT_H x OUT_W goes to
//   (n, y * C_STEP_H + C_OFF_H, x * C_STEP_W + C_OFF_W) of an image [., C_H, C_W, N] (a phase of
//   an input gradient)
// SCRATCH SCRATCH_BYTES: thread t's scratch at SCRATCH + t * SCRATCH_BYTES; ZEROS: IN_C zeros
// BATCH A_BATCH_STRIDE B_BATCH_STRIDE C_BATCH_STRIDE (kind 0): that many products, A, packed B
//   and C that many elements apart (0: one A or B for all)
const KIND = 0;
const M = 1;
const N = 2;
const K = 3;
const A_PTR = 4;
const A_ROW_STRIDE = 5;
const A_COL_STRIDE = 6;
const B_PACKED = 7;
const C_PTR = 8;
const C_ROW_STRIDE = 9;
const IN_H = 10;
const IN_W = 11;
const IN_C = 12;
const OUT_H = 13;
const OUT_W = 14;
const F_H = 15;
const F_W = 16;
const STRIDE_H = 17;
const STRIDE_W = 18;
const DIL_H = 19;
const DIL_W = 20;
const PAD_T = 21;
const PAD_L = 22;
const C_MODE = 23;
const C_H = 24;
const C_W = 25;
const C_STEP_H = 26;
const C_STEP_W = 27;
const C_OFF_H = 28;
const C_OFF_W = 29;
const SCRATCH = 30;
const SCRATCH_BYTES = 31;
const ZEROS = 32;
const BATCH = 33;
const A_BATCH_STRIDE = 34;
const B_BATCH_STRIDE = 35;
const C_BATCH_STRIDE = 36;

const PANEL_ROWS = 4;

/** stores rows [0, rows) and columns [0, cols) of a 4x8 block whose row r starts at rowAt[r] */
@inline function store48(rowAt: usize, rows: i32, cols: i32, c00: v128, c01: v128, c10: v128, c11: v128, c20: v128, c21: v128, c30: v128, c31: v128, tmp: usize, add: bool): void {
  v128.store(tmp, c00); v128.store(tmp + 16, c01); v128.store(tmp + 32, c10); v128.store(tmp + 48, c11);
  v128.store(tmp + 64, c20); v128.store(tmp + 80, c21); v128.store(tmp + 96, c30); v128.store(tmp + 112, c31);
  for (let r = 0; r < rows; r++) {
    const dst = <usize>load<i32>(rowAt + (<usize>r << 2));
    const src = tmp + (<usize>(r * 8) << 2);
    if (cols == 8) {
      v128.store(dst, add ? f32x4.add(v128.load(dst), v128.load(src)) : v128.load(src));
      v128.store(dst + 16, add ? f32x4.add(v128.load(dst + 16), v128.load(src + 16)) : v128.load(src + 16));
    } else {
      for (let j = 0; j < cols; j++) {
        const d = dst + (<usize>j << 2);
        const v = load<f32>(src + (<usize>j << 2));
        store<f32>(d, add ? load<f32>(d) + v : v);
      }
    }
  }
}

/**
 * One 4-row panel of C against every column block, A through four row pointers stepping `aStep`
 * bytes per k, over taps: `taps` groups of `run` values of k each, the row pointers of group g at
 * ptrs + g * 16 (one tap of an im2col matrix, or a single group for a plain matrix). Four rows, not
 * six: with twelve accumulators V8 runs out of SIMD registers and spills (measured: half the speed).
 */
function panel(taps: i32, run: i32, ptrs: usize, aStep: usize, nBlocks: i32, n: i32, kAll: i32, bPacked: usize, rowAt: usize, rows: i32, tmp: usize, add: bool): void {
  for (let jb = 0; jb < nBlocks; jb++) panelBlock(jb, taps, run, ptrs, aStep, n, kAll, bPacked, rowAt, rows, tmp, add);
}

/** panel() for the column block jb alone; bPacked points at the first k of the taps, kAll is B's full K */
function panelBlock(jb: i32, taps: i32, run: i32, ptrs: usize, aStep: usize, n: i32, kAll: i32, bPacked: usize, rowAt: usize, rows: i32, tmp: usize, add: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  let pb = bPacked + (<usize>(jb * kAll) << 5);
  for (let g = 0; g < taps; g++) {
    const pt = ptrs + <usize>(g * 16);
    let p0 = <usize>load<i32>(pt), p1 = <usize>load<i32>(pt + 4), p2 = <usize>load<i32>(pt + 8), p3 = <usize>load<i32>(pt + 12);
    for (let k = 0; k < run; k++) {
      const b0 = v128.load(pb), b1 = v128.load(pb + 16);
      let a = v128.load32_splat(p0);
      c00 = MADD(a, b0, c00); c01 = MADD(a, b1, c01);
      a = v128.load32_splat(p1);
      c10 = MADD(a, b0, c10); c11 = MADD(a, b1, c11);
      a = v128.load32_splat(p2);
      c20 = MADD(a, b0, c20); c21 = MADD(a, b1, c21);
      a = v128.load32_splat(p3);
      c30 = MADD(a, b0, c30); c31 = MADD(a, b1, c31);
      p0 += aStep; p1 += aStep; p2 += aStep; p3 += aStep;
      pb += 32;
    }
  }
  // the block's column offset, on each row's address
  const cols = min(8, n - jb * 8);
  for (let r = 0; r < rows; r++) store<i32>(rowAt + 16 + (<usize>r << 2), load<i32>(rowAt + (<usize>r << 2)) + jb * 32);
  store48(rowAt + 16, rows, cols, c00, c01, c10, c11, c20, c21, c30, c31, tmp, add);
}

/**
 * B packed for panel(): dst[jb][k][8] = src[base + k1 * s1 + k2 * s2 + k3 * s3 + (jb * 8 + j) * sn]
 * for k = (k1, k2, k3) in order (sizes n1 x n2 x n3; strides in elements, any sign), zero past n.
 * A matrix is n1 = n2 = 1; a filter [kh, kw, in, out] is k = (ky, kx, in); the taps of a phase of
 * an input gradient run backwards.
 */
export function packB(n1: i32, n2: i32, n3: i32, s1: i32, s2: i32, s3: i32, n: i32, sn: i32, base: usize, dst: usize): void {
  const blocks = (n + 7) >> 3;
  const k = n1 * n2 * n3;
  for (let jb = 0; jb < blocks; jb++) {
    let d = dst + (<usize>(jb * k * 8) << 2);
    for (let a = 0; a < n1; a++) {
      for (let b = 0; b < n2; b++) {
        for (let c = 0; c < n3; c++) {
          const row = a * s1 + b * s2 + c * s3;
          for (let j = 0; j < 8; j++) {
            const col = jb * 8 + j;
            store<f32>(d + (<usize>j << 2), col < n ? load<f32>(base + (<usize>(row + col * sn) << 2)) : 0);
          }
          d += 32;
        }
      }
    }
  }
}

/** The row addresses of C for rows i0 .. i0 + rows - 1 (at rowAt, four i32). */
@inline function cRows(job: usize, i0: i32, rows: i32, rowAt: usize): void {
  const c = word(job, C_PTR);
  const mode = word(job, C_MODE);
  const n = word(job, N);
  for (let r = 0; r < rows; r++) {
    const i = i0 + r;
    let off: i32;
    if (mode == 0) off = i * word(job, C_ROW_STRIDE);
    else {
      const oh = word(job, OUT_H), ow = word(job, OUT_W);
      const x = i % ow, y = (i / ow) % oh, b = i / (ow * oh);
      off = ((b * word(job, C_H) + y * word(job, C_STEP_H) + word(job, C_OFF_H)) * word(job, C_W) + x * word(job, C_STEP_W) + word(job, C_OFF_W)) * n;
    }
    store<i32>(rowAt + (<usize>r << 2), c + (off << 2));
  }
}

// K is taken in chunks of about this many values, so that B's chunk (all its column blocks) stays
// in the core's cache while the panels stream past it
const K_CHUNK = 256;

/** kinds 0 and 1: the threads take contiguous ranges of 4-row panels of C */
export function rowsJob(job: usize, t: i32, threads: i32): void {
  const m = word(job, M), n = word(job, N), kAll = word(job, K);
  const panels = (m + PANEL_ROWS - 1) / PANEL_ROWS;
  const first = (panels * t) / threads, last = (panels * (t + 1)) / threads;
  const scratch = <usize>word(job, SCRATCH) + <usize>(t * word(job, SCRATCH_BYTES));
  const tmp = scratch; // 128 bytes for a block
  const rowAt = scratch + 192; // 8 i32
  const ptrs = scratch + 256; // 4 pointers per tap
  const nBlocks = (n + 7) >> 3;
  const bPacked = <usize>word(job, B_PACKED);
  const kind = word(job, KIND);
  if (kind == 0) {
    const a = word(job, A_PTR), rs = word(job, A_ROW_STRIDE), cs = word(job, A_COL_STRIDE);
    // a batch of products shares the threads: they take ranges of (product, panel) pairs
    const batch = max(1, word(job, BATCH));
    const aBatch = word(job, A_BATCH_STRIDE), bBatch = word(job, B_BATCH_STRIDE), cBatch = word(job, C_BATCH_STRIDE);
    const pairFirst = (panels * batch * t) / threads, pairLast = (panels * batch * (t + 1)) / threads;
    for (let k0 = 0; k0 < kAll; k0 += K_CHUNK) {
      const kc = min(K_CHUNK, kAll - k0);
      for (let q = pairFirst; q < pairLast; q++) {
        const product = q / panels, p = q % panels;
        const i0 = p * PANEL_ROWS;
        const rows = min(PANEL_ROWS, m - i0);
        cRows(job, i0, rows, rowAt);
        for (let r = 0; r < rows; r++) store<i32>(rowAt + (<usize>r << 2), load<i32>(rowAt + (<usize>r << 2)) + ((product * cBatch) << 2));
        // rows past m read row i0 again (their results are not stored)
        const ab = a + ((product * aBatch) << 2);
        for (let r = 0; r < PANEL_ROWS; r++) store<i32>(ptrs + (<usize>r << 2), ab + ((((i0 + min(r, rows - 1)) * rs) + k0 * cs) << 2));
        panel(1, kc, ptrs, <usize>cs << 2, nBlocks, n, kAll, bPacked + (<usize>(product * bBatch) << 2) + (<usize>k0 << 5), rowAt, rows, tmp, k0 > 0);
      }
    }
    return;
  }
  const h = word(job, IN_H), w = word(job, IN_W), ci = word(job, IN_C);
  const oh = word(job, OUT_H), ow = word(job, OUT_W), fh = word(job, F_H), fw = word(job, F_W);
  const sh = word(job, STRIDE_H), sw = word(job, STRIDE_W), dh = word(job, DIL_H), dw = word(job, DIL_W);
  const pt = word(job, PAD_T), pl = word(job, PAD_L), zeros = word(job, ZEROS), x = word(job, A_PTR);
  const taps = fh * fw;
  const tapsPerChunk = max(1, K_CHUNK / ci);
  for (let t0 = 0; t0 < taps; t0 += tapsPerChunk) {
    const tc = min(tapsPerChunk, taps - t0);
    // the chunk's first tap; the taps after it are stepped to, not divided out (a division per tap
    // and row cost as much as a third of the multiply-adds at 32 channels)
    const ky0 = t0 / fw, kx0 = t0 % fw;
    for (let p = first; p < last; p++) {
      const i0 = p * PANEL_ROWS;
      const rows = min(PANEL_ROWS, m - i0);
      cRows(job, i0, rows, rowAt);
      for (let r = 0; r < PANEL_ROWS; r++) {
        const i = i0 + min(r, rows - 1);
        const ox = i % ow, oy = (i / ow) % oh, b = i / (ow * oh);
        const y0 = oy * sh - pt, x0 = ox * sw - pl, image = b * h;
        let ky = ky0, kx = kx0;
        for (let g = 0; g < tc; g++) {
          const iy = y0 + ky * dh, ix = x0 + kx * dw;
          const inside = iy >= 0 && iy < h && ix >= 0 && ix < w;
          store<i32>(ptrs + <usize>(g * 16 + r * 4), inside ? x + ((((image + iy) * w) + ix) * ci << 2) : zeros);
          if (++kx == fw) {
            kx = 0;
            ky++;
          }
        }
      }
      panel(tc, ci, ptrs, 4, nBlocks, n, kAll, bPacked + (<usize>(t0 * ci) << 5), rowAt, rows, tmp, t0 > 0);
    }
  }
}
