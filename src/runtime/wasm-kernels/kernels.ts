// The WebAssembly SIMD kernels (module.ts) as kernels of tfjs's wasm backend: new ones under the
// product's names (the fused optimizer and normalisation steps call them by these names), and
// faster versions of tfjs's LeakyRelu, Relu, Add, Sum, GatherV2, Concat, Pack and SplitV (copy-kernels.ts).
// Each works on the backend's own tensors in place.
import type * as TF from '@tensorflow/tfjs';
import type { TFModule } from '../../../nodes/spec';
import { fusedKernelsOn } from '../fused-switch';
import { nearestSources } from '../kernels/resize-plan';
import { concat, gatherV2, pack, splitV } from './copy-kernels';
import { withWasmContext, type KernelContext, type WasmBackendLike } from './context';
import { Elementwise, type DropoutDraw } from './elementwise';
import { GroupNorm } from './group-norm';
import { memoryOf, wasmKernelsOf } from './module';

type Info = TF.TensorInfo;
type Attrs = Record<string, number>;

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** A kernel of the product's over the SIMD exports. */
type Body = (c: KernelContext, inputs: Record<string, Info>, attrs: Attrs) => Info | Info[];

/** channels last: [count, channels] */
const rowsOf = (x: Info): [number, number] => {
  const channels = x.shape[x.shape.length - 1]!;
  return [size(x.shape) / channels, channels];
};

/** [B, S, C] for GroupNorm: samples, positions per sample, channels */
const groupDims = (x: Info): [number, number, number] => {
  const channels = x.shape[x.shape.length - 1]!;
  return [x.shape[0]!, size(x.shape) / (x.shape[0]! * channels), channels];
};

export const PRODUCT_WASM_KERNELS: Record<string, Body> = {
  // inputs x, m, v, g, accBeta1, accBeta2 → [x', m', v']
  TensorloomAdam: (c, { x, m, v, g, accBeta1, accBeta2 }, a) => {
    const outs = [c.output(x!.shape), c.output(x!.shape), c.output(x!.shape)];
    c.k.adam(size(x!.shape), c.ptr(x!), c.ptr(m!), c.ptr(v!), c.ptr(g!), c.ptr(outs[0]!), c.ptr(outs[1]!), c.ptr(outs[2]!),
      a['beta1']!, a['oneMinusBeta1']!, a['beta2']!, a['oneMinusBeta2']!, a['negLearningRate']!, a['epsilon']!, c.ptr(accBeta1!), c.ptr(accBeta2!));
    return outs;
  },
  // x * its Philox dropout mask (attrs: the seed's and the first block's words, the first lane, rate, scale)
  TensorloomDropout: (c, { x }, a) => {
    const out = c.output(x!.shape);
    new Elementwise(c).dropout(size(x!.shape), c.ptr(x!), c.ptr(out), a as unknown as DropoutDraw);
    return out;
  },
  TensorloomLeakyReluGrad: (c, { dy, x }, a) => {
    const out = c.output(x!.shape);
    new Elementwise(c).leakyReluGrad(size(x!.shape), c.ptr(dy!), c.ptr(x!), a['alpha']!, c.ptr(out));
    return out;
  },
  TensorloomReluGrad: (c, { dy, x }) => {
    const out = c.output(x!.shape);
    new Elementwise(c).reluGrad(size(x!.shape), c.ptr(dy!), c.ptr(x!), c.ptr(out));
    return out;
  },
  TensorloomSwish: (c, { x }, a) => {
    const out = c.output(x!.shape);
    new Elementwise(c).swish(size(x!.shape), c.ptr(x!), a['alpha']!, c.ptr(out));
    return out;
  },
  TensorloomSwishGrad: (c, { dy, x }, a) => {
    const out = c.output(x!.shape);
    new Elementwise(c).swishGrad(size(x!.shape), c.ptr(dy!), c.ptr(x!), a['alpha']!, c.ptr(out));
    return out;
  },
  // x [..., C] → [2C]: means, then biased variances
  TensorloomBatchNormStats: (c, { x }) => {
    const [count, channels] = rowsOf(x!);
    const out = c.output([2 * channels]);
    c.k.bnStats(count, channels, c.ptr(x!), c.ptr(out), c.scratch(2 * channels));
    return out;
  },
  TensorloomBatchNormNormalize: (c, { x, stats, gamma, beta }, a) => {
    const [count, channels] = rowsOf(x!);
    const out = c.output(x!.shape);
    c.k.bnNormalize(count, channels, c.ptr(x!), c.ptr(stats!), c.ptr(gamma!), c.ptr(beta!), a['epsilon']!, c.ptr(out), c.scratch(2 * channels));
    return out;
  },
  // the running mean (row 0) or variance (row 1) moved towards the batch's
  TensorloomBatchNormMoving: (c, { moving, stats }, a) => {
    const channels = size(moving!.shape);
    const out = c.output(moving!.shape);
    c.k.bnMoving(channels, c.ptr(moving!), c.ptr(stats!) + 4 * channels * a['row']!, a['decay']!, c.ptr(out));
    return out;
  },
  // → [dbeta, dgamma]
  TensorloomBatchNormSums: (c, { dy, x, stats }, a) => {
    const [count, channels] = rowsOf(x!);
    const dbeta = c.output([channels]);
    const dgamma = c.output([channels]);
    c.k.bnSums(count, channels, c.ptr(dy!), c.ptr(x!), c.ptr(stats!), a['epsilon']!, c.ptr(dbeta), c.ptr(dgamma), c.scratch(4 * channels), c.scratch(3 * channels));
    return [dbeta, dgamma];
  },
  // x [B, ..., C] → [2BG]: means, then biased variances, per (sample, group)
  TensorloomGroupNormStats: (c, { x }, a) => {
    const [B, S, C] = groupDims(x!);
    const G = a['groups']!;
    const out = c.output([2 * B * G]);
    new GroupNorm(c, { B, S, C, G }).stats(c.ptr(x!), c.ptr(out));
    return out;
  },
  TensorloomGroupNormNormalize: (c, { x, stats, gamma, beta }, a) => {
    const [B, S, C] = groupDims(x!);
    const out = c.output(x!.shape);
    new GroupNorm(c, { B, S, C, G: a['groups']! }).normalize(c.ptr(x!), c.ptr(stats!), c.ptr(gamma!), c.ptr(beta!), a['epsilon']!, c.ptr(out));
    return out;
  },
  // → [dx, dgamma, dbeta]
  TensorloomGroupNormGrads: (c, { dy, x, stats, gamma }, a) => {
    const [B, S, C] = groupDims(x!);
    const G = a['groups']!;
    const dx = c.output(x!.shape);
    const dgamma = c.output([C]);
    const dbeta = c.output([C]);
    new GroupNorm(c, { B, S, C, G }).grads(c.ptr(dy!), c.ptr(x!), c.ptr(stats!), c.ptr(gamma!), a['epsilon']!, c.ptr(dx), c.ptr(dgamma), c.ptr(dbeta));
    return [dx, dgamma, dbeta];
  },
  TensorloomBatchNormDx: (c, { dy, x, stats, gamma, dbeta, dgamma }, a) => {
    const [count, channels] = rowsOf(x!);
    const out = c.output(x!.shape);
    c.k.bnDx(count, channels, c.ptr(dy!), c.ptr(x!), c.ptr(stats!), c.ptr(gamma!), c.ptr(dbeta!), c.ptr(dgamma!), a['epsilon']!, c.ptr(out), c.scratch(3 * channels));
    return out;
  },
};

type KernelFunc = TF.KernelConfig['kernelFunc'];

/** tfjs's LeakyRelu on the SIMD kernel (tfjs's is a scalar loop), float32 only. */
const leakyRelu = (stock: KernelFunc): KernelFunc => (args) => {
  const { x } = args.inputs as { x: Info };
  if (x.dtype !== 'float32') return stock(args);
  return withWasmContext(args.backend as unknown as WasmBackendLike, (c) => {
    const out = c.output(x.shape);
    new Elementwise(c).leakyRelu(size(x.shape), c.ptr(x), Number((args.attrs as { alpha?: number }).alpha ?? 0.2), c.ptr(out));
    return out;
  });
};

/**
 * tfjs's Relu and Add on SIMD of the product's: XNNPACK runs them on its thread pool, whose hand-off
 * costs more than the work on the small tensors of the MLP templates (both take the kernel threads
 * on large tensors only). Add takes equal shapes and a
 * trailing broadcast (a bias); other broadcasts go to tfjs's.
 */
const relu = (stock: KernelFunc): KernelFunc => (args) => {
  const { x } = args.inputs as { x: Info };
  if (x.dtype !== 'float32') return stock(args);
  return withWasmContext(args.backend as unknown as WasmBackendLike, (c) => {
    const out = c.output(x.shape);
    new Elementwise(c).relu(size(x.shape), c.ptr(x), c.ptr(out));
    return out;
  });
};

/** [big, small] when `small`'s shape is a suffix of `big`'s (leading ones allowed), else null */
function trailingBroadcast(a: Info, b: Info): [Info, Info] | null {
  const fits = (big: Info, small: Info) => {
    const s = small.shape.slice(small.shape.findIndex((d) => d !== 1) >>> 0);
    const tail = big.shape.slice(big.shape.length - s.length);
    return small.shape.length <= big.shape.length && s.every((d, i) => d === tail[i]);
  };
  if (fits(a, b)) return [a, b];
  if (fits(b, a)) return [b, a];
  return null;
}

const add = (stock: KernelFunc): KernelFunc => (args) => {
  const { a, b } = args.inputs as { a: Info; b: Info };
  const pair = a.dtype === 'float32' && b.dtype === 'float32' ? trailingBroadcast(a, b) : null;
  if (!pair || size(pair[0].shape) === 0) return stock(args);
  const [big, small] = pair;
  const cols = size(small.shape);
  return withWasmContext(args.backend as unknown as WasmBackendLike, (c) => {
    const out = c.output(big.shape);
    new Elementwise(c).addRows(size(big.shape) / cols, cols, c.ptr(big), c.ptr(small), c.ptr(out));
    return out;
  });
};

/** The summed axes as one run [start, end) of a rank-r shape that leaves the last axis; null otherwise. */
export function axisRun(axis: number | number[], rank: number): { start: number; end: number } | null {
  const axes = [...new Set((Array.isArray(axis) ? axis : [axis]).map((a) => (a < 0 ? a + rank : a)))].sort((p, q) => p - q);
  const start = axes[0]!;
  return axes.length && axes.every((a, i) => a === start + i) && axes.at(-1)! < rank - 1 ? { start, end: start + axes.length } : null;
}

/**
 * tfjs's Sum over a run of axes that leaves the last one (bias gradients, channel sums, a
 * per-sample sum over an image) by the SIMD kernel, one column sum per index of the axes before
 * the run; tfjs's transposes the summed axes to the end first, a slow element-by-element pass.
 */
const sum = (stock: KernelFunc): KernelFunc => (args) => {
  const { x } = args.inputs as { x: Info };
  const { axis, keepDims } = args.attrs as { axis: number | number[]; keepDims: boolean };
  const run = axisRun(axis, x.shape.length);
  if (x.dtype !== 'float32' || run === null) return stock(args);
  const outer = size(x.shape.slice(0, run.start));
  const rows = size(x.shape.slice(run.start, run.end));
  const cols = size(x.shape.slice(run.end));
  const kept = keepDims ? new Array<number>(run.end - run.start).fill(1) : [];
  return withWasmContext(args.backend as unknown as WasmBackendLike, (c) => {
    const out = c.output([...x.shape.slice(0, run.start), ...kept, ...x.shape.slice(run.end)]);
    const e = new Elementwise(c);
    for (let o = 0; o < outer; o++) e.sumRows(rows, cols, c.ptr(x) + 4 * o * rows * cols, c.ptr(out) + 4 * o * cols);
    return out;
  });
};

/** tfjs's wasm MaxPoolGrad is wrong for windows of negative values (see assembly/pool-grads.ts). */
const maxPoolGrad = (tf: TFModule): KernelFunc => (args) => {
  const { dy, input } = args.inputs as { dy: Info; input: Info };
  const { filterSize, strides, pad, dimRoundingMode } = args.attrs as { filterSize: number | [number, number]; strides: number | [number, number]; pad: 'same' | 'valid' | number; dimRoundingMode?: 'floor' | 'round' | 'ceil' };
  const info = tf.backend_util.computePool2DInfo(input.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode);
  return withWasmContext(args.backend as unknown as WasmBackendLike, (c) => {
    const dx = c.output(input.shape);
    c.k.maxPoolGrad(info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth, info.strideHeight, info.strideWidth,
      info.dilationHeight, info.dilationWidth, info.effectiveFilterHeight, info.effectiveFilterWidth, info.padInfo.top, info.padInfo.left, c.ptr(input), c.ptr(dy), c.ptr(dx));
    return dx;
  });
};

/** tfjs's wasm ResizeNearestNeighborGrad sends dy to the wrong rows; this scatters it along the forward resize's own reads. */
const resizeNearestGrad = (): KernelFunc => (args) => {
  const { images, dy } = args.inputs as { images: Info; dy: Info };
  const { alignCorners, halfPixelCenters } = args.attrs as { alignCorners: boolean; halfPixelCenters: boolean };
  const [n, h, w, ch] = images.shape as [number, number, number, number];
  const [, oh, ow] = dy.shape as [number, number, number, number];
  return withWasmContext(args.backend as unknown as WasmBackendLike, (c) => {
    const rows = c.scratch(oh);
    const cols = c.scratch(ow);
    const heap = new Int32Array(memoryOf((args.backend as unknown as WasmBackendLike).wasm)!.buffer);
    heap.set(nearestSources(h, oh, alignCorners, halfPixelCenters), rows >> 2);
    heap.set(nearestSources(w, ow, alignCorners, halfPixelCenters), cols >> 2);
    const dx = c.output(images.shape);
    c.k.resizeNearestGrad(n, h, w, ch, oh, ow, rows, cols, c.ptr(dy), c.ptr(dx));
    return dx;
  });
};

/** Faster versions of tfjs's kernels, taken while the fused kernels are on. */
const OVERRIDES: Record<string, (stock: KernelFunc) => KernelFunc> = { LeakyRelu: leakyRelu, Relu: relu, Add: add, Sum: sum, GatherV2: gatherV2, Concat: concat, Pack: pack, SplitV: splitV };
/** Corrections of tfjs's kernels, always taken where the SIMD kernels are loaded. */
const CORRECTIONS: Record<string, (tf: TFModule) => KernelFunc> = { MaxPoolGrad: maxPoolGrad, ResizeNearestNeighborGrad: resizeNearestGrad };

const registered = new WeakSet<TFModule>();

/**
 * Registers the SIMD kernels for tfjs's wasm backend (once per tfjs module; after
 * @tensorflow/tfjs-backend-wasm is imported). They run once loadWasmKernels has loaded the module
 * for the backend; until then the overrides fall back to tfjs's kernels.
 */
export function registerWasmSimdKernels(tf: TFModule): void {
  if (registered.has(tf) || !tf.getKernel('Sum', 'wasm')) return;
  registered.add(tf);
  for (const [kernelName, body] of Object.entries(PRODUCT_WASM_KERNELS)) {
    tf.registerKernel({
      kernelName,
      backendName: 'wasm',
      kernelFunc: ({ inputs, backend, attrs }) => withWasmContext(backend as unknown as WasmBackendLike, (c) => body(c, inputs as Record<string, Info>, attrs as Attrs)),
    });
  }
  for (const [kernelName, make] of Object.entries(OVERRIDES)) {
    const stock = tf.getKernel(kernelName, 'wasm')!;
    const fast = make(stock.kernelFunc);
    tf.unregisterKernel(kernelName, 'wasm');
    tf.registerKernel({
      ...stock,
      kernelFunc: (args) => (fusedKernelsOn() && wasmKernelsOf((args.backend as unknown as WasmBackendLike).wasm) ? fast(args) : stock.kernelFunc(args)),
    });
  }
  for (const [kernelName, make] of Object.entries(CORRECTIONS)) {
    const stock = tf.getKernel(kernelName, 'wasm')!;
    const right = make(tf);
    tf.unregisterKernel(kernelName, 'wasm');
    tf.registerKernel({ ...stock, kernelFunc: (args) => (wasmKernelsOf((args.backend as unknown as WasmBackendLike).wasm) ? right(args) : stock.kernelFunc(args)) });
  }
}

/** Whether the active backend is wasm with the SIMD kernels loaded: the fused paths' test. */
export function activeWasmKernels(tf: TFModule): boolean {
  if (!fusedKernelsOn() || tf.getBackend() !== 'wasm') return false;
  const backend = tf.backend() as unknown as Partial<WasmBackendLike>;
  return backend.wasm !== undefined && wasmKernelsOf(backend.wasm) !== undefined;
}
