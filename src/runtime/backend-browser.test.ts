// The browser's backend choice with a stand-in tfjs and navigator: the order WebGPU → WebGL → CPU,
// the device named, and a note that says why a faster backend was not used and what to do.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TFModule } from '../../nodes/spec';
import { selectBrowserBackend } from './backend-browser';

/** A tfjs stand-in whose setBackend succeeds for the names given. */
function fakeTf(working: string[], renderer = 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device))') {
  let current = '';
  const gl = { RENDERER: 0x1f01, getParameter: () => renderer, getExtension: () => null };
  return {
    setBackend: async (name: string) => {
      if (!working.includes(name)) return false;
      current = name;
      return true;
    },
    backend: () => (current === 'webgl' ? { gpgpu: { gl } } : {}),
  } as unknown as TFModule;
}

function gpuWith(adapter: object | null) {
  return { gpu: { requestAdapter: async () => adapter } };
}

afterEach(() => vi.unstubAllGlobals());

describe('selectBrowserBackend', () => {
  it('falls back to WebGL when the browser has no WebGPU, and says why and what to do', async () => {
    vi.stubGlobal('isSecureContext', true);
    vi.stubGlobal('navigator', {});
    const c = await selectBrowserBackend(fakeTf(['webgl', 'cpu'], 'ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11)'));
    expect(c).toMatchObject({ name: 'webgl', device: 'ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11)', software: false });
    expect(c.notes).toHaveLength(1);
    expect(c.notes[0]).toMatch(/^WebGPU is not available here \(this browser has no WebGPU.*\); training runs on WebGL, which is slower\. For WebGPU, use/);
  });

  it('passes over a software WebGL (SwiftShader) for a faster backend, and says so', async () => {
    vi.stubGlobal('isSecureContext', true);
    vi.stubGlobal('navigator', {});
    const c = await selectBrowserBackend(fakeTf(['webgl', 'cpu']));
    expect(c.name).toBe('cpu');
    expect(c.notes.some((n) => /^WebGL here runs on ANGLE \(Google, Vulkan 1\.3\.0 \(SwiftShader Device\)\), a software adapter/.test(n))).toBe(true);
    // asked for by name, it is taken
    const asked = await selectBrowserBackend(fakeTf(['webgl', 'cpu']), 'webgl');
    expect(asked).toMatchObject({ name: 'webgl', software: true });
  });

  it('names every backend that failed on the way down to the CPU', async () => {
    vi.stubGlobal('isSecureContext', true);
    vi.stubGlobal('navigator', gpuWith(null));
    const c = await selectBrowserBackend(fakeTf(['cpu']));
    expect(c).toMatchObject({ name: 'cpu', device: 'CPU (JavaScript)', software: false });
    expect(c.notes[0]).toContain('WebGPU: the browser offers no WebGPU adapter');
    expect(c.notes[0]).toContain('WebGL: no WebGL 2 context could be created');
    expect(c.notes[0]).toContain('training runs on the CPU (plain JavaScript)');
  });

  it('explains that WebGPU needs a secure context', async () => {
    vi.stubGlobal('isSecureContext', false);
    vi.stubGlobal('navigator', gpuWith({}));
    const c = await selectBrowserBackend(fakeTf(['webgl', 'cpu'], 'NVIDIA GeForce RTX 3060'));
    expect(c).toMatchObject({ name: 'webgl', software: false });
    expect(c.notes[0]).toContain('WebGPU needs HTTPS or localhost');
  });

  it('starts at the backend asked for, without notes', async () => {
    const c = await selectBrowserBackend(fakeTf(['webgpu', 'webgl', 'cpu']), 'cpu');
    expect(c).toEqual({ name: 'cpu', device: 'CPU (JavaScript)', software: false, notes: [] });
  });

  it('throws the coded message when nothing starts', async () => {
    vi.stubGlobal('isSecureContext', true);
    vi.stubGlobal('navigator', {});
    await expect(selectBrowserBackend(fakeTf([]))).rejects.toThrow(/^No tfjs backend could be started \(tried webgpu \(this browser has no WebGPU/);
  });
});
