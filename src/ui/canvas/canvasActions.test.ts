import { describe, expect, it } from 'vitest';
import { TEMPLATES } from '../../../templates';
import { analyze } from '../../compiler/analyze';
import { DocStore } from '../../store/docStore';
import { SessionStore } from '../../store/session';
import { createModelBlocker, createModelFromSelection, sampleShapeOf } from './canvasActions';

describe('create model from the selection', () => {
  it('declares a Model Input from the shape it will receive, without the batch', () => {
    expect(sampleShapeOf([256, 2])).toEqual([2]);
    expect(sampleShapeOf([null, 28, 28, 1])).toEqual([28, 28, 1]);
    // unknown or unfit shapes fall back to the Model Input's default
    expect(sampleShapeOf(undefined)).toEqual([28, 28, 1]);
    expect(sampleShapeOf([null])).toEqual([28, 28, 1]);
    expect(sampleShapeOf([null, null, 3])).toEqual([28, 28, 1]);
    expect(sampleShapeOf([1, 2, 3, 4, 5, 6])).toEqual([28, 28, 1]);
  });

  it('moves the selected layers of the training graph, leaving a Model node that checks out', () => {
    // the 2-D GAN's generator layers, put in the training graph in place of its Model node
    const doc = structuredClone(TEMPLATES.find((t) => t.id === 'gan-2d')!.doc);
    const gen = doc.models.generator!;
    const layers = gen.nodes.filter((n) => n.type.startsWith('layers.'));
    const call = doc.main.nodes.find((n) => n.params.model === 'generator')!;
    doc.main.nodes = [...doc.main.nodes.filter((n) => n !== call), ...layers];
    const first = layers[0]!.id, last = layers.at(-1)!.id;
    doc.main.edges = [
      ...doc.main.edges.map((e) => ({
        ...e,
        source: e.source.node === call.id ? { node: last, port: 'out' } : e.source,
        target: e.target.node === call.id ? { node: first, port: 'in' } : e.target,
      })),
      ...gen.edges.filter((e) => layers.some((l) => l.id === e.source.node) && layers.some((l) => l.id === e.target.node)),
    ];
    delete doc.models.generator;
    for (const n of doc.main.nodes) if (Array.isArray(n.params.models)) n.params.models = (n.params.models as string[]).filter((m) => m !== 'generator');
    expect(analyze(doc).diagnostics.filter((d) => d.code === 'graph.layerInMain')).toHaveLength(layers.length);

    const stores = { doc: new DocStore(doc), session: new SessionStore() };
    stores.session.select([layers[1]!.id]);
    expect(createModelBlocker(stores)).toBeNull();
    stores.session.select(['opt_G']);
    expect(createModelBlocker(stores)).toMatch(/Select one or more layer nodes/);
    stores.session.select([...layers.map((l) => l.id), 'opt_G']); // a non-layer in the selection stays
    expect(createModelFromSelection(stores)).toBe('model1');
    const after = stores.doc.current;
    expect(after.main.nodes.some((n) => n.id === 'opt_G')).toBe(true);
    expect(after.models.model1!.nodes.find((n) => n.type === 'models.input')!.params.shape).toEqual([8]);
    const a = analyze(after);
    expect(a.diagnostics.filter((d) => d.code === 'graph.layerInMain')).toEqual([]);
    const newCall = stores.session.getSnapshot().selectedNodes[0]!;
    expect(a.shapes.main?.[newCall]?.y).toEqual([128, 2]); // a batch of 128 noise vectors → points
    // inside a model it is refused, with the reason
    stores.session.open({ kind: 'model', modelId: 'discriminator' });
    stores.session.select(['h1']);
    expect(createModelBlocker(stores)).toMatch(/cannot run another model yet/);
    expect(createModelFromSelection(stores)).toBeNull();
  });
});
