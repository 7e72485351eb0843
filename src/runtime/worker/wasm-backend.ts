// tfjs's WebAssembly backend in the browser's training worker: the threaded SIMD build on every
// core where the page is cross-origin isolated (the app's server sends the headers; see the
// README's hosting note), else tfjs's single-threaded start. Its files are bundled by Vite
// (nothing is fetched from elsewhere); the product's kernels (src/runtime/kernels/, the SIMD
// kernels) go in before it starts. backend-browser.ts calls it only when wasm is the choice.
import type { TFModule } from '../../../nodes/spec';
import * as wasmPackage from '@tensorflow/tfjs-backend-wasm';
import plainWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simdWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import * as threadedFactory from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js';
// the same script unbundled, for the pthread workers to load (the bundled function's source names
// variables of the bundle around it, so it cannot be handed over as text)
import threadedScript from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js?url';
import { wasmWorkerContents } from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js';
import { issue, renderIssue } from '../../messages';
import type { Started } from '../backend-browser';
import { registerProductKernels } from '../kernels/register';
import { registerWasmSimdKernels } from '../wasm-kernels/kernels';
import { loadWasmKernels } from '../wasm-kernels/module';
import { canUseWasmThreads, clampThreads, registerThreadedWasm, type WasmFactory } from '../wasm/threaded';

let prepared: 'threads' | 'one' | undefined;

/** What the device line says: which build of the backend runs (SIMD or not, threads or one). */
export function wasmDeviceName(simd: boolean, threads: number): string {
  return `WebAssembly${simd ? ' SIMD' : ''}, ${threads > 1 ? `${threads} threads` : 'one thread'}`;
}

function prepare(tf: TFModule): 'threads' | 'one' {
  if (prepared) return prepared;
  if (canUseWasmThreads()) {
    const factory = ((threadedFactory as unknown as { default?: WasmFactory }).default ?? threadedFactory) as unknown as WasmFactory;
    registerThreadedWasm(tf, wasmPackage, {
      factory,
      wasmBinary: async () => (await fetch(threadedWasm)).arrayBuffer(),
      // the pthread workers start from tfjs's worker script, which then loads the factory's script
      workerScript: URL.createObjectURL(new Blob([wasmWorkerContents.replace(/\n/g, '\\n')], { type: 'application/javascript' })),
      mainScript: new URL(threadedScript, globalThis.location.href).href,
    }, globalThis.navigator?.hardwareConcurrency ?? 1);
    prepared = 'threads';
  } else {
    // tfjs refuses new paths once the backend started (a later session of this worker)
    wasmPackage.setWasmPaths({ 'tfjs-backend-wasm.wasm': plainWasm, 'tfjs-backend-wasm-simd.wasm': simdWasm, 'tfjs-backend-wasm-threaded-simd.wasm': threadedWasm });
    prepared = 'one';
  }
  return prepared;
}

export async function startWasmBackend(tf: TFModule): Promise<Started | { reason: string }> {
  if (typeof WebAssembly !== 'object') return { reason: 'this browser has no WebAssembly' };
  const mode = prepare(tf);
  registerProductKernels(tf, 'wasm');
  registerWasmSimdKernels(tf);
  if (!(await tf.setBackend('wasm'))) return { reason: 'the tfjs WebAssembly backend failed to start' };
  const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
  const threads = mode === 'threads' ? wasmPackage.getThreadsCount() : 1;
  if (simd) await loadWasmKernels((tf.backend() as unknown as { wasm: object }).wasm, threads);
  const notes = mode === 'threads' ? [] : [noThreadsNote()];
  return { device: wasmDeviceName(simd, threads), software: false, notes };
}

/** Why WebAssembly runs on one thread here. */
function noThreadsNote(): string {
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated !== false;
  return renderIssue(issue('run.wasmOneThread', { cores: clampThreads(globalThis.navigator?.hardwareConcurrency ?? 1), isolated }));
}
