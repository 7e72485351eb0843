// The per-graph cache of analyzeFront: an edit re-analyses the graph it changed, and only that.
import { freeze, produce } from 'immer';
import { describe, expect, it } from 'vitest';
import { analyzeFront } from '../../src/compiler/analyze';
import { setParam } from '../../src/store/edits';
import { TEMPLATES } from '../../templates';

const ddpm = TEMPLATES.find((t) => t.id === 'ddpm-unet')!.doc;
const frozen = () => freeze(structuredClone(ddpm), true);
const fresh = (doc: typeof ddpm) => analyzeFront(structuredClone(doc));
const plain = (f: ReturnType<typeof analyzeFront>) => ({ diagnostics: f.diagnostics, shapes: f.shapes, signatures: f.signatures });

describe('analysis cached per graph', () => {
  it('keeps every model\'s analysis when the training graph is edited', () => {
    const before = frozen();
    const a = analyzeFront(before);
    const after = produce(before, setParam({ kind: 'main' }, 'adam', 'learningRate', 0.002));
    expect(after).not.toBe(before);
    const b = analyzeFront(after);
    expect(b.models.unet).toBe(a.models.unet);
    expect(b.shapes['model:unet']).toBe(a.shapes['model:unet']);
    expect(b.main).not.toBe(a.main);
    expect(plain(b)).toEqual(plain(fresh(after)));
  });

  it('analyses a model again when it is edited, with the new shapes', () => {
    const before = frozen();
    const a = analyzeFront(before);
    const conv = before.models.unet!.nodes.find((n) => n.type === 'layers.conv2d')!;
    const after = produce(before, setParam({ kind: 'model', modelId: 'unet' }, conv.id, 'filters', 7));
    const b = analyzeFront(after);
    expect(b.models.unet).not.toBe(a.models.unet);
    expect(b.shapes['model:unet']![conv.id]!.out).toEqual([null, ...a.shapes['model:unet']![conv.id]!.out!.slice(1, 3), 7]);
    expect(plain(b)).toEqual(plain(fresh(after)));
  });

  it('never keeps a graph that could change in place', () => {
    const doc = structuredClone(ddpm);
    const a = analyzeFront(doc);
    expect(analyzeFront(doc).models.unet).not.toBe(a.models.unet);
  });
});
