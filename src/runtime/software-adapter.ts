// Whether a WebGPU adapter computes on the CPU (SwiftShader, llvmpipe, WARP, or one the browser
// flags as its fallback): training there is slower than WebAssembly on the same cores.
const SOFTWARE = /swiftshader|llvmpipe|lavapipe|softpipe|\bwarp\b|microsoft basic render|software/i;

export interface AdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}

export function isSoftwareAdapter(info: AdapterInfoLike | undefined, flaggedFallback = false): boolean {
  if (flaggedFallback || info?.isFallbackAdapter === true) return true;
  if (!info) return false;
  return SOFTWARE.test([info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' '));
}
