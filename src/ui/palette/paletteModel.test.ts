import { describe, expect, it } from 'vitest';
import { NODE_SPECS } from '../../../nodes';
import { scopeOf } from '../../../nodes/spec';
import { paletteGroups } from './paletteModel';

const types = (groups: ReturnType<typeof paletteGroups>) => groups.flatMap((g) => g.specs.map((s) => s.type));

describe('palette', () => {
  it('lists only the nodes that fit the open graph', () => {
    const inModel = types(paletteGroups(NODE_SPECS, { kind: 'model', modelId: 'm' }, ''));
    const inMain = types(paletteGroups(NODE_SPECS, { kind: 'main' }, ''));
    expect(inModel).toContain('layers.dense');
    expect(inModel).toContain('models.input');
    // a model node runs a model in the training graph and, as a block, inside another model
    expect(inModel).toContain('models.call');
    expect(inMain).toContain('models.call');
    expect(inMain).not.toContain('layers.dense');
    // every registered node is offered somewhere: in a model, in the training graph, or (the model node) in both
    const both = inModel.filter((t) => inMain.includes(t));
    expect(both).toEqual(['models.call']);
    expect([...new Set([...inModel, ...inMain])].sort()).toEqual(NODE_SPECS.map((s) => s.type).sort());
    for (const t of inModel) expect(scopeOf(NODE_SPECS.find((s) => s.type === t)!)).not.toBe('main');
  });

  it('searches titles and aliases, best matches first', () => {
    const fc = types(paletteGroups(NODE_SPECS, { kind: 'model', modelId: 'm' }, 'fully'));
    expect(fc).toContain('layers.dense');
    const d = paletteGroups(NODE_SPECS, { kind: 'model', modelId: 'm' }, 'dens');
    expect(d[0]?.specs[0]?.type).toBe('layers.dense');
    expect(paletteGroups(NODE_SPECS, { kind: 'main' }, 'zzzz')).toEqual([]);
  });
});
