// Small matrix products on the SIMD kernel (assembly/matmul.ts), one thread, transposes read in
// place: below a few million multiply-adds, XNNPACK's per-call set-up (a new operator packing the
// weights, the thread pool woken) costs more than the product itself.
import type * as TF from '@tensorflow/tfjs';
import { fusedKernelsOn } from '../fused-switch';
import { withWasmContext, type WasmBackendLike } from './context';
import { wasmKernelsOf } from './module';

type Info = TF.TensorInfo;

/** Products up to this many multiply-adds (over the whole batch) take the small path. */
export const SMALL_PRODUCT_MACS = 1 << 21;

const size = (dims: readonly number[]) => dims.reduce((p, d) => p * d, 1);

export interface SmallProduct {
  a: Info;
  b: Info;
  transposeA: boolean;
  transposeB: boolean;
  bias?: Info | null;
  relu?: boolean;
}

/** [batch, rows, inner] for a, [batch, inner, cols] for b, as the product reads them. */
function dims(p: SmallProduct) {
  const [ar, ac] = p.a.shape.slice(-2) as [number, number];
  const [br, bc] = p.b.shape.slice(-2) as [number, number];
  const m = p.transposeA ? ac : ar;
  const k = p.transposeA ? ar : ac;
  const n = p.transposeB ? br : bc;
  return { m, k, n, batchA: size(p.a.shape.slice(0, -2)), batchB: size(p.b.shape.slice(0, -2)) };
}

/** Whether the product is small enough, on a wasm backend with the SIMD kernels. */
export function takesSmallPath(backend: unknown, p: SmallProduct): boolean {
  const wasm = (backend as Partial<WasmBackendLike>).wasm;
  if (!fusedKernelsOn() || !wasm || !wasmKernelsOf(wasm) || p.a.dtype !== 'float32' || p.b.dtype !== 'float32') return false;
  const { m, k, n, batchA, batchB } = dims(p);
  if (batchA !== batchB && batchA !== 1 && batchB !== 1) return false;
  return Math.max(batchA, batchB) * m * k * n <= SMALL_PRODUCT_MACS;
}

/** The product as [batch, m, n] (the caller reshapes to its output shape). */
export function smallMatMul(backend: WasmBackendLike, p: SmallProduct): Info {
  const { m, k, n, batchA, batchB } = dims(p);
  const batch = Math.max(batchA, batchB);
  return withWasmContext(backend, (c) => {
    const out = c.output([batch, m, n]);
    const packed = p.transposeB ? c.scratch(k * n) : 0;
    const [rowStride, colStride] = p.transposeA ? [1, m] : [k, 1];
    for (let i = 0; i < batch; i++) {
      const a = c.ptr(p.a) + 4 * (batchA === 1 ? 0 : i) * m * k;
      let b = c.ptr(p.b) + 4 * (batchB === 1 ? 0 : i) * k * n;
      if (p.transposeB) {
        if (i === 0 || batchB !== 1) c.k.packTranspose(n, k, b, packed);
        b = packed;
      }
      const o = c.ptr(out) + 4 * i * m * n;
      c.k.matmul(m, n, k, a, rowStride, colStride, b, o);
      if (p.bias || p.relu) c.k.biasRelu(m, n, o, p.bias ? c.ptr(p.bias) : 0, p.relu ? 1 : 0);
    }
    return out;
  }) as Info;
}
