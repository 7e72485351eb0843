import { describe, expect, it } from 'vitest';
import { NODE_SPECS } from '../../nodes';
import { resolveParams } from '../../nodes/params';
import { twoModels, node } from '../../test/fixtures/graph-docs';
import { MESSAGES } from '../messages';
import { Rng } from '../runtime/rng';
import { checkDocument } from './check';
import { graphDocSchema } from './schema';
import type { Graph, GraphDoc, ParamValue } from './types';

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null) {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}

describe('checkDocument', () => {
  it('finds nothing wrong in a valid document, and leaves it as it is', () => {
    expect(checkDocument(deepFreeze(twoModels()))).toEqual([]);
  });

  // optimizers have a "models" param; registry.test.ts covers the same with a stand-in node
  const withModels = NODE_SPECS.find((s) => Object.values(s.params).some((p) => p.kind === 'models'));
  it.runIf(withModels)('reports a model named in a "models" param that does not exist', () => {
    const spec = withModels!;
    const [name] = Object.entries(spec.params).find(([, p]) => p.kind === 'models')!;
    const doc = twoModels();
    doc.main.nodes.push(node('opt', spec.type, { [name]: ['gen', 'critic'] }));
    const found = checkDocument(doc).filter((d) => d.code === 'graph.unknownModel');
    expect(found.map((d) => [d.path, d.nodeId])).toEqual([[`main.nodes[2].params.${name}[1]`, 'opt']]);
  });

  it('reports each problem once per place, in document order, models first', () => {
    const doc = twoModels();
    doc.models.gen!.nodes[1]!.type = 'layers.dence';
    doc.main.nodes[1]!.id = 'g';
    doc.main.edges[0]!.target.node = 'nobody';
    expect(checkDocument(doc).map((d) => [d.code, d.path, d.scope])).toEqual([
      ['doc.unknownType', 'models.gen.nodes[1].type', { kind: 'model', modelId: 'gen' }],
      ['doc.duplicateNodeId', 'main.nodes[1].id', { kind: 'main' }],
      ['doc.edgeMissingNode', 'main.edges[0].target.node', { kind: 'main' }],
    ]);
  });

  it('does not check the ports of a node whose params are wrong: they may depend on them', () => {
    const doc = twoModels();
    doc.models.gen!.nodes[1]!.params.units = 0;
    doc.models.gen!.edges[0]!.target.port = 'nope';
    expect(checkDocument(doc).map((d) => d.code)).toEqual(['param.range']);
  });

  it('does not check the ports of a node of unknown type', () => {
    const doc = twoModels();
    doc.models.gen!.nodes[1]!.type = 'layers.fancy';
    expect(checkDocument(doc).map((d) => d.code)).toEqual(['doc.unknownType']);
  });

  it('never throws on strange documents that pass the schema', () => {
    const rng = new Rng(20240611);
    const pick = <T>(xs: readonly T[]): T => xs[rng.int(xs.length)]!;
    const ids = ['a', 'b', 'c', 'gen', 'x y', '__proto__', 'constructor', 'toString', '0'];
    const types = [...NODE_SPECS.map((s) => s.type), 'layers.dence', 'hasOwnProperty', '__proto__', 'x'];
    const paramNames = [...new Set(NODE_SPECS.flatMap((s) => Object.keys(s.params))), 'junk', '__proto__', 'constructor', 'valueOf'];
    const defaultPorts = NODE_SPECS.flatMap((s) => {
      const values = resolveParams(s, {}).values;
      return [...s.inputs(values, { models: {} }), ...s.outputs(values, { models: {} })].map((p) => p.name);
    });
    const ports = [...new Set(defaultPorts), 'x', 'y', 'z', '', 'constructor', '__proto__'];
    const value = (): ParamValue =>
      pick<() => ParamValue>([
        () => pick([0, -1, 1, 2.5, 1e12, -1e-12, 128, Number.MAX_SAFE_INTEGER]),
        () => pick(ids),
        () => pick([true, false]),
        () => Array.from({ length: rng.int(5) }, () => pick([0, 1, 3, -2, 0.5, 28])),
        () => Array.from({ length: rng.int(4) }, () => pick(ids)),
      ])();
    const graph = (): Graph => ({
      nodes: Array.from({ length: rng.int(8) }, () => ({
        id: pick(ids),
        type: pick(types),
        params: Object.fromEntries(Array.from({ length: rng.int(5) }, () => [pick(paramNames), value()])),
        position: { x: rng.next() * 1000 - 500, y: 0 },
        ...(rng.int(2) ? { label: pick(ids) } : {}),
      })),
      edges: Array.from({ length: rng.int(8) }, () => ({
        id: pick(ids),
        source: { node: pick(ids), port: pick(ports) },
        target: { node: pick(ids), port: pick(ports) },
      })),
    });
    const codes = new Set<string>();
    for (let i = 0; i < 400; i++) {
      const doc: GraphDoc = {
        format: 'tensorloom-graph',
        version: 1,
        meta: { name: '', description: '' },
        models: Object.fromEntries(Array.from({ length: rng.int(4) }, () => [pick(ids), graph()])),
        main: graph(),
      };
      expect(graphDocSchema.safeParse(doc).success).toBe(true);
      const ds = checkDocument(deepFreeze(doc));
      for (const d of ds) {
        expect(Object.hasOwn(MESSAGES, d.code)).toBe(true);
        expect(d.path).toMatch(/^(main|models(\.|\[))/);
        expect(d.message).not.toMatch(/undefined|\[object/);
        codes.add(d.code);
      }
    }
    // the garbage did reach every check
    expect([...codes].sort()).toEqual(
      expect.arrayContaining([
        'doc.duplicateEdgeId',
        'doc.duplicateNodeId',
        'doc.edgeMissingNode',
        'doc.edgeMissingPort',
        'doc.paramType',
        'doc.paramUnknown',
        'doc.unknownType',
        'graph.unknownModel',
        'param.range',
      ]),
    );
  });
});
