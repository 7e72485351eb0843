// The product's WebAssembly SIMD kernels (assembly/, compiled by `npm run kernels`), instantiated
// inside the memory of tfjs's WebAssembly backend, so they read and write tfjs's tensors where
// they lie: no copy in or out. One instance per backend module; the threaded build's memory is
// shared, the single-threaded one's is not, and each takes its own variant of the binary, with
// relaxed SIMD (fused multiply-adds) where the engine has it. On shared memory the GEMM engine
// also gets a pool of threads (pool.ts).
import { OWN_MEMORY, OWN_MEMORY_RELAXED, SHARED_MEMORY, SHARED_MEMORY_RELAXED } from './build/binaries';
import { startPool, type Pool } from './pool';

type Ptr = number;

/** The exports of assembly/index.ts: pointers are byte offsets in tfjs's memory. */
export interface WasmKernelExports {
  adam(n: number, x: Ptr, m: Ptr, v: Ptr, g: Ptr, xOut: Ptr, mOut: Ptr, vOut: Ptr, beta1: number, oneMinusBeta1: number,
    beta2: number, oneMinusBeta2: number, negLearningRate: number, epsilon: number, accBeta1: Ptr, accBeta2: Ptr): void;
  leakyRelu(n: number, x: Ptr, alpha: number, out: Ptr): void;
  leakyReluGrad(n: number, dy: Ptr, x: Ptr, alpha: number, out: Ptr): void;
  reluGrad(n: number, dy: Ptr, x: Ptr, out: Ptr): void;
  swish(n: number, x: Ptr, alpha: number, out: Ptr): void;
  swishGrad(n: number, dy: Ptr, x: Ptr, alpha: number, out: Ptr): void;
  sumRows(rows: number, cols: number, x: Ptr, out: Ptr, acc: Ptr): void;
  bnStats(count: number, channels: number, x: Ptr, out: Ptr, acc: Ptr): void;
  bnNormalize(count: number, channels: number, x: Ptr, stats: Ptr, gamma: Ptr, beta: Ptr, eps: number, out: Ptr, tmp: Ptr): void;
  bnMoving(channels: number, moving: Ptr, stat: Ptr, decay: number, out: Ptr): void;
  bnSums(count: number, channels: number, dy: Ptr, x: Ptr, stats: Ptr, eps: number, dbeta: Ptr, dgamma: Ptr, acc: Ptr, tmp: Ptr): void;
  matmul(M: number, N: number, K: number, a: Ptr, aRowStride: number, aColStride: number, b: Ptr, out: Ptr): void;
  packTranspose(rows: number, cols: number, src: Ptr, dst: Ptr): void;
  biasRelu(M: number, N: number, out: Ptr, bias: Ptr, relu: number): void;
  maxPoolGrad(n: number, h: number, w: number, c: number, oh: number, ow: number, strideH: number, strideW: number, dilationH: number, dilationW: number,
    filterH: number, filterW: number, padTop: number, padLeft: number, x: Ptr, dy: Ptr, dx: Ptr): void;
  resizeNearestGrad(n: number, h: number, w: number, c: number, oh: number, ow: number, rows: Ptr, cols: Ptr, dy: Ptr, dx: Ptr): void;
  gnStats(B: number, S: number, C: number, G: number, x: Ptr, out: Ptr, acc: Ptr, tmp: Ptr): void;
  gnNormalize(B: number, S: number, C: number, G: number, x: Ptr, stats: Ptr, gamma: Ptr, beta: Ptr, eps: number, out: Ptr, tmp: Ptr): void;
  gnGrads(B: number, S: number, C: number, G: number, dy: Ptr, x: Ptr, stats: Ptr, gamma: Ptr, eps: number, dx: Ptr, dgamma: Ptr, dbeta: Ptr, acc: Ptr, tmp: Ptr): void;
  gnTotals(threads: number, C: number, scratch: Ptr, scratchBytes: number, dgamma: Ptr, dbeta: Ptr): void;
  packB(n1: number, n2: number, n3: number, s1: number, s2: number, s3: number, n: number, sn: number, base: Ptr, dst: Ptr): void;
  run(job: Ptr, t: number, threads: number): void;
  dropout(n: number, x: Ptr, out: Ptr, k0: number, k1: number, blockLo: number, blockHi: number, lane0: number, rate: number, scale: number, words: Ptr): void;
  bnDx(count: number, channels: number, dy: Ptr, x: Ptr, stats: Ptr, gamma: Ptr, dbeta: Ptr, dgamma: Ptr, eps: number, out: Ptr, tmp: Ptr): void;
  gatherRows(outer: number, axisDim: number, slice: number, x: Ptr, count: number, idx: Ptr, out: Ptr): number;
  concatRows(rows: number, parts: number, table: Ptr, out: Ptr): void;
  splitRows(rows: number, parts: number, table: Ptr, x: Ptr): void;
  relu(n: number, x: Ptr, out: Ptr): void;
  addRows(rows: number, cols: number, a: Ptr, b: Ptr, out: Ptr): void;
}

/** The parts of tfjs's Emscripten module that hold its memory. */
interface EmscriptenMemory {
  wasmMemory?: WebAssembly.Memory;
  asm?: { memory?: WebAssembly.Memory };
  _malloc?: (bytes: number) => number;
}

export interface LoadedKernels {
  exports: WasmKernelExports;
  pool: Pool;
  /** whether this instance fuses multiply-adds (relaxed SIMD) */
  relaxed: boolean;
}

const decode = (b64: string): Uint8Array => Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));

const compiled = new Map<string, Promise<WebAssembly.Module>>();
const instances = new WeakMap<object, LoadedKernels>();

const BINARIES = { SHARED_MEMORY_RELAXED, SHARED_MEMORY, OWN_MEMORY_RELAXED, OWN_MEMORY };

/** Whether this engine runs relaxed SIMD (Node 20 needs --experimental-wasm-relaxed-simd, which the Node start sets). */
function hasRelaxedSimd(): boolean {
  try {
    return WebAssembly.validate(decode(OWN_MEMORY_RELAXED) as BufferSource);
  } catch {
    return false;
  }
}

function compiledVariant(name: keyof typeof BINARIES): Promise<WebAssembly.Module> {
  let m = compiled.get(name);
  if (!m) {
    m = WebAssembly.compile(decode(BINARIES[name]) as BufferSource);
    compiled.set(name, m);
  }
  return m;
}

export function memoryOf(module: EmscriptenMemory): WebAssembly.Memory | undefined {
  return module.wasmMemory ?? module.asm?.memory;
}

/**
 * Instantiates the kernels in the memory of tfjs's Emscripten module (the wasm backend's `wasm`),
 * with a pool of `threads` threads on shared memory; null when that memory cannot be found. Once
 * per module.
 */
export async function loadWasmKernels(module: EmscriptenMemory, threads = 1): Promise<LoadedKernels | null> {
  const known = instances.get(module);
  if (known) return known;
  const memory = memoryOf(module);
  if (!memory) return null;
  const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  const relaxed = hasRelaxedSimd();
  const binary = await compiledVariant(`${shared ? 'SHARED' : 'OWN'}_MEMORY${relaxed ? '_RELAXED' : ''}`);
  const instance = await WebAssembly.instantiate(binary, { env: { memory } });
  const exports = instance.exports as unknown as WasmKernelExports;
  const poolThreads = shared && module._malloc ? Math.max(1, threads) : 1;
  const control = poolThreads > 1 ? module._malloc!(24) : 0;
  const pool = await startPool({ module: binary, memory, control, threads: poolThreads, run: exports.run });
  const loaded = { exports, pool, relaxed };
  instances.set(module, loaded);
  return loaded;
}

/** The kernels of a module, once loadWasmKernels has run for it. */
export const wasmKernelsOf = (module: object): WasmKernelExports | undefined => instances.get(module)?.exports;

/** The kernels, their pool and build, once loadWasmKernels has run for the module. */
export const loadedKernelsOf = (module: object): LoadedKernels | undefined => instances.get(module);
