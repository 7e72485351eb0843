// Writes the Metric nodes of the exported module: one function per Metric that evaluates its input
// with training off, drawing from a stream of its own, and `evaluateMetrics`, which averages each
// over its batches from the stream the runtime's trainer seeds (src/runtime/trainer.ts), so the
// export reads the values the app charts.
import type { Front } from '../compiler/analyze';
import { nodeName } from '../compiler/diagnostics';
import { docComment } from './comments';
import { opEmitterFor } from './emitters';
import { writeEvaluation, type StateAccess } from './evaluation';
import { type NameScope, pascalName, quote, templateText } from './names';
import { markNode } from './node-lines';

export interface MetricsSection {
  /** one function per Metric, then evaluateMetrics; empty without Metrics */
  code: string[];
}

export function writeMetrics(front: Front, names: (id: string) => string, module: NameScope, state: StateAccess, marks: boolean): MetricsSection {
  const ix = front.main;
  const order = front.orderings.get(ix)!.order;
  const metrics = order.map((id) => ix.nodes.get(id)!).filter((n) => n.spec.role === 'metric');
  if (!metrics.length) return { code: [] };
  const rng = state.use('Rng');
  const hash = state.use('hashString');
  const planned = metrics.map((n) => ({ n, name: names(n.node.id), fn: module.claim(`metric${pascalName(nodeName(n.node), 'Metric')}`) }));
  const functions = planned.map(({ n, name, fn }) => {
    const scope = module.child(['t', 'rng']);
    const ev = writeEvaluation(front, n.node.id, false, scope, { ...state, rng: 'rng' }, marks);
    const emitter = opEmitterFor(n.node.type);
    if (!emitter) throw new Error(`the exporter cannot write metric type "${n.node.type}"`);
    return markNode(marks, 'main', n.node.id, [
      docComment(`The metric "${name}": the mean of its input, evaluated with training off, drawing from \`rng\`.`),
      `function ${fn}(t: Training, rng: ${rng}): tf.Scalar {`,
      ...ev.lines.flatMap((l) => l.split('\n')).map((l) => `  ${l}`),
      `  return ${emitter.emit(n.params, ev.rootContext)};`,
      `}`,
    ].join('\n'));
  });
  const stream = 'rng';
  const entries = planned.map(({ n, name, fn }) => {
    const batches = Number(n.params['batches']);
    const seeded = `new ${rng}(${hash}(\`metric \${t.seed} ${templateText(n.node.id)} \${t.step}\`))`;
    const key = quote(name);
    // one evaluation at a time, so only its scalar outlives it
    const body = batches === 1
      ? [`const value = tf.tidy(() => ${fn}(t, ${stream}));`, `values[${key}] = value.dataSync()[0]!;`, `value.dispose();`]
      : [
          `const parts = Array.from({ length: ${batches} }, () => tf.tidy(() => ${fn}(t, ${stream})));`,
          `const mean = tf.tidy(() => tf.div(tf.addN(parts), ${batches}));`,
          `values[${key}] = mean.dataSync()[0]!;`,
          `tf.dispose([...parts, mean]);`,
        ];
    return [`{`, `  const ${stream} = ${seeded};`, ...body.map((l) => `  ${l}`), `}`];
  });
  const evaluate = [
    docComment('Every metric from the current weights, by name: as the app charts them before the iteration `t.step`, each averaged over its batches.'),
    `export function evaluateMetrics(t: Training): Record<string, number> {`,
    `  const values: Record<string, number> = {};`,
    ...entries.flat().map((l) => `  ${l}`),
    `  return values;`,
    `}`,
  ].join('\n');
  return { code: [...functions, evaluate] };
}
