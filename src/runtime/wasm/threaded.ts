// tfjs's WebAssembly backend built with SIMD and threads, started by the product itself in Node and
// in the browser. tfjs's own start-up cannot do what training needs here: in Node it turns threads
// off altogether, and everywhere it gives XNNPACK (its convolution and matrix kernels) half the
// logical cores at most, one thread on a 2-core machine. So this calls the threaded Emscripten
// module's factory directly, tells it how many cores to use (its `emscripten_num_logical_cores`
// import, which the module halves), and hands the module to tfjs's own `BackendWasm`. The kernels
// tfjs registered for 'wasm' stay as they are: only the backend's factory is replaced.
import type { KernelBackend } from '@tensorflow/tfjs';
import type { TFModule } from '../../../nodes/spec';

/** The Emscripten module the factory resolves to (the parts used here). */
export interface WasmModule {
  cwrap: (name: string, ret: string | null, args: string[]) => (...a: number[]) => number;
  wasmMemory?: WebAssembly.Memory;
  HEAPU8: Uint8Array;
  PThread?: { runningWorkers: { unref?: () => void }[]; unusedWorkers: { unref?: () => void }[] };
  tfjs?: Record<string, unknown>;
}

type Imports = WebAssembly.Imports & { env: Record<string, unknown> };
type Receive = (instance: WebAssembly.Instance, module: WebAssembly.Module) => void;

export interface FactoryConfig {
  locateFile: (file: string, prefix: string) => string;
  mainScriptUrlOrBlob: string | Blob;
  instantiateWasm: (imports: Imports, receive: Receive) => object;
}

export type WasmFactory = (config: FactoryConfig) => Promise<WasmModule>;

export interface ThreadedWasmFiles {
  factory: WasmFactory;
  /** the bytes of tfjs-backend-wasm-threaded-simd.wasm */
  wasmBinary: () => Promise<BufferSource>;
  /** where each pthread worker starts: a file path (Node) or a URL (browser) */
  workerScript: string;
  /** what each pthread worker loads to make its copy of the module: the factory's script */
  mainScript: string | Blob;
}

/** The parts of @tensorflow/tfjs-backend-wasm used here (imported by the caller, so Node and the bundle each take their build). */
export interface WasmPackage {
  // the module's own type in tfjs lists more than this file uses
  BackendWasm: new (module: never) => KernelBackend;
  setThreadsCount: (n: number) => void;
  getThreadsCount: () => number;
}

/** Whether this JavaScript engine can run WebAssembly threads (shared memory, and pages that are cross-origin isolated). */
export function canUseWasmThreads(): boolean {
  if (typeof SharedArrayBuffer === 'undefined') return false;
  if (typeof (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === 'boolean' && !globalThis.crossOriginIsolated) return false;
  try {
    return new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true }).buffer instanceof SharedArrayBuffer;
  } catch {
    return false;
  }
}

// XNNPACK's thread pool tops out at the 8 workers the module creates at start-up
export const MAX_WASM_THREADS = 8;

export const clampThreads = (wanted: number): number => Math.max(1, Math.min(MAX_WASM_THREADS, Math.floor(wanted) || 1));

type ProcessEvents = 'uncaughtException' | 'unhandledRejection';
const PROCESS_EVENTS: ProcessEvents[] = ['uncaughtException', 'unhandledRejection'];
type NodeProcess = { listeners(e: ProcessEvents): ((...a: unknown[]) => void)[]; removeListener(e: ProcessEvents, f: (...a: unknown[]) => void): void };
const nodeProcess = (): NodeProcess | undefined => (globalThis as { process?: NodeProcess }).process;

function nodeErrorListeners(): Map<ProcessEvents, unknown[]> {
  return new Map(PROCESS_EVENTS.map((e) => [e, nodeProcess()?.listeners(e) ?? []]));
}

/**
 * In Node the module's start-up adds process handlers that rethrow every uncaught error, which
 * makes Node print the module's whole minified source with it: they go, Node's own report stays.
 */
function dropListenersAddedSince(before: Map<ProcessEvents, unknown[]>): void {
  const proc = nodeProcess();
  if (!proc) return;
  for (const e of PROCESS_EVENTS) for (const f of proc.listeners(e)) if (!before.get(e)!.includes(f)) proc.removeListener(e, f);
}

/**
 * Replaces the factory of tfjs's 'wasm' backend with one that starts the threaded module on
 * `threads` threads. Call before the backend is first set; setBackend('wasm') then starts it.
 */
export function registerThreadedWasm(tf: TFModule, pkg: WasmPackage, files: ThreadedWasmFiles, threads: number): void {
  const count = clampThreads(threads);
  if (tf.findBackendFactory('wasm')) tf.removeBackend('wasm');
  tf.registerBackend('wasm', async () => {
    const before = nodeErrorListeners();
    const module = await files.factory({
      locateFile: (file) => (file.endsWith('.worker.js') ? files.workerScript : file),
      mainScriptUrlOrBlob: files.mainScript,
      instantiateWasm: (imports, receive) => {
        // the module keeps half of what this says for XNNPACK (it assumes two threads per core)
        imports.env['emscripten_num_logical_cores'] = () => 2 * count;
        void files.wasmBinary().then((bytes) => WebAssembly.instantiate(bytes, imports)).then((r) => receive(r.instance, r.module));
        return {};
      },
    });
    dropListenersAddedSince(before);
    module.tfjs = {
      init: module.cwrap('init', null, []),
      initWithThreadsCount: module.cwrap('init_with_threads_count', null, ['number']),
      getThreadsCount: module.cwrap('get_threads_count', 'number', []),
      registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
      disposeData: module.cwrap('dispose_data', null, ['number']),
      dispose: module.cwrap('dispose', null, []),
    };
    pkg.setThreadsCount(count);
    const backend = new pkg.BackendWasm(module as never);
    // The pool's threads wait on the main thread's work; they must not keep a Node process alive.
    for (const w of [...(module.PThread?.runningWorkers ?? []), ...(module.PThread?.unusedWorkers ?? [])]) w.unref?.();
    return backend;
  }, 2);
}
