// Reading a job: the i32 words the TypeScript side (src/runtime/wasm-kernels/gemm.ts) writes.
@inline export function word(job: usize, field: i32): i32 {
  return load<i32>(job + (<usize>field << 2));
}
