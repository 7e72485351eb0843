// The context a kernel over the SIMD exports runs in: the exports, pointers to tfjs's tensors,
// outputs and scratch space that is freed when the kernel returns.
import type * as TF from '@tensorflow/tfjs';
import { wasmKernelsOf, type WasmKernelExports } from './module';

type Info = TF.TensorInfo;

/** The parts of tfjs's BackendWasm used here. */
export interface WasmBackendLike {
  wasm: { wasmMemory?: WebAssembly.Memory; asm?: { memory?: WebAssembly.Memory } };
  dataIdMap: { get(dataId: object): { memoryOffset: number } };
  makeOutput(shape: number[], dtype: TF.DataType): TF.TensorInfo;
  disposeData(dataId: object): void;
}

/** What a kernel body gets: the SIMD exports, pointers to tensors, outputs and scratch space. */
export interface KernelContext {
  k: WasmKernelExports;
  ptr(t: Info): number;
  output(shape: number[], dtype?: TF.DataType): Info;
  /** float32 scratch of n values, freed when the kernel returns */
  scratch(n: number): number;
}

export function withWasmContext(backend: WasmBackendLike, body: (c: KernelContext) => Info | Info[]): Info | Info[] {
  const k = wasmKernelsOf(backend.wasm);
  if (!k) throw new Error('the WebAssembly SIMD kernels are not loaded for this backend');
  const temps: Info[] = [];
  const c: KernelContext = {
    k,
    ptr: (t) => backend.dataIdMap.get(t.dataId).memoryOffset,
    output: (shape, dtype = 'float32') => backend.makeOutput(shape, dtype),
    scratch: (n) => {
      const t = backend.makeOutput([Math.max(1, n)], 'float32');
      temps.push(t);
      return backend.dataIdMap.get(t.dataId).memoryOffset;
    },
  };
  try {
    return body(c);
  } finally {
    for (const t of temps) backend.disposeData(t.dataId);
  }
}
