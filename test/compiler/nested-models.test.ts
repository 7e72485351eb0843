// Models inside models: the analysis knows an inner model's shapes, refuses models that contain
// themselves, counts an inner model as used and trained through the model holding it; `lower`
// builds one set of weights per model, shared by every instance, and training moves them.
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/compiler/analyze';
import { modelNesting, modelsInside } from '../../src/graph/model-nesting';
import type { GraphDoc } from '../../src/graph/types';
import { train } from '../../src/runtime/trainer';
import { disposeSession } from '../../src/runtime/session';
import { nestedModelsDoc, ownBlocksDoc } from '../codegen/fixtures';
import { cpuSession, tf } from '../helpers/cpu-session';
import { edge, node } from '../fixtures/graph-docs';

const codes = (doc: GraphDoc) => analyze(doc).diagnostics.map((d) => d.code);

/** The nested document with "block" running "net" inside itself: block → net → block. */
function cyclic(): GraphDoc {
  const doc = structuredClone(nestedModelsDoc());
  const block = doc.models['block']!;
  block.nodes.push(node('loop', 'models.call', { model: 'net' }), node('z', 'models.output', { name: 'z' }));
  block.edges.push(edge('loop_in', 'x', 'out', 'loop', 'x'), edge('loop_out', 'loop', 'y', 'z', 'in'));
  return doc;
}

describe('models inside models: analysis', () => {
  it('orders models after the models they run, and finds what each holds', () => {
    const doc = nestedModelsDoc();
    expect(modelNesting(doc)).toEqual({ order: ['block', 'net', 'head'], cycles: [] });
    expect([...modelsInside(doc, 'head')].sort()).toEqual(['block', 'net']);
    expect([...modelsInside(doc, 'block')]).toEqual([]);
  });

  it('a valid nested document has no diagnostics, and shapes flow through the inner models', () => {
    const doc = nestedModelsDoc();
    const a = analyze(doc);
    expect(a.diagnostics.map((d) => `${d.code}: ${d.message}`)).toEqual([]);
    expect(a.shapes['model:net']?.['first']).toEqual({ y: [null, 6] });
    expect(a.shapes['model:net']?.['second']).toEqual({ y: [null, 6] });
    expect(a.signatures['net']?.outputs).toEqual([{ name: 'y', shape: [null, 4] }, { name: 'h', shape: [null, 6] }]);
    expect(a.shapes['model:head']?.['body']).toEqual({ y: [null, 4], h: [null, 6] });
    expect(a.shapes['main']?.['head']).toEqual({ y: [8, 2] });
  });

  it('an inner model fed the wrong shape says which model and port', () => {
    const doc = structuredClone(nestedModelsDoc());
    doc.models['net']!.nodes.find((n) => n.id === 'widen')!.params['units'] = 5;
    const d = analyze(doc).diagnostics.find((x) => x.code === 'shape.modelInput');
    expect(d?.nodeId).toBe('first');
    expect(d?.message).toMatch(/"block"/);
  });

  it('a model that contains itself, directly or through another, is an error on each Model node along the cycle', () => {
    const found = analyze(cyclic()).diagnostics.filter((d) => d.code === 'graph.modelCycle');
    expect(found.map((d) => `${d.scope.kind === 'model' ? d.scope.modelId : 'main'}/${d.nodeId}`).sort()).toEqual(['block/loop', 'net/first', 'net/second']);
    expect(found[0]!.message).toMatch(/"block" → "net" → "block"|"net" → "block" → "net"/);
    const self = structuredClone(nestedModelsDoc());
    self.models['block']!.nodes.push(node('me', 'models.call', { model: 'block' }));
    expect(codes(self)).toContain('graph.modelCycle');
    expect(modelNesting(self).cycles).toEqual([['block']]);
  });

  it('an inner model is used and trained through the model holding it; an unconnected Model node in a model is unused', () => {
    const doc = nestedModelsDoc();
    // "net" appears in no training-graph node, "block" is trained by the optimizer of "head" only
    expect(codes(doc)).not.toContain('graph.modelUnused');
    expect(codes(doc)).not.toContain('graph.modelNotTrained');
    const spare = structuredClone(doc);
    spare.models['net']!.nodes.push(node('spare', 'models.call', { model: 'block' }));
    spare.models['net']!.edges.push(edge('spare_in', 'widen', 'out', 'spare', 'x'));
    const unused = analyze(spare).diagnostics.find((d) => d.code === 'graph.unused');
    expect(unused?.nodeId).toBe('spare');
  });

  it('a Model node in a model is no longer refused as a training-graph node', () => {
    expect(codes(nestedModelsDoc())).not.toContain('graph.mainNodeInModel');
  });
});

describe('models inside models: lowering and training', () => {
  it('one weight set per model: two instances share it, the outer model holds it once, the optimizer moves it', async () => {
    const s = await cpuSession(nestedModelsDoc(), { seed: 3 });
    try {
      const { head, net, block } = s.models as Record<string, import('@tensorflow/tfjs').LayersModel>;
      const names = (m: typeof head) => m!.trainableWeights.map((w) => w.name);
      expect(names(block)).toHaveLength(4);
      expect(names(net)).toHaveLength(4 + 4);
      for (const n of names(net)) expect(names(head)).toContain(n);
      expect(names(head)).toHaveLength(8 + 2);
      // the block's variables are the same objects inside "net" and on their own
      for (const w of block!.trainableWeights) expect(net!.trainableWeights.some((v) => v.read() === w.read())).toBe(true);
      const update = s.program.updates[0]!;
      expect(update.variables).toHaveLength(10);
      // net's second output is the first block's output: applying the block by hand gives the same
      const x = tf.randomNormal([3, 4], 0, 1, 'float32', 5);
      const [y, h] = net!.apply(x, { training: false }) as import('@tensorflow/tfjs').Tensor[];
      const widened = tf.matMul(x, net!.getLayer(net!.layers[1]!.name).getWeights()[0]!).add(net!.layers[1]!.getWeights()[1]!);
      const byHand = block!.apply(widened, { training: false }) as import('@tensorflow/tfjs').Tensor;
      expect(Array.from(h!.dataSync())).toEqual(Array.from(byHand.dataSync()));
      expect(y!.shape).toEqual([3, 4]);
      const before = block!.trainableWeights.map((w) => Array.from(w.read().dataSync()));
      const losses: number[] = [];
      await train(s, { steps: 3, metricsEvery: 1, onMetrics: (m) => void losses.push(...m.map((r) => Object.values(r.losses)[0]!)) });
      expect(losses).toHaveLength(3);
      expect(losses.every(Number.isFinite)).toBe(true);
      const after = block!.trainableWeights.map((w) => Array.from(w.read().dataSync()));
      expect(after).not.toEqual(before);
      tf.dispose([x, y!, h!, widened, byHand]);
    } finally {
      disposeSession(s);
    }
  });
});

/** The same model written out layer by layer, with the names the copies get. */
function flatDoc(): GraphDoc {
  const doc = ownBlocksDoc();
  const pair = doc.models['pair']!;
  const layers = (p: string) => pair.nodes.filter((n) => n.type.startsWith('layers.')).map((n) => ({ ...n, id: `${p}_${n.id}` }));
  doc.models = {
    head: {
      nodes: [node('x', 'models.input', { name: 'x', shape: [4] }), ...layers('first'), ...layers('second'), node('out', 'layers.dense', { units: 2 }), node('y', 'models.output', { name: 'y' })],
      edges: [
        edge('f0', 'x', 'out', 'first_a', 'in'), edge('f1', 'first_a', 'out', 'first_drop', 'in'), edge('f2', 'first_drop', 'out', 'first_b', 'in'),
        edge('s0', 'first_b', 'out', 'second_a', 'in'), edge('s1', 'second_a', 'out', 'second_drop', 'in'), edge('s2', 'second_drop', 'out', 'second_b', 'in'),
        edge('o0', 'second_b', 'out', 'out', 'in'), edge('o1', 'out', 'out', 'y', 'in'),
      ],
    },
  };
  return doc;
}

describe('models inside models with weights of their own', () => {
  it('a copy takes the sizes of what feeds it, shows them on its Model node, and needs no optimizer of its own', () => {
    const a = analyze(ownBlocksDoc());
    expect(a.diagnostics.map((d) => `${d.code}: ${d.message}`)).toEqual([]);
    // the block declares [6]; its copies take [4] and [4]
    expect(a.shapes['model:head']?.['first']).toEqual({ y: [null, 4] });
    expect(a.shapes['model:head']?.['second']).toEqual({ y: [null, 4] });
  });

  it('a problem inside a copy is told on its Model node', () => {
    const doc = ownBlocksDoc();
    doc.models['head']!.nodes.find((n) => n.id === 'first')!.params['model'] = 'pair';
    doc.models['pair']!.nodes.find((n) => n.id === 'a')!.params['units'] = 0;
    const d = analyze(doc).diagnostics.filter((x) => x.scope.kind === 'model' && x.scope.modelId === 'head');
    expect(d.length).toBeGreaterThan(0);
    expect(d[0]!.nodeId).toMatch(/^(first|second)$/);
    expect(d[0]!.message).toMatch(/in its own copy of model "pair"/);
  });

  it('is refused in the training graph', () => {
    const doc = ownBlocksDoc();
    doc.main.nodes.find((n) => n.id === 'head')!.params['weights'] = 'own';
    expect(codes(doc)).toContain('graph.ownBlockInMain');
  });

  it('trains exactly as the same model written out layer by layer: the same weights, names, seeds and losses', async () => {
    const run = async (doc: GraphDoc) => {
      const s = await cpuSession(doc, { seed: 4 });
      const names = s.models['head']!.trainableWeights.map((w) => w.originalName);
      const losses: number[] = [];
      await train(s, { steps: 4, metricsEvery: 1, onMetrics: (m) => void losses.push(...m.map((r) => Object.values(r.losses)[0]!)) });
      disposeSession(s);
      return { names, losses };
    };
    const own = await run(ownBlocksDoc());
    const flat = await run(flatDoc());
    expect(own.names).toEqual(flat.names);
    expect(own.names).toContain('head__first_a/kernel');
    expect(own.losses).toHaveLength(4);
    expect(own.losses).toEqual(flat.losses);
  });
});
