// The GEMM engine (assembly/gemm.ts) as convolutions, their gradients and matrix products, on
// tfjs's wasm tensors in place, split over the kernel threads (pool.ts). The job is a block of i32
// words in the order assembly/gemm.ts reads them.
import type * as TF from '@tensorflow/tfjs';
import type { KernelContext } from './context';
import { inputGradPhases } from '../kernels/conv-plan';

type Info = TF.TensorInfo;

const FIELDS = [
  'KIND', 'M', 'N', 'K', 'A_PTR', 'A_ROW_STRIDE', 'A_COL_STRIDE', 'B_PACKED', 'C_PTR', 'C_ROW_STRIDE',
  'IN_H', 'IN_W', 'IN_C', 'OUT_H', 'OUT_W', 'F_H', 'F_W', 'STRIDE_H', 'STRIDE_W', 'DIL_H', 'DIL_W', 'PAD_T', 'PAD_L',
  'C_MODE', 'C_H', 'C_W', 'C_STEP_H', 'C_STEP_W', 'C_OFF_H', 'C_OFF_W', 'SCRATCH', 'SCRATCH_BYTES', 'ZEROS',
  'BATCH', 'A_BATCH_STRIDE', 'B_BATCH_STRIDE', 'C_BATCH_STRIDE',
] as const;
type Field = (typeof FIELDS)[number];
type Job = Partial<Record<Field, number>>;

/** the words of a filter-gradient job (KIND 2), in the order assembly/filter-grad.ts reads them */
const FILTER_GRAD_FIELDS = [
  'KIND', 'X', 'DY', 'DW', 'BATCH', 'H', 'W', 'CI', 'OH', 'OW', 'CO', 'KH', 'KW', 'SH', 'SW', 'PT', 'PL', 'ZEROS', 'SCRATCH', 'SCRATCH_BYTES', 'CHUNK',
] as const;
type FilterGradJob = Partial<Record<(typeof FILTER_GRAD_FIELDS)[number], number>>;
/** positions per chunk of a filter-gradient job: x's and dy's rows of a chunk stay in the core's cache */
const FILTER_GRAD_CHUNK = 128;

/** the image geometry of an im2col (a convolution's input, output grid and filter) */
export interface Geometry {
  inH: number; inW: number; inC: number; outH: number; outW: number; fH: number; fW: number;
  strideH: number; strideW: number; dilH: number; dilW: number; padT: number; padL: number;
}

const geometryFields = (g: Geometry): Job => ({
  IN_H: g.inH, IN_W: g.inW, IN_C: g.inC, OUT_H: g.outH, OUT_W: g.outW, F_H: g.fH, F_W: g.fW,
  STRIDE_H: g.strideH, STRIDE_W: g.strideW, DIL_H: g.dilH, DIL_W: g.dilW, PAD_T: g.padT, PAD_L: g.padL,
});

export class Gemm {
  constructor(private readonly c: KernelContext) {}

  private zeros(n: number): number {
    const at = this.c.scratch(n);
    new Float32Array(this.c.memory.buffer, at, Math.max(1, n)).fill(0);
    return at;
  }

  /**
   * Runs a GEMM job; each thread gets `scratchBytesPerThread` of scratch (assembly/gemm.ts: a
   * 128-byte block, 8 row addresses at 192, row pointers from 256).
   */
  private run(job: Job, scratchBytesPerThread: number): void {
    this.c.runJob(FIELDS, job, scratchBytesPerThread);
  }

  /** B packed: k = (k1, k2, k3) with sizes n1 n2 n3 and strides s1 s2 s3, n columns sn apart (elements, from `base`); `room`: floats to reserve. */
  packB(base: number, n1: number, n2: number, n3: number, s1: number, s2: number, s3: number, n: number, sn: number, room?: number): number {
    const k = n1 * n2 * n3;
    const dst = this.c.scratch((room ?? Math.ceil(n / 8) * 8 * k) + 4);
    const aligned = Math.ceil(dst / 16) * 16;
    this.c.k.packB(n1, n2, n3, s1, s2, s3, n, sn, base, aligned);
    return aligned;
  }

  /**
   * out[i][m, n] = a[i][m, k] b[i][k, n] for i < batch, a and b strided (elements), the i-th a and b
   * aBatch and bBatch elements apart (0: the same for all), out row-major and contiguous.
   */
  matmul(batch: number, m: number, n: number, k: number, a: number, aRowStride: number, aColStride: number, aBatch: number,
    b: number, bRowStride: number, bColStride: number, bBatch: number, out: number): void {
    const packedSize = Math.ceil(n / 8) * 8 * k;
    const distinct = bBatch === 0 ? 1 : batch;
    const first = this.packB(b, 1, 1, k, 0, 0, bRowStride, n, bColStride, distinct * packedSize);
    for (let i = 1; i < distinct; i++) this.c.k.packB(1, 1, k, 0, 0, bRowStride, n, bColStride, b + 4 * i * bBatch, first + 4 * i * packedSize);
    this.run({
      KIND: 0, M: m, N: n, K: k, A_PTR: a, A_ROW_STRIDE: aRowStride, A_COL_STRIDE: aColStride, B_PACKED: first, C_PTR: out, C_ROW_STRIDE: n,
      BATCH: batch, A_BATCH_STRIDE: aBatch, B_BATCH_STRIDE: bBatch === 0 ? 0 : packedSize, C_BATCH_STRIDE: m * n,
    }, 256 + 16);
  }

  /** out [batch, outH, outW, co] = the convolution of x [batch, inH, inW, inC] with filter [fH, fW, inC, co] (NHWC). */
  conv2d(x: number, filter: number, batch: number, co: number, g: Geometry, out: number): void {
    const packed = this.packB(filter, g.fH, g.fW, g.inC, g.fW * g.inC * co, g.inC * co, co, co, 1);
    this.run({
      KIND: 1, M: batch * g.outH * g.outW, N: co, K: g.fH * g.fW * g.inC, A_PTR: x, B_PACKED: packed, C_PTR: out, C_ROW_STRIDE: co,
      ZEROS: this.zeros(g.inC), ...geometryFields(g),
    }, 256 + g.fH * g.fW * 16);
  }

  /** Whether conv2dFilterGrad takes these channel counts (its blocks are 8 inputs x 4 outputs). */
  static takesFilterGrad(inC: number, outC: number): boolean {
    return inC % 8 === 0 && outC % 4 === 0;
  }

  /**
   * dw [kh, kw, ci, co] of a convolution of x [batch, h, w, ci] giving dy [batch, oh, ow, co] (NHWC,
   * no dilation), read in place (assembly/filter-grad.ts); ci a multiple of 8, co of 4.
   */
  conv2dFilterGrad(x: number, dy: number, info: TF.backend_util.Conv2DInfo, dw: number): void {
    const { filterHeight: kh, filterWidth: kw, inChannels: ci, outChannels: co } = info;
    new Float32Array(this.c.memory.buffer, dw, kh * kw * ci * co).fill(0);
    const job: FilterGradJob = {
      KIND: 2, X: x, DY: dy, DW: dw, BATCH: info.batchSize, H: info.inHeight, W: info.inWidth, CI: ci, OH: info.outHeight, OW: info.outWidth,
      CO: co, KH: kh, KW: kw, SH: info.strideHeight, SW: info.strideWidth, PT: info.padInfo.top, PL: info.padInfo.left, ZEROS: this.zeros(ci), CHUNK: FILTER_GRAD_CHUNK,
    };
    this.c.runJob(FILTER_GRAD_FIELDS, job, 4 * FILTER_GRAD_CHUNK);
  }

  /**
   * dx [batch, h, w, ci] of a convolution with filter [kh, kw, ci, co], from dy [batch, oh, ow, co]:
   * one job per output phase (conv-plan.ts), each an im2col of dy with the phase's taps, written
   * in place into dx's rows of that phase.
   */
  conv2dInputGrad(dy: number, filter: number, batch: number, info: TF.backend_util.Conv2DInfo, dx: number): void {
    const { inHeight: h, inWidth: w, inChannels: ci, outHeight: oh, outWidth: ow, outChannels: co, strideHeight: sh, strideWidth: sw, filterHeight: kh, filterWidth: kw } = info;
    const rows = inputGradPhases(h, oh, kh, sh, info.padInfo.top);
    const cols = inputGradPhases(w, ow, kw, sw, info.padInfo.left);
    if (rows.some((p) => !p.taps.length) || cols.some((p) => !p.taps.length) || rows.length < sh || cols.length < sw) {
      new Float32Array(this.c.memory.buffer, dx, batch * h * w * ci).fill(0);
    }
    const zeros = this.zeros(co);
    for (const py of rows) {
      for (const px of cols) {
        if (!py.taps.length || !px.taps.length) continue;
        // the taps run backwards (a stride apart) from the largest: the phase's filter over dy
        const base = filter + 4 * ((py.taps[0]! * kw + px.taps[0]!) * ci * co);
        const packed = this.packB(base, py.taps.length, px.taps.length, co, -sh * kw * ci * co, -sw * ci * co, 1, ci, co);
        this.run({
          KIND: 1, M: batch * py.count * px.count, N: ci, K: py.taps.length * px.taps.length * co, A_PTR: dy, B_PACKED: packed, C_PTR: dx,
          IN_H: oh, IN_W: ow, IN_C: co, OUT_H: py.count, OUT_W: px.count, F_H: py.taps.length, F_W: px.taps.length,
          STRIDE_H: 1, STRIDE_W: 1, DIL_H: 1, DIL_W: 1, PAD_T: py.pad[0], PAD_L: px.pad[0], ZEROS: zeros,
          C_MODE: 1, C_H: h, C_W: w, C_STEP_H: sh, C_STEP_W: sw, C_OFF_H: py.first, C_OFF_W: px.first,
        }, 256 + py.taps.length * px.taps.length * 16);
      }
    }
  }
}

export type { Info };
