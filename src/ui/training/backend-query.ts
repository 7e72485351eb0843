// The backend a page address asks for: ?backend=wasm (or webgpu, webgl, cpu) starts training there
// and falls back down the list from it; anything else lets the browser choose (auto).
import type { BrowserBackendName } from '../../runtime/backend-browser';

const NAMES: readonly BrowserBackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

export function wantedBackend(search: string): BrowserBackendName | 'auto' {
  const asked = new URLSearchParams(search).get('backend');
  return NAMES.find((n) => n === asked) ?? 'auto';
}
