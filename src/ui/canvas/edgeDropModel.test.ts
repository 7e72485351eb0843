import { describe, expect, it } from 'vitest';
import { NODE_SPECS } from '../../../nodes';
import { modelSignatures } from '../../graph/signatures';
import { sampleDoc } from '../../store/fixtures';
import { dropChoices } from './edgeDropModel';

const types = (cs: ReturnType<typeof dropChoices>) => cs.map((c) => c.spec.type);
const ctx = { models: modelSignatures(sampleDoc()) };

describe('edge-drop choices', () => {
  it('offers layers and Model Output for a tensor dragged out of an output inside a model', () => {
    const cs = dropChoices(NODE_SPECS, { kind: 'model', modelId: 'mlp' }, { side: 'source', kind: 'tensor' }, ctx, ['mlp'], '');
    expect(types(cs)).toContain('layers.dense');
    expect(types(cs)).toContain('models.output');
    expect(types(cs)).not.toContain('models.input'); // it takes no input
    expect(types(cs)).not.toContain('losses.mse'); // training graph only
    expect(cs.find((c) => c.spec.type === 'layers.add')?.port).toBe('in1'); // the first free input
  });

  it('offers only nodes with an output of the kind an input wants, when dragged out of an input', () => {
    const lossIn = dropChoices(NODE_SPECS, { kind: 'main' }, { side: 'target', kind: 'loss' }, ctx, ['mlp'], '');
    expect(lossIn.length).toBeGreaterThan(0);
    for (const c of lossIn) expect(c.spec.category).toBe('losses');
    const tensorIn = types(dropChoices(NODE_SPECS, { kind: 'main' }, { side: 'target', kind: 'tensor' }, ctx, ['mlp'], ''));
    expect(tensorIn).toContain('samplers.gaussian');
    expect(tensorIn).toContain('models.call'); // the first model's output
    expect(tensorIn).not.toContain('optimizers.adam');
  });

  it('a loss wire goes to optimizers and loss arithmetic, not to layers or previews', () => {
    const cs = types(dropChoices(NODE_SPECS, { kind: 'main' }, { side: 'source', kind: 'loss' }, ctx, ['mlp'], ''));
    expect(cs).toContain('optimizers.adam');
    expect(cs.some((t) => t.startsWith('previews.'))).toBe(false);
  });

  it('filters by search, best match first, and a Model node needs a model to have ports', () => {
    const cs = dropChoices(NODE_SPECS, { kind: 'model', modelId: 'mlp' }, { side: 'source', kind: 'tensor' }, ctx, ['mlp'], 'conv');
    expect(cs[0]?.spec.type).toBe('layers.conv2d');
    expect(types(cs)).not.toContain('layers.dense');
    const none = types(dropChoices(NODE_SPECS, { kind: 'main' }, { side: 'source', kind: 'tensor' }, { models: {} }, [], 'model'));
    expect(none).not.toContain('models.call');
  });
});
