// tfjs's WebAssembly backend with its .wasm files bundled by Vite (nothing is fetched from
// elsewhere). Loaded only when WebGPU and WebGL cannot start; backend-browser.ts calls it.
import type { TFModule } from '../../../nodes/spec';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import plainWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simdWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { Started } from '../backend-browser';

let pathsSet = false;

/** What the device line says: which build of the backend runs (SIMD or not, threads or one). */
export function wasmDeviceName(simd: boolean, threads: boolean): string {
  return `WebAssembly${simd ? ' SIMD' : ''}, ${threads ? 'multi-threaded' : 'one thread'}`;
}

export async function startWasmBackend(tf: TFModule): Promise<Started | { reason: string }> {
  if (typeof WebAssembly !== 'object') return { reason: 'this browser has no WebAssembly' };
  // tfjs refuses new paths once the backend started (a later session of this worker)
  if (!pathsSet) {
    setWasmPaths({ 'tfjs-backend-wasm.wasm': plainWasm, 'tfjs-backend-wasm-simd.wasm': simdWasm, 'tfjs-backend-wasm-threaded-simd.wasm': threadedWasm });
    pathsSet = true;
  }
  if (!(await tf.setBackend('wasm'))) return { reason: 'the tfjs WebAssembly backend failed to start' };
  const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
  // threads need SharedArrayBuffer, which browsers give only to cross-origin isolated pages
  const threads = (await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) === true;
  return { device: wasmDeviceName(simd, threads), software: false };
}
