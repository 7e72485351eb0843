// Reads a tfjs layers model.json into one plain form: the layers, each with the tensors it is
// called on, and the model's input and output tensors. Sequential models become the same chain a
// functional model would be. Handles the tfjs and Keras 2 layouts (inbound nodes as lists) and the
// Keras 3 one (inbound nodes as {args} holding keras tensors). Pure; refuses with a coded issue.
import { issue, type Issue } from '../messages';
import { METADATA_KEY, type PortNames } from './files';
import { describeJson, isNonNegInt, isRecord, stringList, type JsonRecord } from './json-values';

/** One tensor: output `tensor` of call `node` of layer `layer`. */
export interface TensorRef {
  layer: string;
  node: number;
  tensor: number;
}

export interface KerasLayer {
  name: string;
  className: string;
  config: JsonRecord;
  /** per call of the layer, the tensors it was called on, in order */
  calls: TensorRef[][];
}

export interface Topology {
  name: string;
  /** in file order */
  layers: KerasLayer[];
  inputs: TensorRef[];
  outputs: TensorRef[];
}

export interface ManifestWeight {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: string; scale?: number; min?: number };
}

export interface ManifestGroup {
  paths: string[];
  weights: ManifestWeight[];
}

export interface ModelJson {
  topology: Topology;
  manifest: ManifestGroup[];
  /** the port names Tensorloom wrote, when it wrote this file */
  ports?: PortNames;
}

export type Read<T> = { ok: true; value: T } | { ok: false; issue: Issue };

const fail = (detail: string): Read<never> => ({ ok: false, issue: issue('import.topology', { detail }) });

/** Parses and reads a model.json; `file` names it in messages. */
export function readModelJson(source: string | unknown, file = 'model.json'): Read<ModelJson> {
  let json: unknown = source;
  if (typeof source === 'string') {
    try {
      json = JSON.parse(source.startsWith('\uFEFF') ? source.slice(1) : source);
    } catch (e) {
      return { ok: false, issue: issue('import.json', { file, detail: e instanceof Error ? e.message : String(e) }) };
    }
  }
  if (!isRecord(json)) return { ok: false, issue: issue('import.notModel', { file, detail: `it holds ${describeJson(json)}, not an object` }) };
  const topo = json['modelTopology'];
  if (json['format'] === 'graph-model' || (isRecord(topo) && Array.isArray(topo['node']))) {
    return { ok: false, issue: issue('import.graphModel', { file }) };
  }
  if (!isRecord(topo)) return { ok: false, issue: issue('import.notModel', { file, detail: 'it has no "modelTopology" object' }) };
  // Keras' own JSON wraps the model in model_config (beside training_config)
  const model = isRecord(topo['model_config']) ? topo['model_config'] : topo;
  const topology = readTopology(model);
  if (!topology.ok) return topology;
  const manifest = readManifest(json['weightsManifest']);
  if (!manifest.ok) return manifest;
  const ports = readPorts(json['userDefinedMetadata'], topology.value);
  return { ok: true, value: { topology: topology.value, manifest: manifest.value, ...(ports ? { ports } : {}) } };
}

function readTopology(model: JsonRecord): Read<Topology> {
  const className = model['class_name'];
  const config = model['config'];
  if (className === 'Sequential') return readSequential(config);
  if (className === 'Model' || className === 'Functional') return readFunctional(config);
  return fail(`the model's class_name is ${describeJson(className)}; expected "Sequential", "Model" or "Functional"`);
}

function layerHead(raw: unknown, i: number): Read<{ name: string; className: string; config: JsonRecord }> {
  if (!isRecord(raw)) return fail(`layer ${i} is ${describeJson(raw)}, not an object`);
  const config = raw['config'];
  const className = raw['class_name'];
  if (typeof className !== 'string') return fail(`layer ${i} has no class_name`);
  if (!isRecord(config)) return fail(`layer ${i} (${className}) has no config object`);
  const name = typeof raw['name'] === 'string' ? raw['name'] : config['name'];
  if (typeof name !== 'string' || !name) return fail(`layer ${i} (${className}) has no name`);
  return { ok: true, value: { name, className, config } };
}

function readFunctional(config: unknown): Read<Topology> {
  if (!isRecord(config) || !Array.isArray(config['layers'])) return fail('the model config has no "layers" list');
  const layers: KerasLayer[] = [];
  for (const [i, raw] of config['layers'].entries()) {
    const head = layerHead(raw, i);
    if (!head.ok) return head;
    const calls = readInbound((raw as JsonRecord)['inbound_nodes']);
    if (calls === undefined) return fail(`layer "${head.value.name}" has inbound_nodes in a form that is not understood`);
    layers.push({ ...head.value, calls });
  }
  const inputs = readRefList(config['input_layers']);
  const outputs = readRefList(config['output_layers']);
  if (!inputs || !inputs.length) return fail('the model config has no readable "input_layers"');
  if (!outputs || !outputs.length) return fail('the model config has no readable "output_layers"');
  const name = typeof config['name'] === 'string' ? config['name'] : 'model';
  return { ok: true, value: { name, layers, inputs, outputs } };
}

/** [name, node, tensor] (and a 4th kwargs element in inbound nodes), or undefined. */
function readRef(v: unknown): TensorRef | undefined {
  if (!Array.isArray(v) || v.length < 3) return undefined;
  const [layer, node, tensor] = v as unknown[];
  return typeof layer === 'string' && isNonNegInt(node) && isNonNegInt(tensor) ? { layer, node, tensor } : undefined;
}

/** input_layers / output_layers: a list of refs, or (Keras 3, one tensor) a bare ref. */
function readRefList(v: unknown): TensorRef[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const single = readRef(v);
  if (single && typeof v[0] === 'string') return [single];
  const refs = v.map(readRef);
  return refs.every((r): r is TensorRef => r !== undefined) ? refs : undefined;
}

/** inbound_nodes: per call, the tensors it takes. */
function readInbound(v: unknown): TensorRef[][] | undefined {
  if (v === undefined) return [];
  if (!Array.isArray(v)) return undefined;
  const calls: TensorRef[][] = [];
  for (const call of v) {
    if (isRecord(call)) {
      // Keras 3: {args: [...], kwargs: {...}}, tensors as {class_name: '__keras_tensor__', config: {keras_history}}
      const refs: TensorRef[] = [];
      collectKerasTensors(call['args'], refs);
      calls.push(refs);
      continue;
    }
    if (!Array.isArray(call)) return undefined;
    const refs = call.map(readRef);
    if (!refs.every((r): r is TensorRef => r !== undefined)) return undefined;
    calls.push(refs);
  }
  return calls;
}

function collectKerasTensors(v: unknown, into: TensorRef[]): void {
  if (Array.isArray(v)) {
    for (const x of v) collectKerasTensors(x, into);
    return;
  }
  if (!isRecord(v)) return;
  const config = v['config'];
  if (v['class_name'] === '__keras_tensor__' && isRecord(config)) {
    const ref = readRef(config['keras_history']);
    if (ref) into.push(ref);
  }
}

/** A Sequential model as the chain of calls it stands for, starting from one input layer. */
function readSequential(config: unknown): Read<Topology> {
  const list = Array.isArray(config) ? config : isRecord(config) ? config['layers'] : undefined;
  if (!Array.isArray(list) || list.length === 0) return fail('the Sequential model has no layers');
  const heads = [];
  for (const [i, raw] of list.entries()) {
    const head = layerHead(raw, i);
    if (!head.ok) return head;
    heads.push(head.value);
  }
  const first = heads[0]!;
  const layers: KerasLayer[] = [];
  if (first.className !== 'InputLayer') {
    const shape = first.config['batch_input_shape'] ?? first.config['batch_shape'];
    if (!Array.isArray(shape)) return fail(`the first layer "${first.name}" of the Sequential model declares no input shape (batch_input_shape)`);
    layers.push({ name: `${first.name}_input`, className: 'InputLayer', config: { batch_input_shape: shape }, calls: [] });
  }
  for (const h of heads) {
    const prev = layers.at(-1);
    layers.push({ ...h, calls: prev ? [[{ layer: prev.name, node: 0, tensor: 0 }]] : [] });
  }
  const name = isRecord(config) && typeof config['name'] === 'string' ? config['name'] : 'sequential';
  const ref = (l: KerasLayer): TensorRef => ({ layer: l.name, node: 0, tensor: 0 });
  return { ok: true, value: { name, layers, inputs: [ref(layers[0]!)], outputs: [ref(layers.at(-1)!)] } };
}

function readManifest(v: unknown): Read<ManifestGroup[]> {
  if (v === undefined) return { ok: true, value: [] };
  if (!Array.isArray(v)) return fail('"weightsManifest" is not a list');
  const groups: ManifestGroup[] = [];
  for (const [i, g] of v.entries()) {
    const paths = isRecord(g) ? stringList(g['paths']) : undefined;
    const weights = isRecord(g) ? g['weights'] : undefined;
    if (!paths || !Array.isArray(weights)) return fail(`weightsManifest[${i}] needs "paths" and "weights" lists`);
    const read: ManifestWeight[] = [];
    for (const w of weights) {
      const shape = isRecord(w) ? w['shape'] : undefined;
      if (!isRecord(w) || typeof w['name'] !== 'string' || !Array.isArray(shape) || !shape.every(isNonNegInt) || typeof w['dtype'] !== 'string') {
        return fail(`weightsManifest[${i}] has a weight without a name, a shape or a dtype`);
      }
      const q = w['quantization'];
      const entry: ManifestWeight = { name: w['name'], shape: shape as number[], dtype: w['dtype'] };
      if (isRecord(q) && typeof q['dtype'] === 'string') {
        entry.quantization = { dtype: q['dtype'] };
        if (typeof q['scale'] === 'number') entry.quantization.scale = q['scale'];
        if (typeof q['min'] === 'number') entry.quantization.min = q['min'];
      }
      read.push(entry);
    }
    groups.push({ paths, weights: read });
  }
  return { ok: true, value: groups };
}

/** Port names, only when they fit the model (as many as its inputs and outputs). */
function readPorts(meta: unknown, t: Topology): PortNames | undefined {
  const ours = isRecord(meta) ? meta[METADATA_KEY] : undefined;
  if (!isRecord(ours)) return undefined;
  const inputs = stringList(ours['inputs']);
  const outputs = stringList(ours['outputs']);
  if (!inputs || !outputs || inputs.length !== t.inputs.length || outputs.length !== t.outputs.length) return undefined;
  return { inputs, outputs };
}
