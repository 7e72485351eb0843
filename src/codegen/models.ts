// Writes one `buildXxx(seed)` per model subgraph: the tfjs functional API, layer by layer in the
// order `lower` builds them, with the names and initialiser seeds `lower` gives them, and the
// shape the analysis found for each layer in a comment.
import type { LayerNodeSpec, ModelSignature } from '../../nodes/spec';
import { scopeKey } from '../compiler/analysis';
import type { Front } from '../compiler/analyze';
import { feeder, portKey, type GraphIndex } from '../compiler/graph-index';
import { layerName, modelName } from '../compiler/names';
import { showShape } from '../messages';
import { readingOrder } from './reading-order';
import { docComment, withShapes } from './comments';
import { camelName, identifierSource, lit, NameScope, pascalName, propertyKey, quote, templateText } from './names';
import type { Snippet } from './snippet';
import { markNode } from './node-lines';
import { hashString, randomClass } from './snippets/random';
import { CUSTOM_LAYER_CLASSES } from './snippets/layers';

export interface ModelBuilder {
  modelId: string;
  /** `buildGenerator` */
  functionName: string;
  /** models with several outputs get `applyEncoder(model, ...inputs, { training })`, returning them by name */
  applyFunction?: string;
  /** true when a layer draws from the training stream at call time (dropout): build(seed, rng) */
  takesRng: boolean;
  /** the models it runs inside itself, handed in built: build(seed, [rng,] inner) */
  inner: string[];
  code: string;
  /** declarations the code uses (custom layer classes, hashString) */
  uses: Snippet[];
}

/** The custom layer classes an emitted constructor news up, e.g. `new GroupNorm({...})`. */
function customClassesIn(code: string): Snippet[] {
  return [...code.matchAll(/\bnew\s+([A-Za-z_$][\w$]*)\s*\(/g)].map(([, cls]) => {
    const s = CUSTOM_LAYER_CLASSES[cls!];
    if (!s) throw new Error(`emitted layer code uses class "${cls}", which the exporter does not know: ${code}`);
    return s;
  });
}

const signatureText = (ports: { name: string; shape: readonly (number | null)[] | undefined }[]) =>
  ports.map((p) => `${p.name} ${showShape(p.shape)}`).join(', ');

/** The key of each model in the exported Training's `models`, from the models in the order they are built. */
export function modelKeys(modelIds: readonly string[]): Map<string, string> {
  const keys = new NameScope();
  return new Map(modelIds.map((id) => [id, keys.claim(camelName(id, 'model'))]));
}

/**
 * With `marks`, each node's code is wrapped in the markers of ./node-lines. `keys`: modelKeys of
 * the document, for the models this one runs inside itself.
 */
export function writeModelBuilder(front: Front, modelId: string, module: NameScope, keys: ReadonlyMap<string, string>, marks = false): ModelBuilder {
  const ix: GraphIndex = front.models[modelId]!;
  const scope = scopeKey(ix.scope);
  const order = readingOrder(ix, front.orderings.get(ix)!.order);
  // a copied layer's lines are those of the own-weights Model node it stands for
  const marked = (id: string) => front.origins[modelId]?.nodes.get(id) ?? id;
  const shapes = front.shapes[scopeKey(ix.scope)] ?? {};
  const local = module.child(['seed', 'seedOf', 'rng', 'inner']);
  // one variable per output port
  const vars = new Map<string, string>();
  const inner: string[] = [];
  const uses: Snippet[] = [];
  const lines: string[] = [];
  let seeded = false;
  let takesRng = false;

  const inputOf = (nodeId: string, port: string): string => {
    const e = feeder(ix, nodeId, port);
    const v = e && vars.get(portKey(e.source.node, e.source.port));
    if (!v) throw new Error(`${modelId}.${nodeId}.${port} has no input; export only graphs without errors`);
    return v;
  };

  for (const id of order) {
    const n = ix.nodes.get(id)!;
    const shape = shapes[id]?.['out'];
    if (n.spec.role === 'model-input') {
      const v = local.claim(camelName(identifierSource(n.node), 'input'));
      vars.set(portKey(id, 'out'), v);
      const sample = n.params['shape'] as number[];
      const dtype = n.params['dtype'] === 'int32' ? `, dtype: 'int32'` : '';
      lines.push(markNode(marks, scope, marked(id), withShapes(`const ${v} = tf.input({ shape: ${lit(sample)}${dtype}, name: ${quote(layerName(modelId, id))} });`, showShape(shape))));
    } else if (n.spec.role === 'layer') {
      const spec = n.spec as LayerNodeSpec;
      const named = { name: layerName(modelId, id) };
      // the seeds `lower` gives `build`, so the exported model starts from the app's weights
      const seeds = { seed: `seedOf(${quote(id)})`, nextSeed: '() => rng.seed()' };
      const code = spec.emit(n.params, spec.seeds ? { ...named, seeds } : named);
      seeded ||= spec.seeds !== undefined;
      takesRng ||= spec.seeds === 'seed+nextSeed';
      uses.push(...customClassesIn(code));
      const args = n.inputs.map((p) => inputOf(id, p.name));
      const v = local.claim(camelName(identifierSource(n.node), 'layer'));
      vars.set(portKey(id, 'out'), v);
      const applied = args.length === 1 ? args[0]! : `[${args.join(', ')}]`;
      lines.push(markNode(marks, scope, marked(id), withShapes(`const ${v} = ${code}.apply(${applied}) as tf.SymbolicTensor;`, showShape(shape))));
    } else if (n.spec.role === 'model-call') {
      // a model inside this one: the model built before it, so every instance has its weights
      const callee = String(n.params['model']);
      if (!inner.includes(callee)) inner.push(callee);
      const args = n.inputs.map((p) => inputOf(id, p.name));
      const applied = args.length === 1 ? args[0]! : `[${args.join(', ')}]`;
      const base = camelName(identifierSource(n.node), 'block');
      const outs = n.outputs.map((p) => local.claim(n.outputs.length === 1 ? base : camelName(`${base}_${p.name}`, 'output')));
      n.outputs.forEach((p, i) => vars.set(portKey(id, p.name), outs[i]!));
      const call = `inner.${keys.get(callee)!}.apply(${applied})`;
      const shown = n.outputs.map((p) => showShape(shapes[id]?.[p.name])).join(', ');
      // outputs nothing in this model reads are left out of the destructuring
      const read = (port: string) => (ix.outgoing.get(id) ?? []).some((e) => e.source.port === port);
      const picked = n.outputs.map((p, i) => (read(p.name) ? outs[i]! : '')).join(', ').replace(/(, )+$/, '');
      const line = outs.length === 1 ? `const ${outs[0]} = ${call} as tf.SymbolicTensor;` : `const [${picked}] = ${call} as [${outs.map(() => 'tf.SymbolicTensor').join(', ')}];`;
      lines.push(markNode(marks, scope, marked(id), withShapes(line, shown)));
    }
  }

  const byRole = (role: string) => ix.graph.nodes.filter((nd) => ix.nodes.get(nd.id)?.spec.role === role && ix.nodes.has(nd.id));
  const inputs = byRole('model-input').map((nd) => vars.get(portKey(nd.id, 'out'))!);
  const outputs = byRole('model-output').map((nd) => inputOf(nd.id, 'in'));
  const name = `build${pascalName(modelId, 'Model')}`;
  const sig = front.signatures[modelId];
  const innerParam = inner.length ? `, inner: { ${inner.map((m) => `${keys.get(m)!}: tf.LayersModel`).join('; ')} }` : '';
  const params = (takesRng ? 'seed: number, rng: Rng' : 'seed: number') + innerParam;
  if (seeded) uses.push(hashString);
  if (takesRng) uses.push(randomClass);

  const about =
    `The model "${modelId}": ${signatureText(sig?.inputs ?? [])} → ${signatureText(sig?.outputs ?? [])}. ` +
    `Layer names match the app's, so weights saved by one load into the other.` +
    (takesRng ? ' Dropout masks draw their seeds from `rng`, the training stream.' : '') +
    (inner.length ? ` It runs ${inner.map((m) => `"${m}"`).join(', ')} inside itself: \`inner\` hands in those models, whose weights it shares.` : '');
  const builder = [
    docComment(about),
    `export function ${name}(${params}): tf.LayersModel {`,
    seeded ? `  // each layer's initialiser seed derives from the training seed, the model and the node` : '',
    seeded ? `  const seedOf = (node: string) => hashString(\`\${seed}/${templateText(modelId)}/\${node}\`);` : '',
    ...lines.flatMap((l) => l.split('\n')).map((l) => `  ${l}`),
    `  return tf.model({ inputs: [${inputs.join(', ')}], outputs: [${outputs.join(', ')}], name: ${quote(modelName(modelId))} });`,
    `}`,
  ]
    .filter((l) => l !== '')
    .join('\n');
  if (!sig || sig.outputs.length < 2) return { modelId, functionName: name, takesRng, inner, code: builder, uses };
  const apply = writeApplyFunction(modelId, sig, module);
  return { modelId, functionName: name, applyFunction: apply.name, takesRng, inner, code: `${builder}\n\n${apply.code}`, uses };
}

/** `applyEncoder(model, x, { training })` → `{ mu, logvar }`: a model's several outputs by name. */
function writeApplyFunction(modelId: string, sig: ModelSignature, module: NameScope): { name: string; code: string } {
  const name = module.claim(`apply${pascalName(modelId, 'Model')}`);
  const local = new NameScope(['model', 'options']);
  const inputs = sig.inputs.map((i) => local.claim(camelName(i.name, 'input')));
  const outputs = sig.outputs.map((o) => ({ key: propertyKey(o.name), v: local.claim(camelName(o.name, 'output')) }));
  const applied = inputs.length === 1 ? inputs[0]! : `[${inputs.join(', ')}]`;
  const code = [
    docComment(`Runs the model "${modelId}" on a batch; its outputs by name.`),
    `export function ${name}(model: tf.LayersModel, ${inputs.map((i) => `${i}: tf.Tensor`).join(', ')}, options: { training: boolean }): { ${outputs.map((o) => `${o.key}: tf.Tensor`).join('; ')} } {`,
    `  const [${outputs.map((o) => o.v).join(', ')}] = model.apply(${applied}, options) as [${outputs.map(() => 'tf.Tensor').join(', ')}];`,
    `  return { ${outputs.map((o) => (o.key === o.v ? o.v : `${o.key}: ${o.v}`)).join(', ')} };`,
    `}`,
  ].join('\n');
  return { name, code };
}
