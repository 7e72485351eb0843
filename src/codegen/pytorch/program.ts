// Writes train.py: the graph's Training (its models, one optimizer per update, and one loss method
// per update, evaluating the training graph upstream of the update's loss node by node in the
// order the app's evaluator runs them, so every draw from the stream comes in the app's order).
import type { OpNodeSpec, OptimizerNodeSpec } from '../../../nodes/spec';
import { py, type TorchOpContext } from '../../../nodes/torch-emit';
import type { Front } from '../../compiler/analyze';
import { distinctNames } from '../../compiler/diagnostics';
import { feeder, portKey, upstreamOf } from '../../compiler/graph-index';
import type { GraphDoc } from '../../graph/types';
import { andList } from '../../util/and-list';
import { identifierSource } from '../names';
import type { TorchModel } from './models';
import { showShape } from '../../messages';
import { pyComment, pyDocText, pythonScope, snakeName } from './names';
import { TensorloomError } from '../../runtime/errors';
import { unsupported, writtenBy } from './unsupported';
import { importsFor } from './imports';

interface UpdatePlan {
  id: string;
  name: string;
  method: string;
  models: string[];
  repeats: number;
  clip: number;
  optimizer: string;
}

export interface TorchProgram {
  code: string;
  /** dataset keys the data nodes draw from ('mnist-train'), each a file KEY.bin under --data */
  datasets: string[];
  /** the batch size of the nodes the updates draw from, which --batch-size changes */
  batch: number | undefined;
}

/**
 * make_models' body: the models by id. Models inside models are built first, into locals, and
 * handed to the models holding them (`models` is in that order).
 */
function makeModels(models: readonly TorchModel[]): string[] {
  const args = (m: TorchModel, inner: string[]) => [...(m.takesRng ? ['self.rng'] : []), ...inner].join(', ');
  if (!models.some((m) => m.inner.length)) return [`        return {${models.map((m) => `${py(m.modelId)}: ${m.className}(${args(m, [])})`).join(', ')}}`];
  const locals = pythonScope(['self']);
  const local = new Map(models.map((m) => [m.modelId, locals.claim(snakeName(m.modelId, 'model'))]));
  return [
    ...models.map((m) => `        ${local.get(m.modelId)!} = ${m.className}(${args(m, m.inner.map((id) => local.get(id)!))})`),
    `        return {${models.map((m) => `${py(m.modelId)}: ${local.get(m.modelId)!}`).join(', ')}}`,
  ];
}

export function writeTorchProgram(doc: GraphDoc, front: Front, models: readonly TorchModel[]): TorchProgram {
  const ix = front.main;
  const order = front.orderings.get(ix)!.order;
  const shapes = front.shapes['main'] ?? {};
  const methods = pythonScope(['make_models', 'step', 'batch', 'rng', 'data', 'models', 'optimizers']);
  const optimizers = order.map((id) => ix.nodes.get(id)!).filter((n) => n.spec.role === 'optimizer');
  const updateName = distinctNames(optimizers.map((n) => n.node));

  // every node an update draws from takes the run's batch size; the previews keep theirs
  const trainingNodes = upstreamOf(ix, optimizers.map((n) => n.node.id));
  const batches = new Set([...trainingNodes].map((id) => ix.nodes.get(id)!.params['batchSize']).filter((b) => typeof b === 'number'));
  const batch = batches.size === 1 ? ([...batches][0] as number) : undefined;
  const datasets = new Set<string>();

  const updates: UpdatePlan[] = optimizers
    .map((n) => ({ n, order: Number(n.params['order'] ?? 0) }))
    .sort((a, b) => a.order - b.order)
    .map(({ n }) => {
      const spec = n.spec as OptimizerNodeSpec;
      if (!spec.torchCreate) throw unsupported(n.node, spec.title);
      const name = updateName(n.node);
      return {
        id: n.node.id,
        name,
        method: methods.claim(`loss_${snakeName(name, 'update')}`),
        models: n.params['models'] as string[],
        repeats: Number(n.params['updatesPerIteration'] ?? 1),
        clip: Number(n.params['clipWeights'] ?? 0),
        optimizer: writtenBy(n.node, () => spec.torchCreate!(n.params, 'p')),
      };
    });

  /** The lines that evaluate the graph upstream of `root`, node by node in the app's order. */
  const evaluate = (root: string) => {
    const needed = upstreamOf(ix, [root]);
    const locals = pythonScope(['m']);
    const values = new Map<string, string>();
    const lines: string[] = [];
    const used = new Set<string>();
    const inputOf = (id: string, port: string) => {
      const e = feeder(ix, id, port);
      const v = e && values.get(portKey(e.source.node, e.source.port));
      if (!v) throw new Error(`input "${port}" of node "${id}" has no value; export only graphs without errors`);
      return v;
    };
    const contextOf = (id: string): TorchOpContext => ({
      input: (port) => inputOf(id, port),
      inputPorts: ix.nodes.get(id)!.inputs.map((p) => p.name),
      rng: 'self.rng',
      // the nodes the updates draw from take the run's batch size; the others keep theirs
      batch: (value) => (batch !== undefined && value === batch && trainingNodes.has(id) ? 'self.batch' : py(value)),
      images(key) {
        used.add(key);
        return `self.data[${py(key)}]`;
      },
      model: (modelId) => `m[${py(modelId)}]`,
      outputShape: (port) => shapes[id]?.[port],
    });
    for (const id of order) {
      if (!needed.has(id) || id === root) continue;
      const n = ix.nodes.get(id)!;
      const base = snakeName(identifierSource(n.node), 'value');
      const names = n.outputs.length === 1 ? [locals.claim(base)] : n.outputs.map((p) => locals.claim(`${base}_${snakeName(p.name)}`));
      n.outputs.forEach((p, i) => values.set(portKey(id, p.name), names[i]!));
      // the training graph's tensors are channels last, as in the app
      const shape = n.outputs.length === 1 ? shapes[id]?.[n.outputs[0]!.name] : undefined;
      const shown = shape ? `  # ${showShape(shape)}` : '';
      if (n.spec.role === 'model-call') {
        const args = n.inputs.map((p) => inputOf(id, p.name));
        lines.push(`${names.join(', ')} = m[${py(String(n.params['model']))}](${args.join(', ')})${shown}`);
        continue;
      }
      const spec = n.spec as OpNodeSpec;
      if (!spec.torch) throw unsupported(n.node, spec.title);
      lines.push(`${names.join(', ')} = ${writtenBy(n.node, () => spec.torch!(n.params, contextOf(id)))}${shown}`);
    }
    return { lines, inputOf, context: contextOf(root), datasets: used };
  };

  const lossMethod = (u: UpdatePlan): string => {
    const ev = evaluate(u.id);
    ev.datasets.forEach((d) => datasets.add(d));
    const over = andList(u.models.map((m) => `"${pyDocText(m)}"`));
    return [
      `    def ${u.method}(self, m):`,
      `        """The loss update "${pyDocText(u.name)}" minimises over the weights of ${over}, evaluated afresh: a new batch, new noise."""`,
      ...ev.lines.map((l) => `        ${l}`),
      `        return ${ev.inputOf(u.id, ix.nodes.get(u.id)!.inputs[0]!.name)}`,
    ].join('\n');
  };

  // each preview as a method giving what it shows; one the export cannot write yet is left out, saying why
  const previewName = distinctNames(order.map((id) => ix.nodes.get(id)!).filter((n) => n.spec.role === 'preview').map((n) => n.node));
  const previews: { name: string; method: string; kind: string }[] = [];
  const previewMethods: string[] = [];
  for (const id of order) {
    const n = ix.nodes.get(id)!;
    if (n.spec.role !== 'preview') continue;
    const name = previewName(n.node);
    const method = methods.claim(`preview_${snakeName(name, 'preview')}`);
    try {
      const spec = n.spec as OpNodeSpec;
      if (!spec.torch) throw unsupported(n.node, spec.title);
      const ev = evaluate(id);
      const shown = writtenBy(n.node, () => spec.torch!(n.params, ev.context));
      ev.datasets.forEach((d) => datasets.add(d));
      previews.push({ name, method, kind: n.node.type === 'previews.scatter' ? 'points' : 'images' });
      previewMethods.push([
        `    def ${method}(self, m):`,
        `        """What the preview "${pyDocText(name)}" shows, evaluated with training off."""`,
        ...ev.lines.map((l) => `        ${l}`),
        `        return ${shown}`,
      ].join('\n'));
    } catch (e) {
      if (!(e instanceof TensorloomError)) throw e;
      const why = e.issue.code === 'export.pytorchNode' ? `node "${e.issue.args.node}" (${e.issue.args.title}) has no PyTorch side yet` : e.message;
      previewMethods.push(`    # the preview "${pyComment(name)}" is not written: ${pyComment(why)}`);
    }
  }

  const classes = models.map((m) => m.className).sort();
  const lossMethods = updates.map(lossMethod);
  const updateLines = updates.map((u) => {
    const extra = [u.repeats !== 1 ? `repeats=${u.repeats}` : '', u.clip > 0 ? `clip=${py(u.clip)}` : ''].filter(Boolean);
    return `        tl.Update(${[py(u.name), py(u.method), py(u.models), `lambda p: ${u.optimizer}`, ...extra].join(', ')}),`;
  });
  const body = [
    `class Training(tl.Training):`,
    `    """Everything a run of the graph holds: its models, one optimizer per update, the stream, the data."""`,
    ``,
    `    DATASETS = ${py([...datasets].sort())}`,
    ...(batch !== undefined ? [`    # the batch of every node the updates draw from; --batch-size sets it (per process under torchrun)`, `    BATCH = ${batch}`] : []),
    `    # in the order an iteration runs them: name, loss method, the models it changes, their optimizer`,
    `    UPDATES = [`,
    ...updateLines,
    `    ]`,
    ``,
    `    # the previews: written as PNG (images) or CSV (points) files under OUT/previews`,
    `    PREVIEWS = [`,
    ...previews.map((p) => `        tl.Preview(${[py(p.name), py(p.method), py(p.kind)].join(', ')}),`),
    `    ]`,
    ``,
    `    def make_models(self):`,
    ...makeModels(models),
    ``,
    [...lossMethods, ...previewMethods].join('\n\n'),
    ``,
    ``,
    `if __name__ == "__main__":`,
    `    tl.main(Training)`,
    ``,
  ].join('\n');
  // torch, nn and F as the methods use them; the runtime and the models always
  const torchImports = importsFor(body).filter((l) => l !== '' && !l.includes('tensorloom_runtime'));
  const code = [
    `"""${pyDocText(doc.meta.name || 'Untitled graph')}: a Tensorloom graph as a PyTorch training program.`,
    ``,
    ...(doc.meta.description ? [pyDocText(doc.meta.description), ''] : []),
    `Train with \`python train.py --steps 1000 --out run\`, or in N processes (GPUs, or CPU cores with gloo)`,
    `with \`torchrun --nproc_per_node=N train.py --steps 1000 --out run\`; \`python train.py --help\` lists the rest.`,
    `"""`,
    ``,
    ...(torchImports.length ? [...torchImports, ''] : []),
    `import tensorloom_runtime as tl`,
    `from models import ${classes.join(', ')}`,
    ``,
    ``,
    body,
  ].join('\n');
  return { code, datasets: [...datasets].sort(), batch };
}
