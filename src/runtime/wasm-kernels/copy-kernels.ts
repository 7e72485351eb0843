// tfjs's GatherV2, Concat, Pack and SplitV on the wasm backend as one pass each of the copy kernels
// (assembly/copy.ts). tfjs's check every gathered index through an assertion call and copy one
// inner row per JavaScript call: a batch's pixel lookup or a stack along the last axis is a call per
// element, a channel concatenation a call per pixel. Cases they do not cover go to tfjs's kernels.
import type * as TF from '@tensorflow/tfjs';
import { memoryOf } from './module';
import { withWasmContext, type KernelContext, type WasmBackendLike } from './context';

type Info = TF.TensorInfo;
type KernelFunc = TF.KernelConfig['kernelFunc'];

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
/** bytes per element as tfjs's wasm backend stores it; null for what these kernels leave alone */
const BYTES: Partial<Record<TF.DataType, number>> = { float32: 4, int32: 4, bool: 1 };
const axisOf = (axis: number | number[], rank: number) => {
  const a = Array.isArray(axis) ? axis[0]! : axis;
  return a < 0 ? a + rank : a;
};

/** writes (pointer, bytes) pairs into scratch space: the parts table of concatRows / splitRows */
function partsTable(c: KernelContext, backend: WasmBackendLike, parts: [ptr: number, bytes: number][]): number {
  const table = c.scratch(2 * parts.length);
  const heap = new Uint32Array(memoryOf(backend.wasm)!.buffer, table, 2 * parts.length);
  parts.forEach(([ptr, bytes], i) => heap.set([ptr, bytes], 2 * i));
  return table;
}

const backendOf = (args: Parameters<KernelFunc>[0]) => args.backend as unknown as WasmBackendLike;

export const gatherV2 = (stock: KernelFunc): KernelFunc => (args) => {
  const { x, indices } = args.inputs as { x: Info; indices: Info };
  const { axis, batchDims } = args.attrs as { axis: number; batchDims?: number };
  const bytes = BYTES[x.dtype];
  if (!bytes || indices.dtype !== 'int32' || (batchDims ?? 0) !== 0) return stock(args);
  const ax = axisOf(axis, x.shape.length);
  const outShape = [...x.shape.slice(0, ax), ...indices.shape, ...x.shape.slice(ax + 1)];
  const backend = backendOf(args);
  return withWasmContext(backend, (c) => {
    const out = c.output(outShape, x.dtype);
    if (size(outShape) === 0) return out;
    const count = size(indices.shape);
    const bad = c.k.gatherRows(size(x.shape.slice(0, ax)), x.shape[ax]!, bytes * size(x.shape.slice(ax + 1)), c.ptr(x), count, c.ptr(indices), c.ptr(out));
    if (bad >= 0) {
      backend.disposeData(out.dataId);
      const value = new Int32Array(memoryOf(backend.wasm)!.buffer, c.ptr(indices) + 4 * bad, 1)[0];
      throw new Error(`GatherV2: the index value ${value} is not in [0, ${x.shape[ax]! - 1}]`);
    }
    return out;
  });
};

/** [rows, inner bytes] views of tensors joined along `axis`, or null to leave the case to tfjs */
function joined(inputs: Info[], axis: number, stacked: boolean): { rows: number; dtype: TF.DataType; outShape: number[] } | null {
  const first = inputs[0]!;
  const bytes = BYTES[first.dtype];
  if (!bytes || inputs.length < 2) return null;
  const rank = first.shape.length;
  const same = inputs.every((t) => t.dtype === first.dtype && t.shape.length === rank
    && t.shape.every((d, i) => d === first.shape[i] || (!stacked && i === axis)));
  if (!same) return null;
  const outShape = stacked
    ? [...first.shape.slice(0, axis), inputs.length, ...first.shape.slice(axis)]
    : first.shape.map((d, i) => (i === axis ? inputs.reduce((n, t) => n + t.shape[axis]!, 0) : d));
  return { rows: size(first.shape.slice(0, axis)), dtype: first.dtype, outShape };
}

const joinKernel = (stacked: boolean) => (stock: KernelFunc): KernelFunc => (args) => {
  const inputs = args.inputs as unknown as Info[];
  const rank = inputs[0]?.shape.length ?? 0;
  const axis = axisOf((args.attrs as { axis: number | number[] }).axis, stacked ? rank + 1 : rank);
  const plan = inputs.length ? joined(inputs, axis, stacked) : null;
  if (!plan || size(plan.outShape) === 0) return stock(args);
  const backend = backendOf(args);
  return withWasmContext(backend, (c) => {
    const out = c.output(plan.outShape, plan.dtype);
    const bytes = BYTES[plan.dtype]!;
    const table = partsTable(c, backend, inputs.map((t) => [c.ptr(t), (bytes * size(t.shape)) / plan.rows]));
    c.k.concatRows(plan.rows, inputs.length, table, c.ptr(out));
    return out;
  });
};

export const concat = joinKernel(false);
export const pack = joinKernel(true);

export const splitV = (stock: KernelFunc): KernelFunc => (args) => {
  const { x } = args.inputs as { x: Info };
  const { numOrSizeSplits, axis } = args.attrs as { numOrSizeSplits: number | number[]; axis: number | number[] };
  const bytes = BYTES[x.dtype];
  const ax = axisOf(axis, x.shape.length);
  const dim = x.shape[ax]!;
  const sizes = typeof numOrSizeSplits === 'number' ? new Array<number>(numOrSizeSplits).fill(dim / numOrSizeSplits) : numOrSizeSplits.slice();
  const free = sizes.indexOf(-1);
  if (free >= 0) sizes[free] = dim - sizes.reduce((a, b) => a + (b === -1 ? 0 : b), 0);
  if (!bytes || !sizes.every((n) => Number.isInteger(n) && n >= 0) || sizes.reduce((a, b) => a + b, 0) !== dim || size(x.shape) === 0) return stock(args);
  const backend = backendOf(args);
  const rows = size(x.shape.slice(0, ax)), inner = size(x.shape.slice(ax + 1));
  return withWasmContext(backend, (c) => {
    const outs = sizes.map((n) => c.output(x.shape.map((d, i) => (i === ax ? n : d)), x.dtype));
    const table = partsTable(c, backend, outs.map((o, i) => [c.ptr(o), sizes[i]! * inner * bytes]));
    c.k.splitRows(rows, outs.length, table, c.ptr(x));
    return outs;
  });
};
