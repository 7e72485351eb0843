// The layer catalogue as data: identity, docs for educators, params and ports are well formed.
import { describe, expect, it } from 'vitest';
import type { LayerNodeSpec, ParamSpec } from '../spec';
import { layerNodes } from './index';
import { paramsOf } from './test-support';

const nodes = layerNodes as readonly LayerNodeSpec[];

describe('layer catalogue', () => {
  it('has unique types, all "layers.*" layer nodes', () => {
    expect(new Set(nodes.map((n) => n.type)).size).toBe(nodes.length);
    for (const n of nodes) {
      expect(n.type).toMatch(/^layers\.[a-z][A-Za-z0-9]*$/);
      expect(n.category).toBe('layers');
      expect(n.role).toBe('layer');
    }
  });

  it.each(nodes.map((n) => [n.type, n] as const))('%s documents itself', (_type, n) => {
    expect(n.title.length).toBeGreaterThan(0);
    expect(n.docs.summary).toMatch(/^[A-Z].*\.$/);
    expect(n.docs.summary).not.toContain('\n');
    expect(n.docs.intuition.length).toBeGreaterThan(150);
    if (n.docs.paper) expect(n.docs.paper.url).toMatch(/^https:\/\//);
    expect(n.aliases?.length ?? 0).toBeGreaterThan(0);
  });

  it.each(nodes.map((n) => [n.type, n] as const))('%s has sound params and ports', (_type, n) => {
    for (const [name, spec] of Object.entries(n.params) as [string, ParamSpec][]) {
      expect(spec.doc.length, `${name} doc`).toBeGreaterThan(10);
      if (spec.kind === 'int' || spec.kind === 'float') {
        expect(spec.default).toBeGreaterThanOrEqual(spec.min ?? -Infinity);
        expect(spec.default).toBeLessThanOrEqual(spec.max ?? Infinity);
      }
    }
    const params = paramsOf(n);
    const inputs = n.inputs(params, { models: {} });
    const outputs = n.outputs(params, { models: {} });
    expect(new Set(inputs.map((p) => p.name)).size).toBe(inputs.length);
    expect(outputs.map((p) => p.name)).toEqual(['out']);
    expect([...inputs, ...outputs].every((p) => p.kind === 'tensor' && p.doc.length > 0)).toBe(true);
  });

  it('merge nodes show one port per input, in1..inN', () => {
    for (const type of ['layers.concatenate', 'layers.add', 'layers.multiply']) {
      const n = nodes.find((x) => x.type === type);
      if (!n) throw new Error(`${type} missing`);
      for (const count of [2, 5, 8]) {
        const names = n.inputs(paramsOf(n, { inputs: count }), { models: {} }).map((p) => p.name);
        expect(names).toEqual(Array.from({ length: count }, (_, i) => `in${i + 1}`));
      }
    }
  });
});
