// program: the TrainingProgram of the main graph. Each optimizer becomes an update that evaluates
// the part of the graph upstream of its loss afresh and minimises it over its own models' weights
// only; each preview, and each Metric, becomes a function that evaluates its inputs without gradients.
import type * as TF from '@tensorflow/tfjs';
import type { OpNodeSpec, OptimizerNodeSpec, RunEnv, TFModule } from '../../nodes/spec';
import { clipWeightsTo, trainableVariables } from '../../nodes/optimizers/common';
import { installFastPaths } from '../runtime/fast-paths';
import type { Front } from './analyze';
import { distinctNames, nodeName } from './diagnostics';
import { feeder, portKey, upstreamOf, type GraphIndex } from './graph-index';

export interface Update {
  /** optimizer node id */
  id: string;
  /** what people see on charts: the optimizer's label or id */
  name: string;
  optimizer: TF.Optimizer;
  variables: TF.Variable[];
  repeats: number;
  order: number;
  /** evaluates the loss afresh; call inside optimizer.minimize */
  loss: (env: RunEnv) => TF.Scalar;
  /** decoupled work after each minimize (AdamW); call inside tf.tidy */
  after: () => void;
}

export interface Preview {
  id: string;
  name: string;
  type: string;
  /** evaluates the preview's inputs (no gradients) and returns what the preview shows */
  run: (env: RunEnv) => Record<string, TF.Tensor>;
}

/** A Metric node: a value of the graph charted without training on it. */
export interface MetricProbe {
  id: string;
  name: string;
  /** iterations between two evaluations */
  every: number;
  /** evaluations averaged into one point */
  batches: number;
  /** evaluates the metric's input afresh (no gradients) and gives its mean */
  run: (env: RunEnv) => TF.Scalar;
}

export interface TrainingProgram {
  updates: Update[];
  previews: Preview[];
  metrics: MetricProbe[];
  /** dataset keys the data nodes need preloaded */
  datasets: string[];
}

type Values = Map<string, TF.Tensor>;

/** Evaluates the given nodes (and what they need) in topological order; returns port values. */
function evaluator(ix: GraphIndex, order: readonly string[]) {
  const neededFor = new Map<string, Set<string>>();
  return (roots: string[], env: RunEnv): Values => {
    const key = roots.join('\n');
    let needed = neededFor.get(key);
    if (!needed) neededFor.set(key, (needed = upstreamOf(ix, roots)));
    const values: Values = new Map();
    const input = (id: string, port: string) => {
      const e = feeder(ix, id, port)!;
      return values.get(portKey(e.source.node, e.source.port))!;
    };
    for (const id of order) {
      if (!needed.has(id)) continue;
      const n = ix.nodes.get(id)!;
      const inputs = Object.fromEntries(n.inputs.map((p) => [p.name, input(id, p.name)]));
      let outputs: Record<string, TF.Tensor>;
      if (n.spec.role === 'model-call') {
        const model = env.models[String(n.params.model)]!;
        const args = n.inputs.map((p) => inputs[p.name]!);
        const result = model.apply(args.length === 1 ? args[0]! : args, { training: env.training }) as TF.Tensor | TF.Tensor[];
        const list = Array.isArray(result) ? result : [result];
        outputs = Object.fromEntries(n.outputs.map((p, i) => [p.name, list[i]!]));
      } else if (n.spec.role === 'optimizer' || n.spec.role === 'preview' || n.spec.role === 'metric') {
        outputs = inputs; // roots: their inputs are what the caller wants
      } else if ('run' in n.spec) {
        outputs = (n.spec as OpNodeSpec).run(inputs, n.params, env);
      } else {
        continue;
      }
      for (const [port, t] of Object.entries(outputs)) values.set(portKey(id, port), t);
    }
    return values;
  };
}


export function buildProgram(tf: TFModule, front: Front, models: Record<string, TF.LayersModel>): TrainingProgram {
  installFastPaths(tf);
  const ix = front.main;
  const order = front.orderings.get(ix)!.order;
  const evaluate = evaluator(ix, order);
  // losses and metrics are reported by name: a name two optimizers (or two Metrics) share is told
  // apart by node id, as the export tells them apart
  const ofRole = (role: string) => order.map((id) => ix.nodes.get(id)!).filter((n) => n.spec.role === role).map((n) => n.node);
  const updateName = distinctNames(ofRole('optimizer'));
  const metricName = distinctNames(ofRole('metric'));
  const updates: Update[] = [];
  const previews: Preview[] = [];
  const metrics: MetricProbe[] = [];
  const datasets = new Set<string>();
  for (const id of order) {
    const n = ix.nodes.get(id)!;
    if (n.spec.role === 'data' && 'datasets' in n.spec && n.spec.datasets) for (const d of n.spec.datasets(n.params)) datasets.add(d);
    if (n.spec.role === 'optimizer') {
      const spec = n.spec as OptimizerNodeSpec;
      const owned = n.params.models as string[];
      const variables = trainableVariables(...owned.map((m) => models[m]!));
      const lossPort = n.inputs[0]!.name;
      updates.push({
        id,
        name: updateName(n.node),
        optimizer: spec.create(tf, n.params),
        variables,
        repeats: Number(n.params.updatesPerIteration ?? 1),
        order: Number(n.params.order ?? 0),
        loss: (env) => evaluate([id], env).get(portKey(id, lossPort)) as TF.Scalar,
        after: () => {
          spec.afterUpdate?.(tf, variables, n.params);
          const clip = Number(n.params.clipWeights ?? 0);
          if (clip > 0) clipWeightsTo(tf, variables, clip);
        },
      });
    } else if (n.spec.role === 'preview') {
      const spec = n.spec as OpNodeSpec;
      previews.push({
        id,
        name: nodeName(n.node),
        type: n.node.type,
        run: (env) => {
          const values = evaluate([id], env);
          const inputs = Object.fromEntries(n.inputs.map((p) => [p.name, values.get(portKey(id, p.name))!]));
          return spec.run(inputs, n.params, env);
        },
      });
    } else if (n.spec.role === 'metric') {
      const spec = n.spec as OpNodeSpec;
      const port = n.inputs[0]!.name;
      metrics.push({
        id,
        name: metricName(n.node),
        every: Number(n.params.every),
        batches: Number(n.params.batches),
        run: (env) => {
          const values = evaluate([id], env);
          return spec.run({ [port]: values.get(portKey(id, port))! }, n.params, env)['value'] as TF.Scalar;
        },
      });
    }
  }
  // stable: equal orders keep document order
  updates.sort((a, b) => a.order - b.order);
  return { updates, previews, metrics, datasets: [...datasets] };
}
