// The front passes on model subgraphs: shapes flow through chains, and structural mistakes each
// give their own coded diagnostic on the right node.
import { describe, expect, it, vi } from 'vitest';
import { getSpec } from '../../nodes';
import { analyze } from '../../src/compiler/analyze';
import { issue, renderIssue } from '../../src/messages';
import { chainModel, doc, graph } from '../helpers/build-doc';

const codes = (d: ReturnType<typeof analyze>) => d.diagnostics.filter((x) => x.severity === 'error').map((x) => x.code);

describe('analyze on models', () => {
  it('infers shapes along a chain and exposes them in the model signature', () => {
    const d = doc({ models: { m: chainModel([8], [['d1', 'layers.dense', { units: 4 }], ['d2', 'layers.dense', { units: 3 }]]) } });
    const a = analyze(d);
    expect(codes(a)).toEqual([]);
    expect(a.shapes['model:m']!.d1!.out).toEqual([null, 4]);
    expect(a.shapes['model:m']!.d2!.out).toEqual([null, 3]);
    expect(a.signatures.m!.outputs).toEqual([{ name: 'y', shape: [null, 3] }]);
  });

  it('reports a rank mismatch on the layer that receives it, saying what to insert', () => {
    const d = doc({ models: { m: chainModel([28, 28, 1], [['d1', 'layers.dense', { units: 4 }]]) } });
    const a = analyze(d);
    const e = a.diagnostics.find((x) => x.code === 'shape.rank')!;
    expect(e.nodeId).toBe('d1');
    expect(e.port).toBe('in');
    expect(e.message).toMatch(/^Dense "d1": input "in" expects a rank-2 .* but gets \[batch, 28, 28, 1\]\. Insert a Flatten/);
  });

  it('reports a cycle on every node of it', () => {
    const g = graph(
      [['in', 'models.input', { shape: [4] }], ['a', 'layers.dense'], ['b', 'layers.dense'], ['out', 'models.output']],
      ['a.out -> b.in', 'b.out -> a.in', 'b.out -> out.in'],
    );
    const a = analyze(doc({ models: { m: g } }));
    const cycle = a.diagnostics.filter((x) => x.code === 'graph.cycle');
    expect(cycle.map((x) => x.nodeId).sort()).toEqual(['a', 'b']);
    expect(cycle[0]!.message).toMatch(/a → b → a|b → a → b/);
  });

  it('reports an unconnected input and a doubled input', () => {
    const g = graph(
      [['in', 'models.input', { shape: [4] }], ['in2', 'models.input', { name: 'x2', shape: [4] }], ['a', 'layers.dense'], ['out', 'models.output']],
      ['in.out -> a.in', 'in2.out -> a.in'],
    );
    const a = analyze(doc({ models: { m: g } }));
    expect(a.diagnostics.find((x) => x.code === 'graph.inputDoubled')?.nodeId).toBe('a');
    expect(a.diagnostics.find((x) => x.code === 'graph.inputMissing')?.nodeId).toBe('out');
  });

  it('requires a model to have an input and an output', () => {
    const a = analyze(doc({ models: { m: graph([['a', 'layers.dense']]) } }));
    expect(codes(a)).toEqual(expect.arrayContaining(['graph.modelNoInput', 'graph.modelNoOutput']));
  });

  it('refuses two model inputs with one name', () => {
    const g = graph([['i1', 'models.input', { name: 'x', shape: [2] }], ['i2', 'models.input', { name: 'x', shape: [2] }], ['o', 'models.output']], ['i1.out -> o.in']);
    expect(codes(analyze(doc({ models: { m: g } })))).toContain('graph.modelPortName');
  });

  it('keeps layers out of the training graph and model plumbing out of nothing else', () => {
    const a = analyze(doc({ main: graph([['d', 'layers.dense']]) }));
    const e = a.diagnostics.find((x) => x.code === 'graph.layerInMain')!;
    expect(e.message).toMatch(/Create model/);
  });

  it('never throws on documents with unknown types and dangling edges', () => {
    const g = graph([['a', 'layers.nope'], ['b', 'layers.dense']], ['a.out -> b.in', 'zz.out -> b.in']);
    expect(() => analyze(doc({ models: { m: g }, main: g }))).not.toThrow();
  });

  it('a node whose shape inference throws: a coded problem on that node, the rest still checked', () => {
    const dense = getSpec('layers.dense')!;
    const spy = vi.spyOn(dense, 'inferShape').mockImplementationOnce(() => {
      throw new Error('boom');
    });
    try {
      const a = analyze(doc({ models: { m: chainModel([8], [['d1', 'layers.dense', { units: 4 }], ['d2', 'layers.dense', { units: 3 }]]) } }));
      const e = a.diagnostics.filter((x) => x.severity === 'error');
      expect(e.map((x) => [x.code, x.nodeId])).toEqual([['internal.inferShape', 'd1']]);
      expect(e[0]!.message).toBe(`Dense "d1": ${renderIssue(issue('internal.inferShape', { detail: 'boom' }))}`);
    } finally {
      spy.mockRestore();
    }
  });
});
