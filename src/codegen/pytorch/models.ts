// Writes one nn.Module per model subgraph: its layers made in __init__ and applied in forward in
// the order tfjs runs them (./execution-order), channels first inside (the shapes in comments are PyTorch's), and
// the table that loads the app's weights into it (APP_WEIGHTS: app name, parameter, layout).
import type { LayerNodeSpec, Shape } from '../../../nodes/spec';
import { scopeKey } from '../../compiler/analysis';
import type { Front } from '../../compiler/analyze';
import { feeder, portKey, type GraphIndex } from '../../compiler/graph-index';
import { layerName } from '../../compiler/names';
import { showShape } from '../../messages';
import { identifierSource } from '../names';
import { executionOrder } from './execution-order';
import { className, pyDocText, pythonScope, snakeName } from './names';
import { py } from '../../../nodes/torch-emit';
import type { NameScope } from '../names';
import { unsupported, writtenBy } from './unsupported';

export interface TorchModel {
  modelId: string;
  className: string;
  /** true when a layer draws from the training stream (dropout): the class takes `rng` */
  takesRng: boolean;
  /** the models it runs inside itself, handed to its constructor built (after `rng`) */
  inner: string[];
  code: string;
}

/** A shape as PyTorch holds it: images channels first. */
export function torchShape(shape: Shape | undefined): Shape | undefined {
  if (!shape || shape.length !== 4) return shape;
  const [b, h, w, c] = shape;
  return [b ?? null, c ?? null, h ?? null, w ?? null];
}

export const shapeComment = (shape: Shape | undefined) => (shape ? `  # ${showShape(torchShape(shape))}` : '');

const signatureText = (ports: { name: string; shape: Shape | undefined }[]) => ports.map((p) => `${p.name} ${showShape(p.shape)}`).join(', ');

export function writeTorchModel(front: Front, modelId: string, classes: NameScope): TorchModel {
  const ix: GraphIndex = front.models[modelId]!;
  const order = executionOrder(ix, front.orderings.get(ix)!.order);
  const shapes = front.shapes[scopeKey(ix.scope)] ?? {};
  // attributes, and (for the models inside it) constructor arguments of the same names
  const attributes = pythonScope(['training', 'rng', 'self']);
  const locals = pythonScope();
  const vars = new Map<string, string>();
  const init: string[] = [];
  const forward: string[] = [];
  const weights: string[] = [];
  let takesRng = false;

  const inner: string[] = [];
  // the attribute each inner model is kept in, named after it; its constructor argument has that name
  const innerAttribute = new Map<string, string>();
  // one variable per output port
  const inputOf = (nodeId: string, port: string): string => {
    const e = feeder(ix, nodeId, port);
    const v = e && vars.get(portKey(e.source.node, e.source.port));
    if (!v) throw new Error(`${modelId}.${nodeId}.${port} has no input; export only graphs without errors`);
    return v;
  };
  const inputShape = (nodeId: string, port: string): Shape => {
    const e = feeder(ix, nodeId, port)!;
    return shapes[e.source.node]?.[e.source.port] ?? [];
  };

  const inputs: string[] = [];
  for (const id of order) {
    const n = ix.nodes.get(id)!;
    const shape = shapes[id]?.['out'];
    if (n.spec.role === 'model-input') {
      const v = locals.claim(snakeName(identifierSource(n.node), 'x'));
      vars.set(portKey(id, 'out'), v);
      inputs.push(v);
      if (shape?.length === 4) forward.push(`${v} = tl.to_channels_first(${v})${shapeComment(shape)}`);
      continue;
    }
    if (n.spec.role === 'model-call') {
      // a model inside this one: the module handed in, so every instance has its weights. It takes
      // and gives images channels last, as the app's graph has them
      const callee = String(n.params['model']);
      if (!innerAttribute.has(callee)) {
        inner.push(callee);
        innerAttribute.set(callee, attributes.claim(snakeName(callee, 'model')));
      }
      const args = n.inputs.map((p) => (inputShape(id, p.name).length === 4 ? `tl.to_channels_last(${inputOf(id, p.name)})` : inputOf(id, p.name)));
      const base = snakeName(identifierSource(n.node), 'block');
      const outs = n.outputs.map((p) => locals.claim(n.outputs.length === 1 ? base : `${base}_${snakeName(p.name)}`));
      n.outputs.forEach((p, i) => vars.set(portKey(id, p.name), outs[i]!));
      forward.push(`${outs.join(', ')} = self.${innerAttribute.get(callee)!}(${args.join(', ')})`);
      n.outputs.forEach((p, i) => {
        const s = shapes[id]?.[p.name];
        if (s?.length === 4) forward.push(`${outs[i]!} = tl.to_channels_first(${outs[i]!})${shapeComment(s)}`);
      });
      continue;
    }
    if (n.spec.role !== 'layer') continue;
    const spec = n.spec as LayerNodeSpec;
    if (!spec.torch) throw unsupported(n.node, spec.title);
    const ctx = { inputs: n.inputs.map((p) => inputShape(id, p.name)), output: shape ?? [], rng: 'rng' };
    const args = n.inputs.map((p) => inputOf(id, p.name));
    const name = snakeName(identifierSource(n.node), 'layer');
    const attribute = spec.torch.module ? attributes.claim(name) : '';
    const module = attribute && `self.${attribute}`;
    if (spec.torch.module) {
      init.push(`${module} = ${writtenBy(n.node, () => spec.torch!.module!(n.params, ctx))}`);
      takesRng ||= spec.seeds === 'seed+nextSeed';
      for (const [app, parameter, layout] of spec.torch.weights?.(n.params) ?? []) {
        weights.push(`(${py(`${layerName(modelId, id)}/${app}`)}, ${py(`${attribute}.${parameter}`)}, ${py(layout)}),`);
      }
    }
    const writeForward = spec.torch.forward;
    const call = writeForward ? writtenBy(n.node, () => writeForward(n.params, { ...ctx, module, args })) : `${module}(${args[0]!})`;
    const v = locals.claim(name);
    vars.set(portKey(id, 'out'), v);
    forward.push(`${v} = ${call}${shapeComment(shape)}`);
  }

  const outputs = ix.graph.nodes
    .filter((nd) => ix.nodes.get(nd.id)?.spec.role === 'model-output')
    .map((nd) => {
      const v = inputOf(nd.id, 'in');
      return inputShape(nd.id, 'in').length === 4 ? `tl.to_channels_last(${v})` : v;
    });
  const sig = front.signatures[modelId];
  const name = classes.claim(className(modelId));
  const code = [
    `class ${name}(nn.Module):`,
    `    """The model "${pyDocText(modelId)}": ${pyDocText(signatureText(sig?.inputs ?? []))} -> ${pyDocText(signatureText(sig?.outputs ?? []))}.`,
    ``,
    `    Images are channels first inside and channels last at its inputs and outputs, as the app's`,
    `    graph has them. ${takesRng ? 'Dropout masks draw their seeds from `rng`, the training stream.' : ''}`.trimEnd(),
    ...(inner.length ? [`    It runs ${pyDocText(inner.map((m) => `"${m}"`).join(', '))} inside itself, handed in built, so their weights are shared.`] : []),
    `    """`,
    ``,
    `    # the app's weight of each parameter, and how its layout changes (LAYOUTS in tensorloom_runtime.py)`,
    weights.length ? `    APP_WEIGHTS = [\n${weights.map((w) => `        ${w}`).join('\n')}\n    ]` : `    APP_WEIGHTS = []`,
    ``,
    `    def __init__(self${takesRng ? ', rng' : ''}${inner.map((m) => `, ${innerAttribute.get(m)!}`).join('')}):`,
    `        super().__init__()`,
    ...inner.map((m) => `        self.${innerAttribute.get(m)!} = ${innerAttribute.get(m)!}  # the model "${pyDocText(m)}", its weights shared`),
    ...init.map((l) => `        ${l}`),
    ``,
    `    def forward(self, ${inputs.join(', ')}):`,
    ...forward.map((l) => `        ${l}`),
    `        return ${outputs.join(', ')}`,
  ].join('\n');
  return { modelId, className: name, takesRng, inner, code };
}
