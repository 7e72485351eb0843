import { describe, expect, it } from 'vitest';
import { getSpec } from '../../../nodes';
import type { NodeSpec, ParamSpec } from '../../../nodes/spec';
import { acceptParam, parseParam, valueToText } from './paramInput';

const dense = getSpec('layers.dense') as NodeSpec;
const input = getSpec('models.input') as NodeSpec;
const p = (s: NodeSpec, name: string) => (s.params as Record<string, ParamSpec>)[name]!;

describe('param input', () => {
  it('reads whole numbers and refuses others with a reason', () => {
    expect(parseParam(p(dense, 'units'), ' 64 ')).toEqual({ ok: true, value: 64 });
    expect(parseParam(p(dense, 'units'), '6.5')).toEqual({ ok: false, reason: '“6.5” is not a whole number.' });
    expect(parseParam(p(dense, 'units'), '')).toEqual({ ok: false, reason: 'Enter a whole number.' });
  });

  it('checks ranges with the node’s own rules', () => {
    const r = acceptParam(dense, { units: 128 }, 'units', '0');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain('outside [1, 65536]');
    expect(acceptParam(dense, { units: 128 }, 'units', '10')).toEqual({ ok: true, value: 10 });
  });

  it('reads shapes written with commas, spaces or x, and checks their length', () => {
    const shape = p(input, 'shape');
    expect(parseParam(shape, '28, 28, 1')).toEqual({ ok: true, value: [28, 28, 1] });
    expect(parseParam(shape, '28x28')).toEqual({ ok: true, value: [28, 28] });
    const bad = parseParam(shape, '28, 0');
    expect(bad.ok).toBe(false);
    const long = parseParam(shape, '1, 2, 3, 4, 5');
    expect(long).toEqual({ ok: false, reason: 'Give at most 4 sizes; this has 5.' });
    // empty: one number per sample (a class id)
    expect(parseParam(shape, '')).toEqual({ ok: true, value: [] });
    expect(valueToText([28, 28, 1])).toBe('28, 28, 1');
  });

  it('reads floats in any notation', () => {
    expect(parseParam({ kind: 'float', default: 0.1, doc: '' }, '1e-4')).toEqual({ ok: true, value: 1e-4 });
    expect(parseParam({ kind: 'float', default: 0.1, doc: '' }, 'fast').ok).toBe(false);
  });
});
