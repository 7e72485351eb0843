import { describe, expect, it } from 'vitest';
import { getSpec } from '../../../nodes';
import { TEMPLATES } from '../../../templates';
import { node } from '../../store/fixtures';
import { thumbnail } from './thumbnail';

const categoryOf = (t: string) => getSpec(t)?.category;

describe('template thumbnails', () => {
  it('fits every template in the card, one box per node and one wire per edge', () => {
    for (const t of TEMPLATES) {
      const th = thumbnail(t.doc.main, categoryOf);
      expect(th.nodes.length, t.id).toBe(t.doc.main.nodes.length);
      expect(th.wires.length, t.id).toBe(t.doc.main.edges.length);
      for (const n of th.nodes) {
        expect(n.x).toBeGreaterThanOrEqual(9.9);
        expect(n.y).toBeGreaterThanOrEqual(9.9);
        expect(n.x + n.width).toBeLessThanOrEqual(th.width - 9.9);
        expect(n.y + n.height).toBeLessThanOrEqual(th.height - 9.9);
        expect(n.category).not.toBe('unknown');
      }
    }
  });

  it('keeps the layout: proportions, order and categories', () => {
    const g = {
      nodes: [node('a', 'data.toy2d', 0, 0), node('b', 'optimizers.adam', 600, 100), node('c', 'mystery', 300, 200)],
      edges: [{ id: 'e', source: { node: 'a', port: 'x' }, target: { node: 'b', port: 'loss' } }],
    };
    const th = thumbnail(g, categoryOf, 200, 100, 0);
    const [a, b, c] = th.nodes;
    expect(a!.x).toBeLessThan(c!.x);
    expect(c!.x).toBeLessThan(b!.x);
    expect(a!.y).toBeLessThan(b!.y);
    // 784 × 276 graph units into 200 × 100: width decides the scale, height is centred
    expect(b!.x + b!.width).toBeCloseTo(200, 0);
    expect(a!.y).toBeCloseTo((100 - 276 * (200 / 784)) / 2, 0);
    expect(th.nodes.map((n) => n.category)).toEqual(['data', 'optimizers', 'unknown']);
    expect(th.wires[0]).toMatch(/^M[\d.]+ [\d.]+ C/);
  });

  it('draws nothing for an empty graph, and skips wires to missing nodes', () => {
    expect(thumbnail({ nodes: [], edges: [] }, categoryOf)).toMatchObject({ nodes: [], wires: [] });
    const g = { nodes: [node('a', 'data.toy2d')], edges: [{ id: 'e', source: { node: 'a', port: 'x' }, target: { node: 'gone', port: 'in' } }] };
    expect(thumbnail(g, categoryOf).wires).toEqual([]);
  });
});
