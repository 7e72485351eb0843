// The product's convolution gradients and matrix products on the WebAssembly backend (threaded
// SIMD build, src/runtime/kernels/) against tfjs's CPU backend's own kernels, on a grid of shapes,
// kernel sizes, strides and paddings. Tolerance: 2e-5 of the largest reference value (float32
// sums in another order; seen: below 2e-6).
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { startNodeWasm } from '../../src/runtime/wasm/start-node';
import { input, relativeError, runKernelOn, type Input } from './helpers';

const TOLERANCE = 2e-5;

beforeAll(async () => {
  const started = await startNodeWasm(tf, 2);
  expect(started).toMatchObject({ threads: 2, simd: true, kernels: true });
});

async function compare(kernel: string, inputs: Record<string, Input>, attrs: Record<string, unknown>): Promise<number> {
  const [cpu] = await runKernelOn('cpu', kernel, inputs, attrs);
  const [wasm] = await runKernelOn('wasm', kernel, inputs, attrs);
  expect(wasm!.shape).toEqual(cpu!.shape);
  return relativeError(wasm!.values, cpu!.values);
}

/** tfjs's output size for a forward convolution */
const outSize = (size: number, k: number, s: number, pad: 'same' | 'valid') => (pad === 'same' ? Math.ceil(size / s) : Math.ceil((size - k + 1) / s));

interface ConvCase {
  n: number; h: number; w: number; ci: number; co: number; k: number; s: number; pad: 'same' | 'valid';
}

// every kernel size and stride the layer nodes' tests use, odd and even sizes, one channel and several
const CASES: ConvCase[] = [];
let seed = 1;
for (const k of [1, 2, 3, 4, 5]) {
  for (const s of [1, 2, 3]) {
    for (const pad of ['same', 'valid'] as const) {
      for (const [h, w] of [[7, 7], [8, 6]] as const) {
        if (pad === 'valid' && (k > h || k > w)) continue;
        seed++;
        CASES.push({ n: 1 + (seed % 3), h, w, ci: seed % 2 ? 1 : 3, co: seed % 3 ? 4 : 1, k, s, pad });
      }
    }
  }
}
CASES.push({ n: 2, h: 14, w: 14, ci: 8, co: 16, k: 5, s: 2, pad: 'same' }, { n: 2, h: 28, w: 28, ci: 1, co: 8, k: 5, s: 2, pad: 'same' });

// channels that fill the filter gradient's in-place blocks (8 inputs x 4 outputs), over the same
// kernel sizes, strides and paddings, and more positions than one chunk of the kernel (128)
const BLOCK_CASES: ConvCase[] = [];
for (const k of [1, 2, 3, 4, 5]) {
  for (const s of [1, 2, 3]) {
    for (const pad of ['same', 'valid'] as const) {
      seed++;
      BLOCK_CASES.push({ n: 1 + (seed % 3), h: 9 + (seed % 4), w: 8 + (seed % 5), ci: 8 * (1 + (seed % 3)), co: 4 * (1 + (seed % 4)), k, s, pad });
    }
  }
}

const label = (c: ConvCase) => `x [${c.n},${c.h},${c.w},${c.ci}], ${c.k}x${c.k} filter to ${c.co}, stride ${c.s}, ${c.pad}`;

describe('convolution gradients on wasm match the CPU backend', () => {
  it.each(CASES.map((c) => [label(c), c] as const))('Conv2DBackpropInput: %s', async (_, c) => {
    const dy = input([c.n, outSize(c.h, c.k, c.s, c.pad), outSize(c.w, c.k, c.s, c.pad), c.co], 11);
    const filter = input([c.k, c.k, c.ci, c.co], 12);
    const err = await compare('Conv2DBackpropInput', { dy, filter }, { inputShape: [c.n, c.h, c.w, c.ci], strides: [c.s, c.s], pad: c.pad, dataFormat: 'NHWC' });
    expect(err).toBeLessThan(TOLERANCE);
  });

  it.each(CASES.map((c) => [label(c), c] as const))('Conv2DBackpropFilter: %s', async (_, c) => {
    const x = input([c.n, c.h, c.w, c.ci], 13);
    const dy = input([c.n, outSize(c.h, c.k, c.s, c.pad), outSize(c.w, c.k, c.s, c.pad), c.co], 14);
    const err = await compare('Conv2DBackpropFilter', { x, dy }, { filterShape: [c.k, c.k, c.ci, c.co], strides: [c.s, c.s], pad: c.pad, dataFormat: 'NHWC' });
    expect(err).toBeLessThan(TOLERANCE);
  });

  it.each(BLOCK_CASES.map((c) => [label(c), c] as const))('Conv2DBackpropInput over the engine\'s phases: %s', async (_, c) => {
    const dy = input([c.n, outSize(c.h, c.k, c.s, c.pad), outSize(c.w, c.k, c.s, c.pad), c.co], 17);
    const filter = input([c.k, c.k, c.ci, c.co], 18);
    const err = await compare('Conv2DBackpropInput', { dy, filter }, { inputShape: [c.n, c.h, c.w, c.ci], strides: [c.s, c.s], pad: c.pad, dataFormat: 'NHWC' });
    expect(err).toBeLessThan(TOLERANCE);
  });

  it.each(BLOCK_CASES.map((c) => [label(c), c] as const))('Conv2DBackpropFilter in place: %s', async (_, c) => {
    const x = input([c.n, c.h, c.w, c.ci], 15);
    const dy = input([c.n, outSize(c.h, c.k, c.s, c.pad), outSize(c.w, c.k, c.s, c.pad), c.co], 16);
    const err = await compare('Conv2DBackpropFilter', { x, dy }, { filterShape: [c.k, c.k, c.ci, c.co], strides: [c.s, c.s], pad: c.pad, dataFormat: 'NHWC' });
    expect(err).toBeLessThan(TOLERANCE);
  });

  it('handles unequal strides and explicit padding (as tfjs ops may pass them)', async () => {
    const dy = input([2, 4, 3, 5], 21);
    const filter = input([3, 2, 4, 5], 22);
    const explicit = [[0, 0], [1, 0], [0, 1], [0, 0]];
    expect(await compare('Conv2DBackpropInput', { dy, filter }, { inputShape: [2, 9, 7, 4], strides: [2, 3], pad: explicit, dataFormat: 'NHWC' })).toBeLessThan(TOLERANCE);
    const x = input([2, 9, 7, 4], 23);
    expect(await compare('Conv2DBackpropFilter', { x, dy }, { filterShape: [3, 2, 4, 5], strides: [2, 3], pad: explicit, dataFormat: 'NHWC' })).toBeLessThan(TOLERANCE);
    const x8 = input([2, 9, 7, 8], 24);
    const dy8 = input([2, 4, 3, 8], 25);
    expect(await compare('Conv2DBackpropFilter', { x: x8, dy: dy8 }, { filterShape: [3, 2, 8, 8], strides: [2, 3], pad: explicit, dataFormat: 'NHWC' })).toBeLessThan(TOLERANCE);
  });

  it('handles channels-first tensors', async () => {
    const dy = input([2, 5, 4, 4], 31);
    const filter = input([3, 3, 3, 5], 32);
    expect(await compare('Conv2DBackpropInput', { dy, filter }, { inputShape: [2, 3, 8, 8], strides: 2, pad: 'same', dataFormat: 'NCHW' })).toBeLessThan(TOLERANCE);
    const x = input([2, 3, 8, 8], 33);
    expect(await compare('Conv2DBackpropFilter', { x, dy }, { filterShape: [3, 3, 3, 5], strides: 2, pad: 'same', dataFormat: 'NCHW' })).toBeLessThan(TOLERANCE);
  });
});

// forward convolutions: few input channels through the explicit im2col matrix, more through the
// engine's in-place one; dilated, and with a bias and relu fused
describe('convolutions on wasm match the CPU backend', () => {
  const forward = [...CASES, ...BLOCK_CASES].filter((_, i) => i % 2 === 0);
  it.each(forward.map((c) => [label(c), c] as const))('Conv2D and FusedConv2D: %s', async (_, c) => {
    const x = input([c.n, c.h, c.w, c.ci], 19);
    const filter = input([c.k, c.k, c.ci, c.co], 20);
    const bias = input([c.co], 21);
    const attrs = { strides: [c.s, c.s], pad: c.pad, dataFormat: 'NHWC', dilations: [1, 1] };
    expect(await compare('Conv2D', { x, filter }, attrs)).toBeLessThan(TOLERANCE);
    expect(await compare('FusedConv2D', { x, filter, bias }, { ...attrs, activation: 'relu' })).toBeLessThan(TOLERANCE);
  });

  it.each([[1, 3], [3, 2], [8, 4]] as const)('a dilated Conv2D (%i channels in, dilation 2 and 3)', async (ci, co) => {
    const x = input([2, 11, 10, ci], 22);
    const filter = input([3, 3, ci, co], 23);
    for (const pad of ['same', 'valid'] as const) {
      expect(await compare('Conv2D', { x, filter }, { strides: [1, 1], pad, dataFormat: 'NHWC', dilations: [2, 3] })).toBeLessThan(TOLERANCE);
    }
  });
});

describe('matrix products on wasm match the CPU backend', () => {
  // small ones take the SIMD kernel, large ones XNNPACK after a transpose
  const shapes = [
    { m: 5, k: 3, n: 7, batch: [1, 1] },
    { m: 64, k: 100, n: 130, batch: [1, 1] },
    { m: 3, k: 9, n: 4, batch: [4, 4] },
    { m: 6, k: 5, n: 3, batch: [3, 1] },
    { m: 6, k: 5, n: 3, batch: [1, 3] },
    { m: 200, k: 300, n: 150, batch: [1, 1] },
    { m: 40, k: 70, n: 90, batch: [3, 3] },
  ];
  const flags = [[false, false], [true, false], [false, true], [true, true]] as const;
  for (const { m, k, n, batch } of shapes) {
    for (const [ta, tb] of flags) {
      it(`BatchMatMul [${batch[0]},${m},${k}] x [${batch[1]},${k},${n}], transposeA ${ta}, transposeB ${tb}`, async () => {
        const a = input([batch[0]!, ...(ta ? [k, m] : [m, k])], 41);
        const b = input([batch[1]!, ...(tb ? [n, k] : [k, n])], 42);
        expect(await compare('BatchMatMul', { a, b }, { transposeA: ta, transposeB: tb })).toBeLessThan(TOLERANCE);
      });
    }
  }

  it('_FusedMatMul with bias and relu, small and large, transposed', async () => {
    for (const [m, k, n] of [[8, 6, 5], [128, 256, 200]] as const) {
      for (const [ta, tb] of flags) {
        const a = input([1, ...(ta ? [k, m] : [m, k])], 51);
        const b = input([1, ...(tb ? [n, k] : [k, n])], 52);
        const bias = input([n], 53);
        for (const activation of ['linear', 'relu']) {
          expect(await compare('_FusedMatMul', { a, b, bias }, { transposeA: ta, transposeB: tb, activation })).toBeLessThan(TOLERANCE);
        }
      }
    }
  });
});

describe('Tile on wasm', () => {
  it('copies exactly what the CPU backend does', async () => {
    for (const [shape, reps] of [[[1, 1, 1, 5], [3, 4, 2, 1]], [[2, 3], [2, 2]], [[4], [3]], [[2, 1, 3], [1, 5, 1]]] as const) {
      const [cpu] = await runKernelOn('cpu', 'Tile', { x: input([...shape], 61) }, { reps });
      const [wasm] = await runKernelOn('wasm', 'Tile', { x: input([...shape], 61) }, { reps });
      expect(wasm!.shape).toEqual(cpu!.shape);
      expect(Array.from(wasm!.values)).toEqual(Array.from(cpu!.values));
    }
  });
});

describe('Slice on wasm', () => {
  it('copies exactly what the CPU backend does: whole runs, partial axes, every rank', async () => {
    const cases: [number[], number[], number[]][] = [
      [[16, 5, 5, 96], [0, 0, 0, 64], [16, 5, 5, 32]],
      [[16, 5, 5, 96], [0, 0, 0, 0], [16, 5, 5, 64]],
      [[4, 6, 7, 3], [1, 2, 0, 0], [2, 3, 7, 3]],
      [[4, 6, 7, 3], [0, 1, 2, 1], [4, 4, 3, 2]],
      [[10], [3], [5]],
      [[3, 8], [1, 0], [2, 8]],
      [[2, 3, 4, 5, 6], [1, 0, 1, 2, 0], [1, 3, 2, 2, 6]],
    ];
    for (const [shape, begin, size] of cases) {
      const [cpu] = await runKernelOn('cpu', 'Slice', { x: input(shape, 71) }, { begin, size });
      const [wasm] = await runKernelOn('wasm', 'Slice', { x: input(shape, 71) }, { begin, size });
      expect(wasm!.shape).toEqual(cpu!.shape);
      expect(Array.from(wasm!.values)).toEqual(Array.from(cpu!.values));
    }
  });
});
