// tfjs's convolution and matrix kernels on the GEMM engine (gemm.ts), for the wasm backend with the
// SIMD kernels loaded: each returns undefined for what it does not take (another data format, an
// activation other than linear or relu), and the caller then runs its fallback (XNNPACK, or the
// compositions of src/runtime/kernels/).
import type * as TF from '@tensorflow/tfjs';
import type { TFModule } from '../../../nodes/spec';
import { fusedKernelsOn } from '../fused-switch';
import { Gemm, type Geometry } from './gemm';
import { col2im, im2col, im2colWidth, type ConvGeometry } from './im2col';
import { withWasmContext, type KernelContext, type WasmBackendLike } from './context';
import { loadedKernelsOf, memoryOf } from './module';
import { SMALL_PRODUCT_MACS } from './small-matmul';

type Info = TF.TensorInfo;
type Args = Parameters<TF.KernelConfig['kernelFunc']>[0];
export type EngineKernel = (tf: TFModule, args: Args) => Info | undefined;

const size = (dims: readonly number[]) => dims.reduce((p, d) => p * d, 1);

/** Whether the engine is loaded on the args' backend (and the fused kernels are on). */
function engine(args: Args): boolean {
  const backend = args.backend as unknown as WasmBackendLike;
  return fusedKernelsOn() && !!backend.wasm && !!loadedKernelsOf(backend.wasm) && !!memoryOf(backend.wasm);
}

/** Runs body on the engine, or returns undefined where it is not loaded. */
function withGemm(args: Args, body: (g: Gemm, c: KernelContext) => Info): Info | undefined {
  if (!engine(args)) return undefined;
  return withWasmContext(args.backend as unknown as WasmBackendLike, (c) => body(new Gemm(c), c)) as Info;
}

const geometry = (info: TF.backend_util.Conv2DInfo): Geometry => ({
  inH: info.inHeight, inW: info.inWidth, inC: info.inChannels, outH: info.outHeight, outW: info.outWidth,
  fH: info.filterHeight, fW: info.filterWidth, strideH: info.strideHeight, strideW: info.strideWidth,
  dilH: info.dilationHeight, dilW: info.dilationWidth, padT: info.padInfo.top, padL: info.padInfo.left,
});

/**
 * Gradients of convolutions whose input has fewer channels than this go through the explicit
 * im2col matrix (im2col.ts). The forward pass does not: there the matrix costs more to write (in
 * JavaScript) than the engine's in-place reads lose (measured on 64 28x28 images, 1 or 3 channels).
 */
const FEW_CHANNELS = 8;
/** ... and whose matrix stays below this many values (64 MB); larger ones keep the in-place paths. */
const IM2COL_VALUES = 16 << 20;

const takesIm2col = (info: TF.backend_util.Conv2DInfo): boolean =>
  info.inChannels < FEW_CHANNELS && info.batchSize * info.outHeight * info.outWidth * info.filterHeight * info.filterWidth * info.inChannels <= IM2COL_VALUES;

const convGeometry = (info: TF.backend_util.Conv2DInfo): ConvGeometry => ({ batch: info.batchSize, ...geometry(info) });

/** the im2col matrix's rows (output positions) and width (taps x channels) */
const im2colSize = (g: ConvGeometry) => ({ rows: g.batch * g.outH * g.outW, width: im2colWidth(g) });

/** the explicit im2col matrix of x in scratch: its pointer, rows and width */
function im2colOf(c: KernelContext, x: Info, g: ConvGeometry): { at: number; rows: number; width: number } {
  const { rows, width } = im2colSize(g);
  const at = c.scratch(rows * width);
  im2col(new Float32Array(c.memory.buffer, c.ptr(x), size(x.shape)), g, new Float32Array(c.memory.buffer, at, rows * width));
  return { at, rows, width };
}

interface ConvAttrs {
  strides: number | [number, number];
  pad: 'same' | 'valid' | number | TF.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dilations?: number | [number, number];
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  activation?: string;
}

const ACTIVATIONS: Record<string, number> = { linear: 0, relu: 1 };

/** Conv2D and FusedConv2D (bias, then linear or relu), NHWC. */
export const conv2d: EngineKernel = (tf, args) => {
  const { x, filter, bias, preluActivationWeights } = args.inputs as { x: Info; filter: Info; bias?: Info; preluActivationWeights?: Info };
  const a = args.attrs as unknown as ConvAttrs;
  const relu = ACTIVATIONS[a.activation ?? 'linear'];
  if (a.dataFormat !== 'NHWC' || relu === undefined || preluActivationWeights || x.dtype !== 'float32') return undefined;
  const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filter.shape as [number, number, number, number],
    a.strides, a.dilations ?? 1, a.pad, a.dimRoundingMode, false, 'channelsLast');
  if (bias && size(bias.shape) !== info.outChannels) return undefined;
  return withGemm(args, (g, c) => {
    const out = c.output(info.outShape);
    g.conv2d(c.ptr(x), c.ptr(filter), info.batchSize, info.outChannels, geometry(info), c.ptr(out));
    if (bias || relu) c.k.biasRelu(info.batchSize * info.outHeight * info.outWidth, info.outChannels, c.ptr(out), bias ? c.ptr(bias) : 0, relu);
    return out;
  });
};

export const conv2dBackpropInput: EngineKernel = (tf, args) => {
  const { dy, filter } = args.inputs as { dy: Info; filter: Info };
  const a = args.attrs as unknown as ConvAttrs & { inputShape: [number, number, number, number] };
  if (a.dataFormat !== 'NHWC') return undefined;
  const info = tf.backend_util.computeConv2DInfo(a.inputShape, filter.shape as [number, number, number, number], a.strides, 1, a.pad, a.dimRoundingMode, false, 'channelsLast');
  return withGemm(args, (g, c) => {
    const dx = c.output(a.inputShape);
    if (takesIm2col(info)) {
      // cols [positions, taps * ci] = dy [positions, co] filter^T, then each column added back where im2col reads it
      const geo = convGeometry(info);
      const { rows, width } = im2colSize(geo);
      const cols = c.scratch(rows * width);
      g.matmul(1, rows, width, info.outChannels, c.ptr(dy), info.outChannels, 1, 0, c.ptr(filter), 1, info.outChannels, 0, cols);
      col2im(new Float32Array(c.memory.buffer, cols, rows * width), geo, new Float32Array(c.memory.buffer, c.ptr(dx), size(a.inputShape)));
    } else {
      g.conv2dInputGrad(c.ptr(dy), c.ptr(filter), info.batchSize, info, c.ptr(dx));
    }
    return dx;
  });
};

/** [rows, from] float32 values at `src` as rows `to` (> from) wide at `dst`, zero padded */
function padRows(memory: WebAssembly.Memory, src: number, dst: number, rows: number, from: number, to: number): void {
  const a = new Float32Array(memory.buffer, src, rows * from);
  const b = new Float32Array(memory.buffer, dst, rows * to);
  b.fill(0);
  // element by element: a subarray per row costs more than the copy at one or a few channels
  for (let r = 0; r < rows; r++) for (let j = 0; j < from; j++) b[r * to + j] = a[r * from + j]!;
}

/**
 * Conv2DBackpropFilter read in place from x and dy (Gemm conv2dFilterGrad, blocks of 8 input x 4
 * output channels); from x's explicit im2col matrix where x has few channels. Other channel
 * counts (a single output map, 12 inputs) are padded
 * with zero channels up to the blocks, and the padded gradient cut back: at most 8x the
 * multiply-adds of a tiny product, where a transposed layout for the engine's convolution cost
 * whole passes over x and dy (14 ms against 2 for a 32-to-1 convolution of 64 28x28 images).
 */
export const conv2dBackpropFilter: EngineKernel = (tf, args) => {
  const { x, dy } = args.inputs as { x: Info; dy: Info };
  const a = args.attrs as unknown as ConvAttrs & { filterShape: [number, number, number, number] };
  if (a.dataFormat !== 'NHWC') return undefined;
  const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], a.filterShape, a.strides, 1, a.pad, a.dimRoundingMode, false, 'channelsLast');
  const [kh, kw, ci, co] = a.filterShape;
  return withGemm(args, (gemm, c) => {
    const dw = c.output(a.filterShape);
    if (takesIm2col(info)) {
      // dw [taps * ci, co] = cols^T dy [positions, co]
      const cols = im2colOf(c, x, convGeometry(info));
      gemm.matmul(1, cols.width, co, cols.rows, cols.at, 1, cols.width, 0, c.ptr(dy), co, 1, 0, c.ptr(dw));
      return dw;
    }
    if (Gemm.takesFilterGrad(ci, co)) {
      gemm.conv2dFilterGrad(c.ptr(x), c.ptr(dy), info, c.ptr(dw));
      return dw;
    }
    const ci8 = Math.ceil(ci / 8) * 8;
    const co4 = Math.ceil(co / 4) * 4;
    const padded = (t: Info, from: number, to: number): number => {
      if (from === to) return c.ptr(t);
      const rows = size(t.shape) / from;
      const at = c.scratch(rows * to);
      padRows(c.memory, c.ptr(t), at, rows, from, to);
      return at;
    };
    const px = padded(x, ci, ci8);
    const pdy = padded(dy, co, co4);
    const pdw = c.scratch(kh * kw * ci8 * co4);
    gemm.conv2dFilterGrad(px, pdy, { ...info, inChannels: ci8, outChannels: co4 }, pdw);
    // [kh, kw, ci8, co4] -> [kh, kw, ci, co]: rows of co4 cut to co, then the padding rows of each tap dropped
    const cut = new Float32Array(c.memory.buffer, pdw, kh * kw * ci8 * co4);
    const out = new Float32Array(c.memory.buffer, c.ptr(dw), kh * kw * ci * co);
    for (let t = 0; t < kh * kw; t++) {
      for (let i = 0; i < ci; i++) for (let o = 0; o < co; o++) out[(t * ci + i) * co + o] = cut[(t * ci8 + i) * co4 + o]!;
    }
    return dw;
  });
};

/** BatchMatMul and _FusedMatMul (bias, then linear or relu): any transposes, batches equal or broadcast from one. */
export const matMul: EngineKernel = (tf, args) => {
  const { a, b, bias, preluActivationWeights } = args.inputs as { a: Info; b: Info; bias?: Info; preluActivationWeights?: Info };
  const { transposeA, transposeB, activation } = args.attrs as { transposeA: boolean; transposeB: boolean; activation?: string };
  const relu = ACTIVATIONS[activation ?? 'linear'];
  if (relu === undefined || preluActivationWeights || a.dtype !== 'float32' || b.dtype !== 'float32') return undefined;
  const batchA = size(a.shape.slice(0, -2));
  const batchB = size(b.shape.slice(0, -2));
  if (batchA !== batchB && batchA !== 1 && batchB !== 1) return undefined;
  const [ar, ac] = a.shape.slice(-2) as [number, number];
  const [br, bc] = b.shape.slice(-2) as [number, number];
  const m = transposeA ? ac : ar;
  const k = transposeA ? ar : ac;
  const n = transposeB ? br : bc;
  if (bias && (bias.shape.length !== 1 || bias.shape[0] !== n)) return undefined;
  const batch = Math.max(batchA, batchB);
  // small products run on one thread (small-matmul.ts): waking the pool costs more than they do
  if (batch * m * n * k <= SMALL_PRODUCT_MACS) return undefined;
  const outShape = [...tf.broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2)), m, n];
  return withGemm(args, (g, c) => {
    const out = c.output(outShape);
    const [aRow, aCol] = transposeA ? [1, m] : [k, 1];
    const [bRow, bCol] = transposeB ? [1, k] : [n, 1];
    g.matmul(batch, m, n, k, c.ptr(a), aRow, aCol, batchA === 1 ? 0 : m * k, c.ptr(b), bRow, bCol, batchB === 1 ? 0 : k * n, c.ptr(out));
    if (bias || relu) c.k.biasRelu(batch * m, n, c.ptr(out), bias ? c.ptr(bias) : 0, relu);
    return out;
  });
};
