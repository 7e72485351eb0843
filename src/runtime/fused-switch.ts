// One switch for the product's fused kernels on every backend that has them (WebGPU programs,
// the WebAssembly SIMD kernels), for benchmarks and tests that compare them with stock tfjs in one
// process. On by default; off, every op takes tfjs's own path. (The GPU random numbers are not
// switched: they set the numbers. The convolution and matrix kernels of src/runtime/kernels/ are
// not either: tfjs's wasm backend has no filter gradient to fall back to.)
let fusedKernels = true;

export function setFusedKernels(on: boolean): void {
  fusedKernels = on;
}

export const fusedKernelsOn = (): boolean => fusedKernels;
