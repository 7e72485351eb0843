// Writes the training section of the exported module: the state of a run, one loss function per
// update, one function per preview, and trainStep / sample / main, mirroring what the compiler's
// `program` and the runtime's trainer do.
import type { Front } from '../compiler/analyze';
import { distinctNames, nodeName } from '../compiler/diagnostics';
import { opEmitterFor, optimizerEmitterFor } from './emitters';
import { writeEvaluation, type StateAccess } from './evaluation';
import { andList } from '../util/and-list';
import { docComment } from './comments';
import { type UpdatePlan, writeCreateTraining, writeMain, writeSample, writeTrainingState, writeTrainStep } from './entry-points';
import { modelKeys, type ModelBuilder } from './models';
import { camelName, commentText, NameScope, pascalName } from './names';
import { writeMetrics } from './metrics';
import { markNode } from './node-lines';
import { runtimeSnippet } from './runtime-code';
import type { Snippet, Use } from './snippet';
import { imagesInMemory } from './snippets/data';
import { randomClass } from './snippets/random';


export interface ProgramSection {
  code: string[];
  uses: Snippet[];
  /** the caller passes an ImageSource per dataset to createTraining and main: their keys, the splits drawn from */
  dataSources: { key: string; splits: string[] }[];
}

/** With `marks`, each node's code is wrapped in the markers of ./node-lines (an optimizer's: its loss function). */
export function writeProgram(front: Front, builders: readonly ModelBuilder[], module: NameScope, marks = false): ProgramSection {
  const ix = front.main;
  const order = front.orderings.get(ix)!.order;
  const uses: Snippet[] = [randomClass];
  const use: Use = (s) => {
    const declared = typeof s === 'string' ? runtimeSnippet(s) : s;
    uses.push(declared);
    return declared.name;
  };
  const modelKey = modelKeys(builders.map((b) => b.modelId));
  const datasetKeys = new Map<string, string>();
  const splitsUsed = new Map<string, Set<string>>();
  const state: StateAccess = {
    rng: 't.rng',
    model: (id) => `t.models.${modelKey.get(id) ?? camelName(id)}`,
    applyFunction: (id) => builders.find((b) => b.modelId === id)?.applyFunction,
    imageSource(dataset, split) {
      if (!datasetKeys.has(dataset)) datasetKeys.set(dataset, camelName(dataset, 'dataset'));
      splitsUsed.set(dataset, (splitsUsed.get(dataset) ?? new Set()).add(split));
      return `t.data.${datasetKeys.get(dataset)!}`;
    },
    use,
  };

  // losses and previews are returned by name: names two updates (or two previews) share are told
  // apart by node id
  const nodesOf = (role: string) => order.map((id) => ix.nodes.get(id)!).filter((n) => n.spec.role === role).map((n) => n.node);
  const updateName = distinctNames(nodesOf('optimizer'));
  const previewName = distinctNames(nodesOf('preview'));
  const metricName = distinctNames(nodesOf('metric'));
  // the updates in the order an iteration runs them (stable: equal orders keep document order)
  const updateKeys = new NameScope();
  const updates: UpdatePlan[] = order
    .map((id) => ix.nodes.get(id)!)
    .filter((n) => n.spec.role === 'optimizer')
    .map((n) => ({ n, order: Number(n.params['order'] ?? 0) }))
    .sort((a, b) => a.order - b.order)
    .map(({ n }) => {
      const emitter = optimizerEmitterFor(n.node.type);
      if (!emitter) throw new Error(`the exporter cannot write optimizer type "${n.node.type}"`);
      const name = updateName(n.node);
      const plan: UpdatePlan = {
        id: n.node.id,
        name,
        key: updateKeys.claim(camelName(name, 'update')),
        lossFunction: module.claim(`lossFor${pascalName(name, 'Update')}`),
        models: n.params['models'] as string[],
        repeats: Number(n.params['updatesPerIteration'] ?? 1),
        create: emitter.create(n.params),
      };
      const clip = Number(n.params['clipWeights'] ?? 0);
      const statements = (variables: string) => [
        ...(emitter.after ? [emitter.after(n.params, variables, use)] : []),
        ...(clip > 0 ? [`${state.use('clipWeightsTo')}(tf, ${variables}, ${clip});`] : []),
      ];
      if (emitter.after || clip > 0) plan.after = (variables) => statements(variables).join('\n');
      return plan;
    });

  const lossFunctions = updates.map((u) => {
    const scope = module.child(['t']);
    const ev = writeEvaluation(front, u.id, true, scope, state, marks);
    const models = andList(u.models.map((m) => `"${m}"`));
    return markNode(marks, 'main', u.id, [
      docComment(`The loss update "${u.name}" minimises over the weights of ${models}, evaluated afresh: a new batch, new noise.`),
      `function ${u.lossFunction}(t: Training): tf.Scalar {`,
      ...ev.lines.flatMap((l) => l.split('\n')).map((l) => `  ${l}`),
      `  return ${ev.rootInput('loss')};`,
      `}`,
    ].join('\n'));
  });

  const previews = order
    .map((id) => ix.nodes.get(id)!)
    .filter((n) => n.spec.role === 'preview')
    .map((n) => ({ n, name: previewName(n.node), fn: module.claim(`preview${pascalName(nodeName(n.node), 'Preview')}`) }));
  const previewFunctions = previews.map(({ n, name, fn }) => {
    const scope = module.child(['t']);
    const ev = writeEvaluation(front, n.node.id, false, scope, state, marks);
    const emitter = opEmitterFor(n.node.type);
    if (!emitter) throw new Error(`the exporter cannot write preview type "${n.node.type}"`);
    // a preview's emitter gives the tensor it shows
    const shown = emitter.emit(n.params, ev.rootContext);
    return markNode(marks, 'main', n.node.id, [
      docComment(`What the preview "${name}" shows, evaluated with training off.`),
      `function ${fn}(t: Training): tf.Tensor {`,
      ...ev.lines.flatMap((l) => l.split('\n')).map((l) => `  ${l}`),
      `  return ${shown};`,
      `}`,
    ].join('\n'));
  });

  const metrics = writeMetrics(front, (id) => metricName(ix.nodes.get(id)!.node), module, state, marks);
  const needsData = datasetKeys.size > 0;
  const code: string[] = [];
  if (needsData) {
    uses.push(imagesInMemory);
    code.push(
      [
        docComment('The images the data nodes draw from, one source per dataset, e.g. `imagesInMemory({ train })`.'),
        `export interface DataSources {`,
        ...[...datasetKeys].flatMap(([dataset, k]) => [`  /** ${commentText(dataset)}: ${splitText(splitsUsed.get(dataset))} */`, `  ${k}: ImageSource;`]),
        `}`,
      ].join('\n'),
    );
  }
  const withMetrics = metrics.code.length > 0;
  code.push(writeTrainingState(builders, modelKey, updates, needsData, withMetrics));
  code.push(writeCreateTraining(builders, modelKey, updates, needsData, use, withMetrics));
  code.push(...lossFunctions, writeTrainStep(updates), ...previewFunctions, writeSample(previews), ...metrics.code, writeMain(needsData, withMetrics));
  const dataSources = [...datasetKeys].map(([dataset, key]) => ({ key, splits: [...(splitsUsed.get(dataset) ?? [])] }));
  return { code, uses, dataSources };
}


const splitText = (splits: Set<string> | undefined) => {
  const names = [...(splits ?? [])];
  return names.length === 1 ? `its ${names[0]!} split` : `its ${andList(names)} splits`;
};
