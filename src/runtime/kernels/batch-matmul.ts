// Matrix products on the WebAssembly backend, all on its fast path. tfjs's kernel runs XNNPACK
// (SIMD, threads) only for one untransposed pair of matrices; a transposed operand (every Dense
// gradient) or a batch of matrices (attention) falls to a scalar loop 15-40 times slower. Here a
// transposed operand is transposed first (one pass over memory), a batch against one matrix
// becomes one tall product, and other batches run matrix by matrix.
import type * as TF from '@tensorflow/tfjs';
import type { TFModule } from '../../../nodes/spec';
import type { WasmBackendLike } from '../wasm-kernels/context';
import { smallMatMul, takesSmallPath } from '../wasm-kernels/small-matmul';
import { compose, type Composer, type Info } from './compose';

type KernelFunc = TF.KernelConfig['kernelFunc'];

const size = (dims: readonly number[]): number => dims.reduce((p, d) => p * d, 1);

export interface MatMulOperands {
  /** [batch, rows, inner] and [batch, inner, cols], untransposed */
  a: Info;
  b: Info;
}

/** a, b of any rank ≥ 2 with their transpose flags → both as untransposed rank-3 operands. */
export function untransposed(c: Composer, a: Info, b: Info, transposeA: boolean, transposeB: boolean): MatMulOperands {
  const as3 = (x: Info) => c.reshape(x, [size(x.shape.slice(0, -2)), x.shape.at(-2)!, x.shape.at(-1)!]);
  const a3 = as3(a);
  const b3 = as3(b);
  return { a: transposeA ? c.transpose(a3, [0, 2, 1]) : a3, b: transposeB ? c.transpose(b3, [0, 2, 1]) : b3 };
}

/** The product of untransposed operands through `single`, the backend's one-pair fast path. */
export function batchedProduct(c: Composer, { a, b }: MatMulOperands, single: (a: Info, b: Info) => Info): Info {
  const [batchA, m, k] = a.shape as [number, number, number];
  const [batchB, , n] = b.shape as [number, number, number];
  if (batchB === 1) return c.reshape(single(c.reshape(a, [1, batchA * m, k]), b), [batchA, m, n]);
  const batch = Math.max(batchA, batchB);
  const pick = (x: Info, i: number, rows: number, cols: number) =>
    x.shape[0] === 1 ? x : c.run('Slice', { x }, { begin: [i, 0, 0], size: [1, rows, cols] });
  const parts = Array.from({ length: batch }, (_, i) => c.reshape(single(pick(a, i, m, k), pick(b, i, k, n)), [m, n]));
  return c.run('Pack', parts, { axis: 0 });
}

/** Batch dims broadcast between a and b the way this kernel can: equal, or one side 1. */
function simpleBatches(a: Info, b: Info): boolean {
  const ba = size(a.shape.slice(0, -2));
  const bb = size(b.shape.slice(0, -2));
  return ba === bb || ba === 1 || bb === 1;
}

/** BatchMatMul over the stock kernel `stock` (used as is for its own fast case). */
export function batchMatMulKernel(tf: TFModule, stock: KernelFunc): KernelFunc {
  return (args) => {
    const { a, b } = args.inputs as { a: Info; b: Info };
    const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
    const batchA = size(a.shape.slice(0, -2));
    const batchB = size(b.shape.slice(0, -2));
    const outShape = [...tf.broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2)),
      transposeA ? a.shape.at(-1)! : a.shape.at(-2)!, transposeB ? b.shape.at(-2)! : b.shape.at(-1)!];
    const backend = args.backend as TF.KernelBackend;
    const product = { a, b, transposeA, transposeB };
    if (takesSmallPath(backend, product)) {
      return compose(tf, backend, (c) => c.reshape(c.adopt(smallMatMul(backend as unknown as WasmBackendLike, product)), outShape));
    }
    const fast = !transposeA && !transposeB && batchA === 1 && batchB === 1;
    if (fast || a.dtype !== 'float32' || b.dtype !== 'float32' || !simpleBatches(a, b)) return stock(args);
    return compose(tf, backend, (c) => {
      const single = (x: Info, y: Info) => c.adopt(stock({ ...args, inputs: { a: x, b: y }, attrs: { transposeA: false, transposeB: false } }) as Info);
      return c.reshape(batchedProduct(c, untransposed(c, a, b, transposeA, transposeB), single), outShape);
    });
  };
}

/** _FusedMatMul (a product with bias and activation: Dense layers) with transposed operands made untransposed first. */
export function fusedMatMulKernel(tf: TFModule, stock: KernelFunc): KernelFunc {
  return (args) => {
    const { a, b, bias, preluActivationWeights } = args.inputs as { a: Info; b: Info; bias?: Info; preluActivationWeights?: Info };
    const { transposeA, transposeB, activation } = args.attrs as { transposeA: boolean; transposeB: boolean; activation: string };
    const backend = args.backend as TF.KernelBackend;
    const n = transposeB ? b.shape.at(-2)! : b.shape.at(-1)!;
    const epilogue = !preluActivationWeights && (activation === 'linear' || activation === 'relu') && (!bias || (bias.shape.length === 1 && bias.shape[0] === n));
    const product = { a, b, transposeA, transposeB, bias, relu: activation === 'relu' };
    if (epilogue && takesSmallPath(backend, product)) {
      const rows = transposeA ? a.shape.at(-1)! : a.shape.at(-2)!;
      return compose(tf, backend, (c) => c.reshape(c.adopt(smallMatMul(backend as unknown as WasmBackendLike, product)), [...a.shape.slice(0, -2), rows, n]));
    }
    if ((!transposeA && !transposeB) || a.shape[0] !== 1 || b.shape[0] !== 1) return stock(args);
    return compose(tf, backend, (c) => {
      const ops = untransposed(c, a, b, transposeA, transposeB);
      return c.adopt(stock({ ...args, inputs: { ...args.inputs, a: ops.a, b: ops.b }, attrs: { ...args.attrs, transposeA: false, transposeB: false } }) as Info);
    });
  };
}
