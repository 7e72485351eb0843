// Small tfjs WebGPU programs of the product's own (the fused kernels): what they have in
// common with tfjs-backend-webgpu 4.22's programs, and how to run them. The backend package is not
// imported here: importing it before Dawn is up would keep it from registering itself.
import type * as TF from '@tensorflow/tfjs';
import type { TFModule } from '../../nodes/spec';
import { fusedKernelsOn } from './fused-switch';

const WORKGROUP = 64;

/** The fields tfjs's webgpu backend reads from a program. */
export interface WebGpuProgram {
  readonly variableNames: string[];
  readonly outputShape: number[];
  readonly workgroupSize: [number, number, number];
  readonly dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  shaderKey: string;
  readonly uniforms: string;
  readonly size: true;
  /** invocations that do work (the rest of the last workgroup return at once) */
  readonly threadCount: number;
  getUserCode(): string;
}

/** What the product's programs use of tfjs's webgpu backend (gpu-random's Philox program too). */
export interface WebGpuBackendLike {
  runWebGPUProgram(program: object, inputs: TF.TensorInfo[], dtype: 'float32' | 'int32', uniforms: { type: 'float32' | 'int32' | 'uint32'; data: number[] }[]): TF.TensorInfo;
}

/** tfjs's webgpu backend when it is the active one, else undefined. */
export function webgpuBackend(tf: TFModule): WebGpuBackendLike | undefined {
  if (tf.getBackend() !== 'webgpu') return undefined;
  const backend = tf.backend() as unknown as Partial<WebGpuBackendLike>;
  return typeof backend.runWebGPUProgram === 'function' ? (backend as WebGpuBackendLike) : undefined;
}

/** The webgpu backend when it is the active one and the fused kernels are on, else undefined. */
export function activeWebGpu(tf: TFModule): WebGpuBackendLike | undefined {
  return fusedKernelsOn() ? webgpuBackend(tf) : undefined;
}

/**
 * A program with an output of `shape`, run by `threads` invocations (default: one per output
 * value), each calling `body` with `index` (an i32 below `threads`). Inputs are read flat, as
 * `name[i]`; `uniforms` declares the program's own (`name : f32,` ...) after tfjs's.
 * tfjs caches the compiled shader by `shaderKey` (plus the inputs' ranks and types): the WGSL must
 * be the same for every program with the same key, so sizes go in uniforms, not in the source.
 */
export function flatProgram(shaderKey: string, shape: readonly number[], variableNames: string[], uniforms: string, body: string, threads?: number): WebGpuProgram {
  const n = threads ?? shape.reduce((a, b) => a * b, 1);
  return {
    variableNames,
    outputShape: [...shape],
    workgroupSize: [WORKGROUP, 1, 1],
    dispatchLayout: { x: shape.map((_, i) => i) },
    dispatch: [Math.ceil(n / WORKGROUP), 1, 1],
    shaderKey,
    uniforms: `threads : i32, ${uniforms}`,
    size: true,
    threadCount: n,
    getUserCode: () => `
fn main(index : i32) {
  if (index < uniforms.threads) {
    ${body}
  }
}
`,
  };
}

/** Runs a flatProgram on float32 inputs; `uniforms` are the program's own, in declaration order. */
export function runFlat(
  tf: TFModule,
  gpu: WebGpuBackendLike,
  program: WebGpuProgram,
  inputs: TF.Tensor[],
  uniforms: { f32?: number; i32?: number }[] = [],
): TF.Tensor {
  const own = uniforms.map((u) => (u.i32 !== undefined ? { type: 'int32' as const, data: [u.i32] } : { type: 'float32' as const, data: [u.f32!] }));
  const info = gpu.runWebGPUProgram(program, inputs, 'float32', [{ type: 'int32', data: [program.threadCount] }, ...own]);
  return tf.engine().makeTensorFromTensorInfo(info);
}
