// tfjs-backend-wasm ships the script of its pthread workers as a string in a JavaScript module
// without types; the threaded start (src/runtime/wasm/) reads it.
declare module '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js' {
  export const wasmWorkerContents: string;
}
