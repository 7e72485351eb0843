// a * b + c on four lanes: one fused instruction where the build has relaxed SIMD (the product
// builds each kernel binary with and without it, and loads the one the engine validates).
@inline export function MADD(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}
