// Writes the training section of the exported module: the state of a run, one loss function per
// update, one function per preview, and trainStep / sample / main, mirroring what the compiler's
// `program` and the runtime's trainer do.
import type { Front } from '../compiler/analyze';
import { nodeName } from '../compiler/diagnostics';
import { opEmitterFor, optimizerEmitterFor } from './emitters';
import { writeEvaluation, type StateAccess } from './evaluation';
import type { ModelBuilder } from './models';
import { andList, docComment } from './comments';
import { camelName, commentText, NameScope, pascalName, propertyKey } from './names';
import type { Snippet } from './snippet';
import { imagesInMemory } from './snippets/data';
import { randomClass } from './snippets/random';
import { trainableVariables } from './snippets/training';

interface UpdatePlan {
  id: string;
  /** what charts and trainStep's result call it: the optimizer's label or id */
  name: string;
  /** its key in `optimizers` and `variables` */
  key: string;
  lossFunction: string;
  models: string[];
  repeats: number;
  create: string;
  /** the statement after each minimize step (AdamW's decay), given the variables expression */
  after?: (variables: string) => string;
}

export interface ProgramSection {
  code: string[];
  uses: Snippet[];
  /** the caller passes an ImageSource per dataset to createTraining and main: their keys, the splits drawn from */
  dataSources: { key: string; splits: string[] }[];
}

const list = (items: string[]) => items.join(', ');

export function writeProgram(front: Front, builders: readonly ModelBuilder[], module: NameScope): ProgramSection {
  const ix = front.main;
  const order = front.orderings.get(ix)!.order;
  const uses: Snippet[] = [randomClass];
  const use = (s: Snippet) => {
    uses.push(s);
    return s.name;
  };
  const modelKeys = new NameScope();
  const modelKey = new Map(builders.map((b) => [b.modelId, modelKeys.claim(camelName(b.modelId, 'model'))]));
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
      const name = nodeName(n.node);
      const plan: UpdatePlan = {
        id: n.node.id,
        name,
        key: updateKeys.claim(camelName(name, 'update')),
        lossFunction: module.claim(`lossFor${pascalName(name, 'Update')}`),
        models: n.params['models'] as string[],
        repeats: Number(n.params['updatesPerIteration'] ?? 1),
        create: emitter.create(n.params),
      };
      if (emitter.after) plan.after = (variables) => emitter.after!(n.params, variables, use);
      return plan;
    });

  const lossFunctions = updates.map((u) => {
    const scope = module.child(['t']);
    const ev = writeEvaluation(front, u.id, true, scope, state);
    const models = andList(u.models.map((m) => `"${m}"`));
    return [
      docComment(`The loss update "${u.name}" minimises over the weights of ${models}, evaluated afresh: a new batch, new noise.`),
      `function ${u.lossFunction}(t: Training): tf.Scalar {`,
      ...ev.lines.flatMap((l) => l.split('\n')).map((l) => `  ${l}`),
      `  return ${ev.rootInput('loss')};`,
      `}`,
    ].join('\n');
  });

  const previews = order
    .map((id) => ix.nodes.get(id)!)
    .filter((n) => n.spec.role === 'preview')
    .map((n) => ({ n, name: nodeName(n.node), fn: module.claim(`preview${pascalName(nodeName(n.node), 'Preview')}`) }));
  const previewFunctions = previews.map(({ n, name, fn }) => {
    const scope = module.child(['t']);
    const ev = writeEvaluation(front, n.node.id, false, scope, state);
    const emitter = opEmitterFor(n.node.type);
    if (!emitter) throw new Error(`the exporter cannot write preview type "${n.node.type}"`);
    // a preview's emitter gives the tensor it shows
    const shown = emitter.emit(n.params, ev.rootContext);
    return [
      docComment(`What the preview "${name}" shows, evaluated with training off.`),
      `function ${fn}(t: Training): tf.Tensor {`,
      ...ev.lines.flatMap((l) => l.split('\n')).map((l) => `  ${l}`),
      `  return ${shown};`,
      `}`,
    ].join('\n');
  });

  const needsData = datasetKeys.size > 0;
  const code: string[] = [];
  if (needsData) {
    uses.push(imagesInMemory);
    code.push(
      [
        docComment('The images the data nodes draw from, one source per dataset, e.g. `imagesInMemory({ train })`.'),
        `export interface DataSources {`,
        ...[...datasetKeys].flatMap(([dataset, k]) => [`  /** ${dataset}: ${splitText(splitsUsed.get(dataset))} */`, `  ${k}: ImageSource;`]),
        `}`,
      ].join('\n'),
    );
  }
  code.push(writeTrainingState(builders, modelKey, updates, needsData));
  code.push(writeCreateTraining(builders, modelKey, updates, needsData, use));
  code.push(...lossFunctions, writeTrainStep(updates), ...previewFunctions, writeSample(previews), writeMain(needsData));
  const dataSources = [...datasetKeys].map(([dataset, key]) => ({ key, splits: [...(splitsUsed.get(dataset) ?? [])] }));
  return { code, uses, dataSources };
}

const splitText = (splits: Set<string> | undefined) => {
  const names = [...(splits ?? [])];
  return names.length === 1 ? `its ${names[0]!} split` : `its ${andList(names)} splits`;
};

function writeTrainingState(builders: readonly ModelBuilder[], modelKey: Map<string, string>, updates: UpdatePlan[], needsData: boolean): string {
  const models = builders.map((b) => `${modelKey.get(b.modelId)!}: tf.LayersModel`);
  const optimizers = updates.map((u) => `${u.key}: tf.Optimizer`);
  const variables = updates.map((u) => `${u.key}: tf.Variable[]`);
  const fields = (items: string[]) => items.join('; ');
  return [
    `/** Everything a training run holds. */`,
    `export interface Training {`,
    `  /** the stream every batch, noise tensor and dropout mask draws from */`,
    `  rng: Random;`,
    `  models: { ${fields(models)} };`,
    `  /** one optimizer per update, and the weights it may change: its own models' only */`,
    `  optimizers: { ${fields(optimizers)} };`,
    `  variables: { ${fields(variables)} };`,
    needsData ? `  data: DataSources;` : '',
    `  /** iterations done */`,
    `  step: number;`,
    `}`,
  ]
    .filter((l) => l !== '')
    .join('\n');
}

function writeCreateTraining(
  builders: readonly ModelBuilder[],
  modelKey: Map<string, string>,
  updates: UpdatePlan[],
  needsData: boolean,
  use: (s: Snippet) => string,
): string {
  const models = builders.map((b) => `${modelKey.get(b.modelId)!}: ${b.functionName}(${b.takesRng ? 'seed, rng' : 'seed'})`);
  const optimizers = updates.map((u) => `${u.key}: ${u.create}`);
  const variables = updates.map((u) => `${u.key}: ${use(trainableVariables)}(${u.models.map((m) => `models.${modelKey.get(m) ?? camelName(m)}`).join(', ')})`);
  return [
    docComment('A run at its start: the weights drawn from `seed`, fresh optimizers, the stream seeded.'),
    `export function createTraining(seed: number${needsData ? ', data: DataSources' : ''}): Training {`,
    `  const rng = new Random(seed);`,
    `  const models = { ${list(models)} };`,
    `  return {`,
    `    rng,`,
    `    models,`,
    `    optimizers: { ${list(optimizers)} },`,
    `    variables: { ${list(variables)} },`,
    needsData ? `    data,` : '',
    `    step: 0,`,
    `  };`,
    `}`,
  ]
    .filter((l) => l !== '')
    .join('\n');
}

function writeTrainStep(updates: UpdatePlan[]): string {
  const scope = new NameScope(['t', 'repeat']);
  const body: string[] = [];
  const results: string[] = [];
  for (const u of updates) {
    const v = scope.claim(u.key);
    const minimize = `t.optimizers.${u.key}.minimize(() => ${u.lossFunction}(t), true, t.variables.${u.key})!`;
    const after = u.after ? [u.after(`t.variables.${u.key}`)] : [];
    if (u.repeats === 1) {
      body.push(`const ${v} = ${minimize};`, ...after);
    } else {
      body.push(
        `// "${commentText(u.name)}" runs ${u.repeats} times per iteration, each on a fresh batch; the last loss is reported`,
        `let ${v} = ${minimize};`,
        ...after,
        `for (let repeat = 1; repeat < ${u.repeats}; repeat++) {`,
        `  ${v}.dispose();`,
        `  ${v} = ${minimize};`,
        ...after.map((a) => `  ${a}`),
        `}`,
      );
    }
    results.push(propertyKey(u.name) === v ? v : `${propertyKey(u.name)}: ${v}`);
  }
  const names = updates.map((u) => `"${u.name}"`);
  const what =
    names.length === 0
      ? 'no updates (the graph has no optimizer).'
      : names.length === 1
        ? `update ${names[0]!} minimises its loss over its own models' weights.`
        : `updates ${names.join(', then ')}, each minimising its own loss over its own models' weights.`;
  return [
    docComment(`One training iteration: ${what} Returns the loss of each update by name, from before its step; dispose them once read.`),
    `export function trainStep(t: Training): Record<string, tf.Scalar> {`,
    ...body.map((l) => `  ${l}`),
    `  t.step++;`,
    `  return { ${list(results)} };`,
    `}`,
  ].join('\n');
}

function writeSample(previews: { name: string; fn: string }[]): string {
  const entries = previews.map((p) => `${propertyKey(p.name)}: tf.tidy(() => ${p.fn}(t))`);
  return [
    docComment('What each preview shows now, by name, evaluated with training off; dispose the tensors once drawn.'),
    `export function sample(t: Training): Record<string, tf.Tensor> {`,
    `  return { ${list(entries)} };`,
    `}`,
  ].join('\n');
}

function writeMain(needsData: boolean): string {
  const dataParam = needsData ? 'data: DataSources, ' : '';
  return [
    `/**`,
    ` * Trains for \`steps\` iterations and prints the losses every \`logEvery\`. Stops with an error`,
    ` * naming the update and the iteration when a loss is not finite.`,
    ` */`,
    `export async function main(${dataParam}steps = 1000, seed = 1, logEvery = 100): Promise<Training> {`,
    `  const t = createTraining(seed${needsData ? ', data' : ''});`,
    `  while (t.step < steps) {`,
    `    const losses = trainStep(t);`,
    `    if (t.step % logEvery === 0 || t.step === steps) {`,
    `      const shown: string[] = [];`,
    `      for (const [name, loss] of Object.entries(losses)) {`,
    `        const value = (await loss.data())[0] ?? NaN;`,
    `        if (!Number.isFinite(value)) {`,
    `          throw new Error(\`the loss of "\${name}" is \${value} at iteration \${t.step - 1}\`);`,
    `        }`,
    `        shown.push(\`\${name} \${value.toFixed(4)}\`);`,
    `      }`,
    `      console.log(\`iteration \${t.step}: \${shown.join(', ')}\`);`,
    `    }`,
    `    tf.dispose(Object.values(losses));`,
    `  }`,
    `  return t;`,
    `}`,
  ].join('\n');
}
