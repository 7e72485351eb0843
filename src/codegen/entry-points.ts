// Writes the entry points of the exported module: the state of a run (Training), createTraining,
// trainStep (every update in order, as the runtime's trainer runs them), sample and main.
import { docComment } from './comments';
import type { ModelBuilder } from './models';
import { camelName, commentText, NameScope, propertyKey } from './names';
import type { Use } from './snippet';

export interface UpdatePlan {
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

const list = (items: string[]) => items.join(', ');

export function writeTrainingState(builders: readonly ModelBuilder[], modelKey: Map<string, string>, updates: UpdatePlan[], needsData: boolean, withSeed: boolean): string {
  const models = builders.map((b) => `${modelKey.get(b.modelId)!}: tf.LayersModel`);
  const optimizers = updates.map((u) => `${u.key}: tf.Optimizer`);
  const variables = updates.map((u) => `${u.key}: tf.Variable[]`);
  const fields = (items: string[]) => items.join('; ');
  return [
    `/** Everything a training run holds. */`,
    `export interface Training {`,
    `  /** the stream every batch, noise tensor and dropout mask draws from */`,
    `  rng: Rng;`,
    withSeed ? `  /** the run's seed; each metric evaluation seeds a stream of its own from it */\n  seed: number;` : '',
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

export function writeCreateTraining(
  builders: readonly ModelBuilder[],
  modelKey: Map<string, string>,
  updates: UpdatePlan[],
  needsData: boolean,
  use: Use,
  withSeed: boolean,
): string {
  // models inside models: each built, in this order, into a local before the models that hold it
  const locals = new NameScope(['seed', 'rng', 'data', 'models']);
  const local = new Map(builders.map((b) => [b.modelId, locals.claim(modelKey.get(b.modelId)!)]));
  const field = (id: string) => (local.get(id) === modelKey.get(id) ? local.get(id)! : `${modelKey.get(id)!}: ${local.get(id)!}`);
  const call = (b: ModelBuilder) => `${b.functionName}(${b.takesRng ? 'seed, rng' : 'seed'}${b.inner.length ? `, { ${list(b.inner.map(field))} }` : ''})`;
  const nested = builders.some((b) => b.inner.length);
  const built = nested ? builders.map((b) => `  const ${local.get(b.modelId)!} = ${call(b)};`) : [];
  const models = builders.map((b) => (nested ? field(b.modelId) : `${modelKey.get(b.modelId)!}: ${call(b)}`));
  const optimizers = updates.map((u) => `${u.key}: ${u.create}`);
  const variables = updates.map((u) => `${u.key}: ${use('trainableVariables')}(${u.models.map((m) => `models.${modelKey.get(m) ?? camelName(m)}`).join(', ')})`);
  return [
    docComment('A run at its start: the weights drawn from `seed`, fresh optimizers, the stream seeded.'),
    `export function createTraining(seed: number${needsData ? ', data: DataSources' : ''}): Training {`,
    `  const rng = new Rng(seed);`,
    ...built,
    `  const models = { ${list(models)} };`,
    `  return {`,
    `    rng,`,
    withSeed ? `    seed,` : '',
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

export function writeTrainStep(updates: UpdatePlan[]): string {
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

export function writeSample(previews: { name: string; fn: string }[]): string {
  const entries = previews.map((p) => `${propertyKey(p.name)}: tf.tidy(() => ${p.fn}(t))`);
  return [
    docComment('What each preview shows now, by name, evaluated with training off; dispose the tensors once drawn.'),
    `export function sample(t: Training): Record<string, tf.Tensor> {`,
    `  return { ${list(entries)} };`,
    `}`,
  ].join('\n');
}

export function writeMain(needsData: boolean, withMetrics: boolean): string {
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
    withMetrics ? `  console.log(\`metrics after \${t.step} iterations:\`, evaluateMetrics(t));` : '',
    `  return t;`,
    `}`,
  ]
    .filter((l) => l !== '')
    .join('\n');
}
