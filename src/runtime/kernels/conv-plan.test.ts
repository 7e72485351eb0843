import { describe, expect, it } from 'vitest';
import { filterGradPadding, inputGradPhases } from './conv-plan';

// the definitions, one axis, as sums over every (output, tap) pair
function inputGradByDefinition(dy: number[], w: number[], size: number, stride: number, pad: number): number[] {
  const dx = new Array<number>(size).fill(0);
  dy.forEach((g, o) => w.forEach((wk, k) => {
    const i = o * stride + k - pad;
    if (i >= 0 && i < size) dx[i]! += g * wk;
  }));
  return dx;
}

function inputGradByPhases(dy: number[], w: number[], size: number, stride: number, pad: number): number[] {
  const dx = new Array<number>(size).fill(NaN);
  for (const ph of inputGradPhases(size, dy.length, w.length, stride, pad)) {
    const padded = [...new Array<number>(Math.max(0, ph.pad[0])).fill(0), ...dy.slice(Math.max(0, -ph.pad[0]), dy.length - Math.max(0, -ph.pad[1])), ...new Array<number>(Math.max(0, ph.pad[1])).fill(0)];
    if (ph.taps.length) expect(padded.length).toBe(ph.count + ph.taps.length - 1);
    for (let i = 0; i < ph.count; i++) {
      dx[ph.first + i * stride] = ph.taps.reduce((sum, k, j) => sum + padded[i + j]! * w[k]!, 0);
    }
  }
  return dx;
}

function filterGradByDefinition(x: number[], dy: number[], kernel: number, stride: number, pad: number): number[] {
  return Array.from({ length: kernel }, (_, k) => dy.reduce((sum, g, o) => {
    const i = o * stride + k - pad;
    return sum + (i >= 0 && i < x.length ? x[i]! * g : 0);
  }, 0));
}

function filterGradByDilation(x: number[], dy: number[], kernel: number, stride: number, pad: number): number[] {
  const [before, after] = filterGradPadding(x.length, dy.length, kernel, stride, pad);
  const xp = [...new Array<number>(Math.max(0, before)).fill(0), ...x.slice(Math.max(0, -before), x.length - Math.max(0, -after)), ...new Array<number>(Math.max(0, after)).fill(0)];
  const outputs = xp.length - (dy.length - 1) * stride;
  expect(outputs).toBe(kernel);
  return Array.from({ length: outputs }, (_, k) => dy.reduce((sum, g, o) => sum + xp[k + o * stride]! * g, 0));
}

/** out size and padding before, as tfjs computes them for 'same' and 'valid' */
function forward(size: number, kernel: number, stride: number, padding: 'same' | 'valid'): { out: number; pad: number } {
  if (padding === 'valid') return { out: Math.ceil((size - kernel + 1) / stride), pad: 0 };
  const out = Math.ceil(size / stride);
  return { out, pad: Math.floor(Math.max(0, (out - 1) * stride + kernel - size) / 2) };
}

const values = (n: number, seed: number) => Array.from({ length: n }, (_, i) => Math.sin(seed * 7.1 + i * 1.3) * 3);

describe('convolution gradient plans, against the definitions on one axis', () => {
  const cases: [number, number, number, 'same' | 'valid'][] = [];
  for (const size of [1, 2, 5, 7, 8, 14, 15]) for (const kernel of [1, 2, 3, 4, 5, 7]) for (const stride of [1, 2, 3, 4, 8]) for (const padding of ['same', 'valid'] as const) {
    if (padding === 'valid' && kernel > size) continue;
    cases.push([size, kernel, stride, padding]);
  }

  it.each(cases)('input gradient by phases: size %i, kernel %i, stride %i, %s', (size, kernel, stride, padding) => {
    const { out, pad } = forward(size, kernel, stride, padding);
    const dy = values(out, 1);
    const w = values(kernel, 2);
    const byPhases = inputGradByPhases(dy, w, size, stride, pad);
    inputGradByDefinition(dy, w, size, stride, pad).forEach((v, i) => expect(byPhases[i]).toBeCloseTo(v, 10));
  });

  it.each(cases)('filter gradient by a dilated correlation: size %i, kernel %i, stride %i, %s', (size, kernel, stride, padding) => {
    const { out, pad } = forward(size, kernel, stride, padding);
    const x = values(size, 3);
    const dy = values(out, 4);
    const byDilation = filterGradByDilation(x, dy, kernel, stride, pad);
    filterGradByDefinition(x, dy, kernel, stride, pad).forEach((v, k) => expect(byDilation[k]).toBeCloseTo(v, 10));
  });

  it('uses every tap exactly once across the phases, and no phase multiplies an inserted zero', () => {
    const phases = inputGradPhases(28, 14, 5, 2, 2);
    expect(phases.map((p) => p.taps)).toEqual([[4, 2, 0], [3, 1]]);
    expect(phases.map((p) => p.count)).toEqual([14, 14]);
  });
});
