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
  });

  it('inside a model, makes a block of the selected layers: the model runs one instance of it, with the same shapes', () => {
    const stores = { doc: new DocStore(structuredClone(TEMPLATES.find((t) => t.id === 'dcgan')!.doc)), session: new SessionStore() };
    const before = analyze(stores.doc.current);
    const disc = stores.doc.current.models.discriminator!;
    const picked = disc.nodes.filter((n) => n.type.startsWith('layers.')).slice(0, 3).map((n) => n.id);
    stores.session.open({ kind: 'model', modelId: 'discriminator' });
    stores.session.select(picked);
    expect(createModelBlocker(stores)).toBeNull();
    const block = createModelFromSelection(stores)!;
    expect(block).toBe('model1');
    const after = stores.doc.current;
    const call = after.models.discriminator!.nodes.find((n) => n.type === 'models.call')!;
    expect(call.params.model).toBe(block);
    expect(after.models[block]!.nodes.filter((n) => picked.includes(n.id))).toHaveLength(3);
    const a = analyze(after);
    expect(a.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
    // what the discriminator gives the training graph is unchanged
    expect(a.signatures['discriminator']).toEqual(before.signatures['discriminator']);
    expect(Object.keys(a.shapes[`model:${block}`] ?? {})).toEqual(expect.arrayContaining(picked));
  });

  it('in the training graph, makes a model of selected Model nodes, which then run inside it', () => {
    const stores = { doc: new DocStore(structuredClone(TEMPLATES.find((t) => t.id === 'vae')!.doc)), session: new SessionStore() };
    const main = stores.doc.current.main;
    const enc = main.nodes.find((n) => n.id === 'enc')!;
    expect(enc.type).toBe('models.call');
    stores.session.select([enc.id, 'opt']);
    expect(createModelFromSelection(stores)).toBe('model1');
    const after = stores.doc.current;
    expect(after.models.model1!.nodes.find((n) => n.id === 'enc')?.params.model).toBe('encoder');
    const a = analyze(after);
    expect(a.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
    // its weights are the encoder's, which the optimizer trains: nothing untrained to warn of
    expect(a.diagnostics.map((d) => d.code)).not.toContain('graph.modelNotTrained');
    expect(a.diagnostics.map((d) => d.code)).not.toContain('graph.modelUnused');
  });
});
