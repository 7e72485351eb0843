// Small matrix products, C[M, N] = A[M, K] B[K, N], on one thread, where XNNPACK's set-up (packing
// the weights into a new operator for every product, waking the thread pool) costs more than the
// arithmetic: the Dense layers of the MLP templates and the small products of the others.
// A is read through strides (so A or A transposed); B must be [K, N] row-major (the caller packs
// B transposed into scratch first: packTranspose). Blocks of 4 rows x 8 columns stay in registers.
import { at } from './simd';

/** dst[c, r] = src[r, c] for a rows x cols matrix */
export function packTranspose(rows: i32, cols: i32, src: usize, dst: usize): void {
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) store<f32>(at(dst, c * rows + r), load<f32>(at(src, r * cols + c)));
  }
}

@inline function aAt(a: usize, i: i32, k: i32, rowStride: i32, colStride: i32): f32 {
  return load<f32>(at(a, i * rowStride + k * colStride));
}

export function matmul(M: i32, N: i32, K: i32, a: usize, aRowStride: i32, aColStride: i32, b: usize, out: usize): void {
  let i = 0;
  for (; i + 4 <= M; i += 4) {
    let j = 0;
    for (; j + 8 <= N; j += 8) {
      let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
      let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
      for (let k = 0; k < K; k++) {
        const b0 = v128.load(at(b, k * N + j)), b1 = v128.load(at(b, k * N + j + 4));
        const a0 = f32x4.splat(aAt(a, i, k, aRowStride, aColStride));
        const a1 = f32x4.splat(aAt(a, i + 1, k, aRowStride, aColStride));
        const a2 = f32x4.splat(aAt(a, i + 2, k, aRowStride, aColStride));
        const a3 = f32x4.splat(aAt(a, i + 3, k, aRowStride, aColStride));
        c00 = f32x4.add(c00, f32x4.mul(a0, b0)); c01 = f32x4.add(c01, f32x4.mul(a0, b1));
        c10 = f32x4.add(c10, f32x4.mul(a1, b0)); c11 = f32x4.add(c11, f32x4.mul(a1, b1));
        c20 = f32x4.add(c20, f32x4.mul(a2, b0)); c21 = f32x4.add(c21, f32x4.mul(a2, b1));
        c30 = f32x4.add(c30, f32x4.mul(a3, b0)); c31 = f32x4.add(c31, f32x4.mul(a3, b1));
      }
      v128.store(at(out, i * N + j), c00); v128.store(at(out, i * N + j + 4), c01);
      v128.store(at(out, (i + 1) * N + j), c10); v128.store(at(out, (i + 1) * N + j + 4), c11);
      v128.store(at(out, (i + 2) * N + j), c20); v128.store(at(out, (i + 2) * N + j + 4), c21);
      v128.store(at(out, (i + 3) * N + j), c30); v128.store(at(out, (i + 3) * N + j + 4), c31);
    }
    for (; j < N; j++) {
      for (let r = i; r < i + 4; r++) {
        let s: f32 = 0;
        for (let k = 0; k < K; k++) s += aAt(a, r, k, aRowStride, aColStride) * load<f32>(at(b, k * N + j));
        store<f32>(at(out, r * N + j), s);
      }
    }
  }
  for (; i < M; i++) {
    let j = 0;
    for (; j + 4 <= N; j += 4) {
      let c = f32x4.splat(0);
      for (let k = 0; k < K; k++) c = f32x4.add(c, f32x4.mul(f32x4.splat(aAt(a, i, k, aRowStride, aColStride)), v128.load(at(b, k * N + j))));
      v128.store(at(out, i * N + j), c);
    }
    for (; j < N; j++) {
      let s: f32 = 0;
      for (let k = 0; k < K; k++) s += aAt(a, i, k, aRowStride, aColStride) * load<f32>(at(b, k * N + j));
      store<f32>(at(out, i * N + j), s);
    }
  }
}

/** out[i, j] += bias[j] (bias 0: none), then max(0, out) when relu is 1: _FusedMatMul's epilogue */
export function biasRelu(M: i32, N: i32, out: usize, bias: usize, relu: i32): void {
  const zero = f32x4.splat(0);
  for (let i = 0; i < M; i++) {
    const row = at(out, i * N);
    let j = 0;
    for (; j + 4 <= N; j += 4) {
      let v = v128.load(at(row, j));
      if (bias) v = f32x4.add(v, v128.load(at(bias, j)));
      if (relu) v = f32x4.max(v, zero);
      v128.store(at(row, j), v);
    }
    for (; j < N; j++) {
      let v = load<f32>(at(row, j));
      if (bias) v += load<f32>(at(bias, j));
      if (relu && v < 0) v = 0;
      store<f32>(at(row, j), v);
    }
  }
}
