// The WebAssembly backend in Node: SIMD, and one XNNPACK thread per core (tfjs alone runs it on one
// thread in Node). The pthread workers are Node worker_threads started from a script file: tfjs ships
// that script as a string inside a JavaScript module, so it is written once to a temporary file.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import v8 from 'node:v8';
import path from 'node:path';
import * as wasmPackage from '@tensorflow/tfjs-backend-wasm';
import type { TFModule } from '../../../nodes/spec';
import { registerProductKernels } from '../kernels/register';
import { registerWasmSimdKernels } from '../wasm-kernels/kernels';
import { loadWasmKernels } from '../wasm-kernels/module';
import { canUseWasmThreads, clampThreads, registerThreadedWasm, type WasmFactory } from './threaded';

const require = createRequire(import.meta.url);
const OUT_DIR = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js'));
const MAIN_SCRIPT = path.join(OUT_DIR, 'tfjs-backend-wasm-threaded-simd.js');

let workerScript: string | undefined;
function pthreadWorkerScript(): string {
  if (workerScript) return workerScript;
  const { wasmWorkerContents } = require(path.join(OUT_DIR, 'tfjs-backend-wasm-threaded-simd.worker.js')) as { wasmWorkerContents: string };
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'tensorloom-wasm-')), 'pthread-worker.cjs');
  // the string holds "\n" escapes that must stay escapes in the script (tfjs does the same)
  writeFileSync(file, wasmWorkerContents.replace(/\n/g, '\\n'));
  return (workerScript = file);
}

/** Cores this process may use: the default thread count. */
export const nodeCores = (): number => (typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);

export interface WasmStart {
  threads: number;
  simd: boolean;
  /** whether the product's SIMD kernels run (they need SIMD) */
  kernels: boolean;
  /** whether they fuse multiply-adds (relaxed SIMD) */
  relaxed: boolean;
}

let registered: number | undefined;

/**
 * Makes `tf.setBackend('wasm')` start the threaded SIMD build on `threads` threads (every core by
 * default), with the product's training kernels; falls back to tfjs's single-threaded start where
 * this Node has no WebAssembly threads. The thread count is fixed for the life of the process.
 */
export async function startNodeWasm(tf: TFModule, threads = nodeCores()): Promise<WasmStart> {
  if (canUseWasmThreads() && registered === undefined) {
    registered = clampThreads(threads);
    registerThreadedWasm(tf, wasmPackage, {
      factory: require(MAIN_SCRIPT) as WasmFactory,
      wasmBinary: () => readFile(path.join(OUT_DIR, 'tfjs-backend-wasm-threaded-simd.wasm')),
      workerScript: pthreadWorkerScript(),
      mainScript: MAIN_SCRIPT,
    }, registered);
  }
  registerProductKernels(tf, 'wasm');
  registerWasmSimdKernels(tf);
  if (!(await tf.setBackend('wasm'))) throw new Error('the tfjs WebAssembly backend failed to start');
  const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
  // Node 20's V8 has relaxed SIMD (fused multiply-adds for the GEMM engine) behind a flag
  v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
  const count = wasmPackage.getThreadsCount();
  const kernels = simd ? await loadWasmKernels((tf.backend() as unknown as { wasm: object }).wasm, count) : null;
  return { threads: count, simd, kernels: kernels !== null, relaxed: kernels?.relaxed ?? false };
}
