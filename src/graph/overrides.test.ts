import { describe, expect, it } from 'vitest';
import { TEMPLATES } from '../../templates';
import { applyOverrides, parseSetting } from './overrides';

const doc = (id: string) => TEMPLATES.find((t) => t.id === id)!.doc;
const batchOf = (d: ReturnType<typeof doc>, id: string) => d.main.nodes.find((n) => n.id === id)!.params['batchSize'];

describe('applyOverrides', () => {
  it('sets every batch size, but the one beside a Constant (its batch is its number of values)', () => {
    const { doc: small, problems } = applyOverrides(doc('cdcgan'), { batchSize: 4 });
    expect(problems).toEqual([]);
    expect([batchOf(small, 'real'), batchOf(small, 'noise'), batchOf(small, 'asked')]).toEqual([4, 4, 4]);
    expect(batchOf(small, 'row_noise')).toBe(100);
    expect(batchOf(applyOverrides(doc('dcgan'), { batchSize: 4 }).doc, 'noise')).toBe(4);
  });

  it('applies NODE.PARAM=VALUE settings, and names a node it cannot find', () => {
    const s = parseSetting('opt_D.clipWeights=0.01');
    expect(s).toEqual({ node: 'opt_D', param: 'clipWeights', value: 0.01 });
    const { doc: set, problems } = applyOverrides(doc('gan-2d'), { set: [s as never, { node: 'nope', param: 'x', value: 1 }] });
    expect(set.main.nodes.find((n) => n.id === 'opt_D')!.params['clipWeights']).toBe(0.01);
    expect(problems.map((p) => p.code)).toEqual(['run.setParam']);
  });
});
