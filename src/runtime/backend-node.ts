// The one place that picks the tfjs backend in Node, and says which and why:
// - webgpu, through Dawn (the `webgpu` package), when asked for, or for `auto` when the adapter is
//   a real GPU (a software one such as SwiftShader computes on the CPU, slower than wasm there);
// - wasm, tfjs's WebAssembly backend with SIMD, a thread per core and the product's training
//   kernels: the fast CPU path, and what `auto` takes without a GPU;
// - cpu, plain JavaScript: the last fallback.
import { existsSync } from 'node:fs';
import { installFastPaths } from './fast-paths';
import type { TFModule } from '../../nodes/spec';
import { issue, renderIssue } from '../messages';
import { isSoftwareAdapter } from './software-adapter';

export type NodeBackendName = 'webgpu' | 'wasm' | 'cpu';
export const NODE_BACKENDS: readonly NodeBackendName[] = ['webgpu', 'wasm', 'cpu'];

export interface BackendChoice {
  name: NodeBackendName;
  /** the adapter's description on WebGPU; the build and thread count on wasm */
  device: string;
  /** why this backend: empty when it is the one asked for */
  note: string;
}

/** Debian's chromium package ships SwiftShader, a software Vulkan that lets Dawn run without a GPU. */
const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

interface Adapter {
  name: string;
  software: boolean;
}

// Dawn allows one GPU instance per process in practice: a second create() aborts the process.
let adapter: Promise<Adapter> | undefined;

function findAdapter(): Promise<Adapter> {
  adapter ??= startDawn().catch((err: unknown) => {
    adapter = undefined;
    throw err;
  });
  return adapter;
}

async function startDawn(): Promise<Adapter> {
  if (!process.env.VK_ICD_FILENAMES && !process.env.VK_DRIVER_FILES && existsSync(SWIFTSHADER_ICD)) {
    process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  }
  // Dawn's Vulkan backend complains on every start without it
  process.env.XDG_RUNTIME_DIR ??= '/tmp';
  const { create, globals } = await import('webgpu');
  Object.assign(globalThis, globals);
  const gpu = create([]);
  const nav = ((globalThis as { navigator?: object }).navigator ??= {}) as { gpu?: unknown };
  Object.defineProperty(nav, 'gpu', { value: gpu, configurable: true });
  const found = await gpu.requestAdapter();
  if (!found) throw new Error('no WebGPU adapter (no Vulkan driver found)');
  const info = found.info;
  const name = [info.vendor, info.architecture, info.description].filter(Boolean).join(' ') || 'WebGPU adapter';
  return { name, software: isSoftwareAdapter(info) };
}

async function startWebGpu(tf: TFModule): Promise<string> {
  const { name } = await findAdapter();
  // the backend registers itself on import, and only when navigator.gpu exists
  await import('@tensorflow/tfjs-backend-webgpu');
  if (!(await tf.setBackend('webgpu'))) throw new Error('the tfjs webgpu backend failed to start');
  return name;
}

async function startWasm(tf: TFModule): Promise<string> {
  // loaded only when chosen: it starts worker threads
  const { startNodeWasm } = await import('./wasm/start-node');
  const { threads, simd } = await startNodeWasm(tf);
  return `WebAssembly${simd ? ' SIMD' : ''}, ${threads} thread${threads === 1 ? '' : 's'}`;
}

async function startCpu(tf: TFModule): Promise<string> {
  await tf.setBackend('cpu');
  // tfjs's CPU backend greets its first tensor in Node with advice to install tfjs-node, which
  // the product does not use (its fast CPU path is WebAssembly): the banner is wrong here
  const backend = tf.findBackend('cpu') as { firstUse?: boolean } | null;
  if (backend && 'firstUse' in backend) backend.firstUse = false;
  return 'CPU (JavaScript)';
}

const reasonOf = (err: unknown) => (err instanceof Error ? err.message : String(err));
const LABEL: Record<NodeBackendName, string> = { webgpu: 'WebGPU', wasm: 'WebAssembly', cpu: 'the CPU (plain JavaScript)' };

export async function selectNodeBackend(tf: TFModule, wanted: NodeBackendName | 'auto'): Promise<BackendChoice> {
  installFastPaths(tf);
  if (wanted === 'cpu') return { name: 'cpu', device: await startCpu(tf), note: '' };
  if (wanted === 'webgpu') {
    try {
      return { name: 'webgpu', device: await startWebGpu(tf), note: '' };
    } catch (err) {
      throw new Error(renderIssue(issue('run.noBackend', { tried: `webgpu (${reasonOf(err)})` })));
    }
  }
  const notes: string[] = [];
  if (wanted === 'auto') {
    try {
      const found = await findAdapter();
      if (!found.software) return { name: 'webgpu', device: await startWebGpu(tf), note: '' };
      notes.push(renderIssue(issue('run.softwareGpuSkipped', { device: found.name })));
    } catch {
      // no GPU at all: WebAssembly is the plan, nothing to report
    }
  }
  try {
    return { name: 'wasm', device: await startWasm(tf), note: notes.join(' ') };
  } catch (err) {
    notes.push(renderIssue(issue('run.backendFallback', { wanted: LABEL.wasm, got: LABEL.cpu, reason: reasonOf(err) })));
    return { name: 'cpu', device: await startCpu(tf), note: notes.join(' ') };
  }
}
