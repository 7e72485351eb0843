// The product's kernels in tfjs's kernel registry, over (or beside) tfjs's own, per backend:
// - wasm: convolutions, their gradients and matrix products on the product's GEMM engine where
//   the SIMD kernels are loaded (src/runtime/wasm-kernels/gemm.ts), else compositions of XNNPACK
//   kernels (tfjs has no filter gradient there, a scalar-loop input gradient, and transposed or
//   batched products off XNNPACK); Tile; Identity and Slice without copying whole tensors;
//   UnsortedSegmentSum, which tfjs lacks there (the gradient of Gather: Embedding layers);
// - cpu: the filter gradient (tfjs's runs at ~0.03 GFLOP/s, reading every element through a
//   TensorBuffer; built on the CPU backend's own Conv2D it is 16-18x faster), and a correct
//   nearest-neighbour resize gradient (tfjs's is wrong for a batch of more than one).
// The rest of each backend is untouched, and so are webgpu and webgl.
import type * as TF from '@tensorflow/tfjs';
import type { TFModule } from '../../../nodes/spec';
import { batchMatMulKernel, fusedMatMulKernel } from './batch-matmul';
import type { Info } from './compose';
import { conv2dBackpropFilter, type BackpropFilterAttrs } from './conv2d-backprop-filter';
import { conv2dBackpropInput, type BackpropInputAttrs } from './conv2d-backprop-input';
import { resizeNearestGradCpu } from './resize-nearest-grad-cpu';
import { sliceKernel } from './slice-wasm';
import { tileKernel } from './tile';
import { unsortedSegmentSumKernel } from './unsorted-segment-sum';
import * as engine from '../wasm-kernels/gemm-kernels';

type KernelFunc = TF.KernelConfig['kernelFunc'];
/** a kernel of ours, given tfjs's kernel of that name on that backend where there is one */
type Make = (tf: TFModule, stock: KernelFunc | undefined) => KernelFunc;

const filterGrad: Make = (tf) => ({ inputs, backend, attrs }) => {
  const { x, dy } = inputs as { x: Info; dy: Info };
  return conv2dBackpropFilter(tf, backend as TF.KernelBackend, x, dy, attrs as unknown as BackpropFilterAttrs);
};

const inputGrad: Make = (tf) => ({ inputs, backend, attrs }) => {
  const { dy, filter } = inputs as { dy: Info; filter: Info };
  return conv2dBackpropInput(tf, backend as TF.KernelBackend, dy, filter, attrs as unknown as BackpropInputAttrs);
};

const needsStock = (make: (tf: TFModule, stock: KernelFunc) => KernelFunc): Make => (tf, stock) => {
  if (!stock) throw new Error('the stock kernel is not registered yet');
  return make(tf, stock);
};

const stockOnly: Make = (_tf, stock) => {
  if (!stock) throw new Error('the stock kernel is not registered yet');
  return stock;
};

/** The GEMM engine's kernel where it is loaded and takes the case, else `fallback`'s. */
const onEngine = (kernel: engine.EngineKernel, fallback: Make): Make => (tf, stock) => {
  const other = fallback(tf, stock);
  return (args) => kernel(tf, args) ?? other(args);
};

/**
 * Identity as a second reference to the same data, as tfjs's CPU and WebGL backends do it; tfjs's
 * wasm kernel copies the tensor, and tfjs's tape saves every tensor a gradient needs through it
 * (over 400 copies of activations per DDPM iteration). Tensors are never written in place.
 */
const sharedIdentity: Make = (_tf, stock) => (args) => {
  const { x } = args.inputs as { x: Info };
  if (x.dtype === 'string' && stock) return stock(args);
  (args.backend as TF.KernelBackend).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
};

export const PRODUCT_KERNELS: Readonly<Record<string, Readonly<Record<string, Make>>>> = {
  wasm: {
    Conv2D: onEngine(engine.conv2d, stockOnly),
    FusedConv2D: onEngine(engine.conv2d, stockOnly),
    Conv2DBackpropFilter: onEngine(engine.conv2dBackpropFilter, filterGrad),
    Conv2DBackpropInput: onEngine(engine.conv2dBackpropInput, inputGrad),
    BatchMatMul: onEngine(engine.matMul, needsStock(batchMatMulKernel)),
    _FusedMatMul: onEngine(engine.matMul, needsStock(fusedMatMulKernel)),
    Tile: needsStock(tileKernel),
    Identity: sharedIdentity,
    Slice: needsStock(sliceKernel),
    UnsortedSegmentSum: unsortedSegmentSumKernel,
  },
  cpu: {
    Conv2DBackpropFilter: filterGrad,
    ResizeNearestNeighborGrad: () => resizeNearestGradCpu,
  },
};

const done = new WeakMap<TFModule, Set<string>>();

/**
 * Puts the product's kernels for `backendName` into `tf`'s registry, once. For wasm, call it after
 * @tensorflow/tfjs-backend-wasm is imported (its kernels are what some of ours build on).
 */
export function registerProductKernels(tf: TFModule, backendName: string): void {
  const table = PRODUCT_KERNELS[backendName];
  const seen = done.get(tf) ?? new Set<string>();
  done.set(tf, seen);
  if (!table || seen.has(backendName)) return;
  if (backendName === 'wasm' && !tf.getKernel('BatchMatMul', 'wasm')) return;
  seen.add(backendName);
  for (const [kernelName, make] of Object.entries(table)) {
    const stock = tf.getKernel(kernelName, backendName);
    const kernelFunc = make(tf, stock?.kernelFunc);
    if (stock) tf.unregisterKernel(kernelName, backendName);
    tf.registerKernel({ ...stock, kernelName, backendName, kernelFunc });
  }
}
