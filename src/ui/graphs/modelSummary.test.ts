import { describe, expect, it } from 'vitest';
import { TEMPLATES } from '../../../templates';
import { analyze } from '../../compiler/analyze';
import { chainModel, doc, graph } from '../../../test/helpers/build-doc';
import { ownBlocksDoc } from '../../../test/codegen/fixtures';
import { summarizeCopy, summarizeDoc, summarizeModel } from './modelSummary';

describe('model summary', () => {
  it('lists a model in flow order with shapes and weights, like a Keras summary', () => {
    const d = doc({
      models: {
        // declared out of order on purpose: the summary follows the data, not the file
        mlp: graph(
          [['out', 'models.output', { name: 'y' }], ['d2', 'layers.dense', { units: 10 }], ['in', 'models.input', { name: 'x', shape: [784] }],
            ['d1', 'layers.dense', { units: 128, activation: 'relu' }], ['bn', 'layers.batchNorm']],
          ['in.out -> d1.in', 'd1.out -> bn.in', 'bn.out -> d2.in', 'd2.out -> out.in'],
        ),
      },
    });
    d.models.mlp!.nodes[3]!.label = 'hidden';
    const s = summarizeModel(d, analyze(d), 'mlp')!;
    expect(s.rows.map((r) => [r.name, r.title, r.shape, r.params && r.params.trainable + r.params.nonTrainable, r.from])).toEqual([
      ['in', 'Model Input', [null, 784], 0, []],
      ['hidden', 'Dense', [null, 128], 784 * 128 + 128, ['in']],
      ['bn', 'BatchNorm', [null, 128], 4 * 128, ['hidden']],
      ['d2', 'Dense', [null, 10], 128 * 10 + 10, ['bn']],
      ['out', 'Model Output', [null, 10], 0, ['d2']],
    ]);
    expect(s.total).toEqual({ trainable: 784 * 128 + 128 + 2 * 128 + 1290, nonTrainable: 2 * 128 });
    expect(s.uncounted).toBe(0);
  });

  it('counts what it can when a shape is unknown, and says how many it could not', () => {
    const d = doc({ models: { m: graph([['d', 'layers.dense', { units: 3 }], ['o', 'models.output']], ['d.out -> o.in']) } });
    const s = summarizeModel(d, analyze(d), 'm')!;
    expect(s.rows[0]!.params).toBeUndefined();
    expect(s.uncounted).toBe(1);
    expect(summarizeModel(d, analyze(d), 'nope')).toBeUndefined();
  });

  it('sums every model of a document', () => {
    const d = doc({ models: { a: chainModel([4], [['d', 'layers.dense', { units: 2 }]]), b: chainModel([2], [['d', 'layers.dense', { units: 1 }]]) } });
    const s = summarizeDoc(d, analyze(d));
    expect(s.models.map((m) => m.total.trainable)).toEqual([10, 3]);
    expect(s.total).toEqual({ trainable: 13, nonTrainable: 0 });
  });

  it('counts an own-weights copy at the sizes that feed it, not the block\'s declared ones', () => {
    const d = ownBlocksDoc();
    const a = analyze(d);
    // the block declares [6]: 6*5+5 + 5*4+4 = 59; its copies are fed [4]: 4*5+5 + 5*4+4 = 49
    expect(summarizeModel(d, a, 'pair')!.total.trainable).toBe(59);
    expect(summarizeCopy(d, a, 'head', 'first')).toEqual({ total: { trainable: 49, nonTrainable: 0 }, uncounted: 0 });
    expect(summarizeCopy(d, a, 'head', 'second')!.total.trainable).toBe(49);
    expect(summarizeCopy(d, a, 'head', 'out')).toBeUndefined();
  });

  it('counts every template model completely', () => {
    for (const t of TEMPLATES) {
      const s = summarizeDoc(t.doc, analyze(t.doc));
      for (const m of s.models) expect(m.uncounted, `${t.id}/${m.modelId}`).toBe(0);
      expect(s.total.trainable, t.id).toBeGreaterThan(0);
    }
  });
});
