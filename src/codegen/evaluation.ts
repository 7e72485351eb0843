// Writes the straight-line code that evaluates the part of the training graph upstream of one
// root (an optimizer's loss, a preview), node by node in the order the app's evaluator runs them,
// so that every draw from the random stream happens in the same order as in the app.
import type { Front } from '../compiler/analyze';
import { nodeName } from '../compiler/diagnostics';
import { feeder, portKey, upstreamOf, type IndexedNode } from '../compiler/graph-index';
import { showShape } from '../messages';
import { withShapes } from './comments';
import { opEmitterFor } from './emitters';
import type { OpEmitContext } from './emitters/types';
import { camelName, identifierSource, type NameScope } from './names';
import { markLinesSince } from './node-lines';
import type { Use } from './snippet';

/** How the function's code reaches the training state. */
export interface StateAccess {
  /** the random stream */
  rng: string;
  model(modelId: string): string;
  /** the function that applies a model with several outputs and returns them by name */
  applyFunction(modelId: string): string | undefined;
  imageSource(dataset: string, split: string): string;
  use: Use;
}

export interface Evaluation {
  lines: string[];
  /** the expression of an input of the root */
  rootInput(port: string): string;
  /** the root node's own emit context, for previews */
  rootContext: OpEmitContext;
}

const accessPort = (object: string, port: string) => (/^[A-Za-z_$][\w$]*$/.test(port) ? `${object}.${port}` : `${object}[${JSON.stringify(port)}]`);

/** With `marks`, each node's lines are wrapped in the markers of ./node-lines. */
export function writeEvaluation(front: Front, root: string, training: boolean, scope: NameScope, state: StateAccess, marks = false): Evaluation {
  const ix = front.main;
  const order = front.orderings.get(ix)!.order;
  const needed = upstreamOf(ix, [root]);
  const shapes = front.shapes['main'] ?? {};
  const values = new Map<string, string>();
  const lines: string[] = [];

  const inputOf = (id: string, port: string): string => {
    const e = feeder(ix, id, port);
    const v = e && values.get(portKey(e.source.node, e.source.port));
    if (!v) throw new Error(`input "${port}" of node "${id}" has no value; export only graphs without errors`);
    return v;
  };
  const contextFor = (id: string): OpEmitContext => ({
    input: (port) => inputOf(id, port),
    inputPorts: ix.nodes.get(id)!.inputs.map((p) => p.name),
    rng: state.rng,
    training,
    model: state.model,
    imageSource: state.imageSource,
    use: state.use,
    local(wanted, expr) {
      const name = scope.claim(wanted);
      lines.push(`const ${name} = ${expr};`);
      return name;
    },
  });
  const shapeComment = (n: IndexedNode, ports: string[]) => {
    const shown = ports
      .map((p) => [p, shapes[n.node.id]?.[p]] as const)
      .filter(([, s]) => s !== undefined && s.length > 0)
      .map(([p, s]) => (ports.length === 1 ? showShape(s) : `${p} ${showShape(s)}`));
    return shown.join(', ');
  };
  for (const id of order) {
    if (!needed.has(id) || id === root) continue;
    const n = ix.nodes.get(id)!;
    const label = identifierSource(n.node);
    const from = lines.length;
    if (n.spec.role === 'model-call') {
      const modelId = String(n.params['model']);
      const args = n.inputs.map((p) => inputOf(id, p.name));
      const options = `{ training: ${training} }`;
      const v = scope.claim(camelName(label));
      const apply = state.applyFunction(modelId);
      if (apply) {
        // several outputs, returned by name
        for (const p of n.outputs) values.set(portKey(id, p.name), accessPort(v, p.name));
        const ports = n.outputs.map((p) => p.name);
        lines.push(withShapes(`const ${v} = ${apply}(${[state.model(modelId), ...args, options].join(', ')});`, shapeComment(n, ports)));
      } else {
        values.set(portKey(id, n.outputs[0]!.name), v);
        const applied = args.length === 1 ? args[0] : `[${args.join(', ')}]`;
        lines.push(withShapes(`const ${v} = ${state.model(modelId)}.apply(${applied}, ${options}) as tf.Tensor;`, shapeComment(n, [n.outputs[0]!.name])));
      }
      markLinesSince(marks, lines, from, 'main', id);
      continue;
    }
    const emitter = opEmitterFor(n.node.type);
    if (!emitter) throw new Error(`the exporter cannot write node type "${n.node.type}" (node "${nodeName(n.node)}")`);
    const expr = emitter.emit(n.params, contextFor(id));
    const v = scope.claim(camelName(label));
    if (n.outputs.length === 1) {
      const port = n.outputs[0]!;
      values.set(portKey(id, port.name), v);
      // the loss helpers return tf.Scalar; raw tfjs ops on losses (tf.addN, tf.mul) need telling
      const type = port.kind === 'loss' && expr.startsWith('tf.') ? ': tf.Scalar' : '';
      lines.push(withShapes(`const ${v}${type} = ${expr};`, shapeComment(n, [port.name])));
    } else {
      for (const p of n.outputs) values.set(portKey(id, p.name), accessPort(v, p.name));
      lines.push(withShapes(`const ${v} = ${expr};`, shapeComment(n, n.outputs.map((p) => p.name))));
    }
    markLinesSince(marks, lines, from, 'main', id);
  }
  return { lines, rootInput: (port) => inputOf(root, port), rootContext: contextFor(root) };
}
