// The context a kernel over the SIMD exports runs in: the exports, pointers to tfjs's tensors,
// outputs, scratch space that is freed when the kernel returns, and jobs for the kernel threads.
import type * as TF from '@tensorflow/tfjs';
import { loadedKernelsOf, memoryOf, type WasmKernelExports } from './module';

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
  /** tfjs's memory, which the kernels share */
  memory: WebAssembly.Memory;
  /** threads a job runs on, the caller's included */
  threads: number;
  ptr(t: Info): number;
  output(shape: number[], dtype?: TF.DataType): Info;
  /** float32 scratch of n values, freed when the kernel returns */
  scratch(n: number): number;
  /**
   * Runs a job on every thread (assembly/jobs.ts): its i32 words in the order `fields` gives, with
   * SCRATCH (the first of the threads' scratch blocks, 16-byte aligned) and SCRATCH_BYTES (each
   * thread's block) filled in; returns those two (what a thread left in its scratch can be read after).
   */
  runJob<F extends string>(fields: readonly F[], job: Partial<Record<F, number>>, scratchBytesPerThread: number): { scratch: number; bytes: number };
}

export function withWasmContext(backend: WasmBackendLike, body: (c: KernelContext) => Info | Info[]): Info | Info[] {
  const loaded = loadedKernelsOf(backend.wasm);
  const memory = memoryOf(backend.wasm);
  if (!loaded || !memory) throw new Error('the WebAssembly SIMD kernels are not loaded for this backend');
  const temps: Info[] = [];
  const scratch = (n: number) => {
    const t = backend.makeOutput([Math.max(1, n)], 'float32');
    temps.push(t);
    return backend.dataIdMap.get(t.dataId).memoryOffset;
  };
  const c: KernelContext = {
    k: loaded.exports,
    memory,
    threads: loaded.pool.threads,
    ptr: (t) => backend.dataIdMap.get(t.dataId).memoryOffset,
    output: (shape, dtype = 'float32') => backend.makeOutput(shape, dtype),
    scratch,
    runJob(fields, job, scratchBytesPerThread) {
      const block = scratch(fields.length);
      const bytes = Math.ceil(scratchBytesPerThread / 16) * 16;
      const first = Math.ceil(scratch((bytes * loaded.pool.threads) / 4 + 4) / 16) * 16;
      const words = fields.map((f) => (f === 'SCRATCH' ? first : f === 'SCRATCH_BYTES' ? bytes : job[f] ?? 0));
      new Int32Array(memory.buffer, block, fields.length).set(words);
      loaded.pool.run(block);
      return { scratch: first, bytes };
    },
  };
  try {
    return body(c);
  } finally {
    for (const t of temps) backend.disposeData(t.dataId);
  }
}
