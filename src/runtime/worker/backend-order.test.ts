// The browser's backend choice over fake starters: the order webgpu → webgl → wasm → cpu, a wish
// that starts further down, and the notes that say why a faster backend was not used.
import { describe, expect, it } from 'vitest';
import { candidatesFor, pickBackend, type BrowserBackendName, type Starter } from '../backend-browser';
import { wantedBackend } from '../../ui/training/backend-query';

function fakes(works: Partial<Record<BrowserBackendName, string>>, tried: string[]): Record<BrowserBackendName, Starter> {
  const one = (name: BrowserBackendName): Starter => async () => {
    tried.push(name);
    const device = works[name];
    if (device === undefined) return { reason: `no ${name} here` };
    return { device, software: /swiftshader|llvmpipe/i.test(device) };
  };
  return { webgpu: one('webgpu'), webgl: one('webgl'), wasm: one('wasm'), cpu: one('cpu') };
}

describe('choosing the browser backend', () => {
  it('tries WebGPU, WebGL, WebAssembly, then the CPU', () => {
    expect(candidatesFor('auto')).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
    expect(candidatesFor('webgl')).toEqual(['webgl', 'wasm', 'cpu']);
    expect(candidatesFor('wasm')).toEqual(['wasm', 'cpu']);
    expect(candidatesFor('cpu')).toEqual(['cpu']);
  });

  it('trains on WebAssembly rather than on a software WebGPU, and says why; a software GPU is the last resort', async () => {
    const tried: string[] = [];
    const choice = await pickBackend('auto', fakes({ webgpu: 'google swiftshader', wasm: 'WebAssembly SIMD, 2 threads', cpu: 'CPU' }, tried));
    expect(tried).toEqual(['webgpu', 'webgl', 'wasm']);
    expect(choice).toMatchObject({ name: 'wasm', device: 'WebAssembly SIMD, 2 threads' });
    expect(choice.notes.join(' ')).toContain('WebGPU here runs on google swiftshader, a software adapter that computes on the CPU, slower than WebAssembly');
    const last: string[] = [];
    expect(await pickBackend('auto', fakes({ webgpu: 'llvmpipe' }, last))).toMatchObject({ name: 'webgpu', software: true });
    expect(last).toEqual(['webgpu', 'webgl', 'wasm', 'cpu', 'webgpu']);
    const asked: string[] = [];
    expect(await pickBackend('webgpu', fakes({ webgpu: 'google swiftshader', wasm: 'w' }, asked))).toMatchObject({ name: 'webgpu', software: true });
    expect(asked).toEqual(['webgpu']);
  });

  it('runs on WebAssembly when neither GPU backend starts, and says why for both', async () => {
    const tried: string[] = [];
    const choice = await pickBackend('auto', fakes({ wasm: 'WebAssembly SIMD, one thread', cpu: 'CPU' }, tried));
    expect(tried).toEqual(['webgpu', 'webgl', 'wasm']);
    expect(choice).toMatchObject({ name: 'wasm', device: 'WebAssembly SIMD, one thread', software: false });
    expect(choice.notes).toHaveLength(1);
    expect(choice.notes[0]).toContain('WebGPU is not available here (WebGPU: no webgpu here; WebGL: no webgl here)');
    expect(choice.notes[0]).toContain('training runs on WebAssembly (on the CPU)');
  });

  it('falls from WebAssembly to the CPU, and a starter that throws counts as a failure', async () => {
    const tried: string[] = [];
    const starters = fakes({ cpu: 'CPU (JavaScript)' }, tried);
    starters.wasm = async () => {
      tried.push('wasm');
      throw new Error('instantiating the module failed');
    };
    const choice = await pickBackend('wasm', starters);
    expect(tried).toEqual(['wasm', 'cpu']);
    expect(choice.name).toBe('cpu');
    expect(choice.notes[0]).toMatch(/^WebAssembly \(on the CPU\) is not available here \(instantiating the module failed\); training runs on the CPU \(plain JavaScript\)/);
  });

  it('takes a backend that starts at once, with no note, and keeps a starter\'s own notes', async () => {
    const tried: string[] = [];
    const starters = fakes({ webgl: 'ANGLE', wasm: 'x', cpu: 'y' }, tried);
    expect(await pickBackend('webgl', starters)).toEqual({ name: 'webgl', device: 'ANGLE', software: false, notes: [] });
    starters.wasm = async () => ({ device: 'WebAssembly', software: false, notes: ['one thread only'] });
    expect((await pickBackend('wasm', starters)).notes).toEqual(['one thread only']);
  });

  it('fails naming every backend tried when none starts', async () => {
    await expect(pickBackend('auto', fakes({}, []))).rejects.toThrow(/webgpu \(no webgpu here\), webgl \(no webgl here\), wasm \(no wasm here\), cpu \(no cpu here\)/);
  });

  it('reads a wished backend from the page address', () => {
    expect(wantedBackend('?backend=wasm')).toBe('wasm');
    expect(wantedBackend('?x=1&backend=webgl')).toBe('webgl');
    expect(wantedBackend('?backend=tpu')).toBe('auto');
    expect(wantedBackend('')).toBe('auto');
  });
});
