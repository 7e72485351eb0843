// Reading a job: the i32 words the TypeScript side (src/runtime/wasm-kernels/gemm.ts) writes.
@inline export function word(job: usize, field: i32): i32 {
  return load<i32>(job + (<usize>field << 2));
}

/** a word as an unsigned 32-bit number (widened to u64 with zeros; a cast of word()'s i32 was sign-extended) */
@inline export function uword(job: usize, field: i32): u32 {
  return load<u32>(job + (<usize>field << 2));
}
