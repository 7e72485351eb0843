// The one place that picks the tfjs backend in the browser (page or worker): WebGPU, else WebGL,
// else WebAssembly, else the plain-JS CPU backend; a GPU that is software (it computes on the
// CPU) only when asked for or when nothing else starts. It says which one runs, on what device,
// and, when it is not WebGPU on a real GPU, why and what the person can do. The choice itself
// (pickBackend) is pure over the starters, so tests drive it with fakes.
import type { TFModule } from '../../nodes/spec';
import { issue, renderIssue } from '../messages';
import { isSoftwareAdapter } from './software-adapter';

export type BrowserBackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';

export interface BrowserBackendChoice {
  name: BrowserBackendName;
  /** the adapter or renderer, e.g. "google swiftshader" or "NVIDIA GeForce RTX 3060" */
  device: string;
  /** true when the "GPU" is a software rasteriser running on the CPU */
  software: boolean;
  /** rendered messages: why a faster backend was not used, and what to do */
  notes: string[];
}

export const BACKEND_LABEL: Record<BrowserBackendName, string> = {
  webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WebAssembly (on the CPU)', cpu: 'the CPU (plain JavaScript)',
};
/** fastest first: each one is tried when the ones before it cannot start */
export const BACKEND_ORDER: readonly BrowserBackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];
const LABEL = BACKEND_LABEL;

export type Started = { device: string; software: boolean; notes?: string[] };
export type Starter = () => Promise<Started | { reason: string }>;

/** Why WebGPU cannot start here, or the adapter it would use. */
async function webgpuAdapter(): Promise<{ adapter: GPUAdapter } | { reason: string }> {
  if (!globalThis.isSecureContext) return { reason: 'the page is not a secure context, and WebGPU needs HTTPS or localhost' };
  const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
  if (!gpu) return { reason: 'this browser has no WebGPU (navigator.gpu is missing)' };
  let adapter: GPUAdapter | null = null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (e) {
    return { reason: `requesting a GPU adapter failed: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (!adapter) return { reason: 'the browser offers no WebGPU adapter: the GPU may be blocklisted or hardware acceleration turned off' };
  return { adapter };
}

function adapterName(info: GPUAdapterInfo | undefined): string {
  if (!info) return 'WebGPU adapter';
  return [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' ') || 'WebGPU adapter';
}

async function startWebgpu(tf: TFModule): Promise<Started | { reason: string }> {
  const found = await webgpuAdapter();
  if ('reason' in found) return found;
  // the backend registers itself on import, and only when navigator.gpu exists
  await import('@tensorflow/tfjs-backend-webgpu');
  if (!(await tf.setBackend('webgpu'))) return { reason: 'the tfjs WebGPU backend failed to start' };
  const info = found.adapter.info as GPUAdapterInfo | undefined;
  const flagged = (found.adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter === true;
  return { device: adapterName(info), software: isSoftwareAdapter(info, flagged) };
}

async function startWebgl(tf: TFModule): Promise<Started | { reason: string }> {
  let ok = false;
  try {
    ok = await tf.setBackend('webgl');
  } catch (e) {
    return { reason: `WebGL failed to start: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (!ok) return { reason: 'no WebGL 2 context could be created' };
  // the WebGL backend keeps its context on gpgpu.gl; the renderer string names the GPU
  const gl = (tf.backend() as unknown as { gpgpu?: { gl?: WebGL2RenderingContext } }).gpgpu?.gl;
  // RENDERER says "WebKit WebGL" in Chromium; the unmasked name tells SwiftShader from a GPU
  const unmasked = gl?.getExtension('WEBGL_debug_renderer_info');
  const renderer = gl ? String(gl.getParameter(unmasked ? unmasked.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '') : '';
  return { device: renderer || 'WebGL device', software: isSoftwareAdapter({ description: renderer }) };
}

async function startWasm(tf: TFModule): Promise<Started | { reason: string }> {
  // its .wasm files are bundled with the app; the module that names them loads only when needed
  const { startWasmBackend } = await import('./worker/wasm-backend');
  return startWasmBackend(tf);
}

async function startCpu(tf: TFModule): Promise<Started | { reason: string }> {
  if (!(await tf.setBackend('cpu'))) return { reason: 'the tfjs CPU backend failed to start' };
  return { device: 'CPU (JavaScript)', software: false };
}

const STARTERS: Record<BrowserBackendName, (tf: TFModule) => Promise<Started | { reason: string }>> = {
  webgpu: startWebgpu,
  webgl: startWebgl,
  wasm: startWasm,
  cpu: startCpu,
};

/** The backends to try for a wish, in order: from `wanted` down the list. */
export function candidatesFor(wanted: BrowserBackendName | 'auto'): BrowserBackendName[] {
  return BACKEND_ORDER.slice(wanted === 'auto' ? 0 : Math.max(0, BACKEND_ORDER.indexOf(wanted)));
}

/**
 * Starts the first backend that works, from `wanted` down the list webgpu → webgl → wasm → cpu.
 * Throws (with the coded run.noBackend message) only when none starts.
 */
export async function selectBrowserBackend(tf: TFModule, wanted: BrowserBackendName | 'auto' = 'auto'): Promise<BrowserBackendChoice> {
  const starters = Object.fromEntries(BACKEND_ORDER.map((n) => [n, () => STARTERS[n](tf)])) as Record<BrowserBackendName, Starter>;
  return pickBackend(wanted, starters);
}

/** The choice itself, over starters that try one backend each (fakes in tests). */
export async function pickBackend(wanted: BrowserBackendName | 'auto', starters: Record<BrowserBackendName, Starter>): Promise<BrowserBackendChoice> {
  const failures: { name: BrowserBackendName; reason: string }[] = [];
  // a software GPU (SwiftShader, llvmpipe, WARP) computes on the CPU, slower than WebAssembly on
  // the same cores: unless asked for by name it goes to the end of the list
  const passedOver: { name: BrowserBackendName; device: string }[] = [];
  const attempt = async (name: BrowserBackendName): Promise<Started | { reason: string }> => {
    try {
      return await starters[name]();
    } catch (e) {
      return { reason: e instanceof Error ? e.message : String(e) };
    }
  };
  const chosen = (name: BrowserBackendName, started: Started, passed: typeof passedOver): BrowserBackendChoice => {
    const notes: string[] = [];
    const first = failures[0];
    if (first) {
      const reason = failures.map((f) => (failures.length > 1 ? `${LABEL[f.name]}: ${f.reason}` : f.reason)).join('; ');
      notes.push(renderIssue(issue('run.browserFallback', { wanted: LABEL[first.name], got: LABEL[name], reason })));
    }
    for (const p of passed) notes.push(renderIssue(issue('run.softwareGpuPassedOver', { backend: LABEL[p.name], device: p.device, got: LABEL[name] })));
    if (started.software && (name === 'webgpu' || name === 'webgl')) notes.push(renderIssue(issue('run.softwareGpu', { device: started.device })));
    notes.push(...(started.notes ?? []));
    return { name, device: started.device, software: started.software, notes };
  };
  for (const name of candidatesFor(wanted)) {
    const started = await attempt(name);
    if ('reason' in started) {
      failures.push({ name, reason: started.reason });
      continue;
    }
    if (wanted === 'auto' && started.software && (name === 'webgpu' || name === 'webgl')) {
      passedOver.push({ name, device: started.device });
      continue;
    }
    return chosen(name, started, passedOver);
  }
  // nothing but a software GPU: better than nothing
  for (const p of passedOver) {
    const started = await attempt(p.name);
    if (!('reason' in started)) return chosen(p.name, started, []);
  }
  throw new Error(renderIssue(issue('run.noBackend', { tried: failures.map((f) => `${f.name} (${f.reason})`).join(', ') })));
}
