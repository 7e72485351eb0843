// The one place that picks the tfjs backend in Node: WebGPU through Dawn (the `webgpu` package)
// when asked for or available, else the plain-JS CPU backend, and it says which and why.
import { existsSync } from 'node:fs';
import type { TFModule } from '../../nodes/spec';
import { issue, renderIssue } from '../messages';

export type NodeBackendName = 'webgpu' | 'cpu';
export interface BackendChoice {
  name: NodeBackendName;
  /** the adapter's description, when on WebGPU */
  device: string;
  /** why this backend: empty when it is the one asked for */
  note: string;
}

/** Debian's chromium package ships SwiftShader, a software Vulkan that lets Dawn run without a GPU. */
const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

// Dawn allows one GPU instance per process in practice: a second create() aborts the process.
let started: Promise<string> | undefined;

async function startWebGpu(tf: TFModule): Promise<string> {
  started ??= startDawn(tf).catch((err: unknown) => {
    started = undefined;
    throw err;
  });
  const device = await started;
  if (!(await tf.setBackend('webgpu'))) throw new Error('the tfjs webgpu backend failed to start');
  return device;
}

async function startDawn(tf: TFModule): Promise<string> {
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
  const adapter = await gpu.requestAdapter();
  if (!adapter) throw new Error('no WebGPU adapter (no Vulkan driver found)');
  // the backend registers itself on import, and only when navigator.gpu exists
  await import('@tensorflow/tfjs-backend-webgpu');
  if (!(await tf.setBackend('webgpu'))) throw new Error('the tfjs webgpu backend failed to start');
  const info = adapter.info;
  return [info.vendor, info.architecture, info.description].filter(Boolean).join(' ') || 'WebGPU adapter';
}

export async function selectNodeBackend(tf: TFModule, wanted: NodeBackendName | 'auto'): Promise<BackendChoice> {
  if (wanted !== 'cpu') {
    try {
      return { name: 'webgpu', device: await startWebGpu(tf), note: '' };
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      if (wanted === 'webgpu') throw new Error(renderIssue(issue('run.noBackend', { tried: `webgpu (${reason})` })));
      await tf.setBackend('cpu');
      return { name: 'cpu', device: 'CPU (JavaScript)', note: renderIssue(issue('run.backendFallback', { wanted: 'WebGPU', got: 'the CPU', reason })) };
    }
  }
  await tf.setBackend('cpu');
  return { name: 'cpu', device: 'CPU (JavaScript)', note: '' };
}
