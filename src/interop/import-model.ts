// A tfjs layers model.json (and, optionally, its weights) → a model subgraph of the document:
// Model Input nodes with the declared shapes, one layer node per Keras layer (plus an Activation
// node where a fused activation has no param), the edges, one Model Output per model output, laid
// out left to right by depth. Pure and total: problems come back as coded diagnostics.
import { getSpec } from '../../nodes';
import { resolveParams } from '../../nodes/params';
import type { Shape, ShapeContext } from '../../nodes/spec';
import { diagnostic, type Diagnostic } from '../compiler/diagnostics';
import type { Graph, GraphEdge, GraphNode, GraphScope, Params } from '../graph/types';
import { issue, renderIssue, severityOf, type Issue } from '../messages';
import { activationNodeParams } from './activations';
import { convertLayer } from './converters';
import { ignoredSettings } from './ignored-settings';
import type { WeightFiles } from './files';
import { layoutByDepth } from './layout';
import { matchWeights } from './match-weights';
import type { ModelWeights } from './model-weights';
import { readModelJson, type KerasLayer, type Topology } from './topology';
import { decodeWeights } from './weights-decode';

export interface ImportOptions {
  /** the model's id in the document (made id-safe); by default the model's own name */
  modelId?: string;
  /** weight files by manifest path or file name; without them the import is the topology alone */
  weights?: WeightFiles;
  /** the model.json's file name, for messages */
  file?: string;
}

export interface ImportedModel {
  id: string;
  graph: Graph;
  /** the weights by node id (see model-weights.ts); null for a topology-only import */
  weights: ModelWeights | null;
}

export type ImportResult = { ok: true; model: ImportedModel; diagnostics: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] };

/** What a Keras tensor became: the node and port that give it, and its shape. */
interface Made {
  node: string;
  port: string;
  shape: Shape;
}

const NO_MODELS: ShapeContext = { models: {} };

export const safeModelId = (name: string) => {
  const id = name.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 40);
  return /^[A-Za-z_]/.test(id) ? id : `m_${id}`.slice(0, 40);
};

export function importLayersModel(modelJson: string | unknown, options: ImportOptions = {}): ImportResult {
  const read = readModelJson(modelJson, options.file);
  const modelId = safeModelId(options.modelId ?? (read.ok ? read.value.topology.name : 'imported'));
  const scope: GraphScope = { kind: 'model', modelId };
  const refuse = (...issues: Issue[]): ImportResult => ({ ok: false, diagnostics: issues.map((i) => diagnostic(i, { scope })) });
  if (!read.ok) return refuse(read.issue);
  const { topology, manifest, ports } = read.value;

  const built = buildGraph(topology, ports);
  if (!built.ok) return refuse(...built.issues);
  const warnings = topology.layers.flatMap((l) => {
    const settings = ignoredSettings(l.config);
    return settings.length ? [diagnostic(issue('import.ignoredSettings', { layer: l.name, className: l.className, settings: settings.join(', ') }), { scope })] : [];
  });

  let weights: ModelWeights | null = null;
  if (options.weights) {
    const decoded = decodeWeights(manifest, options.weights);
    if (!decoded.ok) return refuse(decoded.issue);
    const matched = matchWeights(decoded.value, built.nodeOfLayer);
    if (!matched.ok) return refuse(matched.issue);
    weights = matched.value;
  }
  return { ok: true, model: { id: modelId, graph: built.graph, weights }, diagnostics: warnings };
}

type Built = { ok: true; graph: Graph; nodeOfLayer: Map<string, string> } | { ok: false; issues: Issue[] };

const topologyIssue = (detail: string) => issue('import.topology', { detail });

/** Layers in an order where every layer comes after the layers it is called on. */
function callOrder(t: Topology): KerasLayer[] | Issue {
  const byName = new Map(t.layers.map((l) => [l.name, l]));
  const done = new Set<string>();
  const order: KerasLayer[] = [];
  const visiting = new Set<string>();
  const visit = (l: KerasLayer): Issue | undefined => {
    if (done.has(l.name)) return undefined;
    if (visiting.has(l.name)) return topologyIssue(`layer "${l.name}" is part of a cycle`);
    visiting.add(l.name);
    for (const ref of l.calls[0] ?? []) {
      const src = byName.get(ref.layer);
      if (!src) return topologyIssue(`layer "${l.name}" is called on layer "${ref.layer}", which the model does not have`);
      const bad = visit(src);
      if (bad) return bad;
    }
    visiting.delete(l.name);
    done.add(l.name);
    order.push(l);
    return undefined;
  };
  for (const l of t.layers) {
    const bad = visit(l);
    if (bad) return bad;
  }
  return order;
}

/** Node ids from layer names; a Tensorloom export prefixes each with "<model>__", which is dropped. */
function idMaker(t: Topology): (layer: string) => string {
  const prefix = `${t.name}__`;
  const all = t.layers.every((l) => l.name.startsWith(prefix) && l.name.length > prefix.length);
  return all ? (layer) => layer.slice(prefix.length) : (layer) => layer;
}

function uniqueId(wanted: string, taken: Set<string>): string {
  let id = wanted;
  for (let i = 2; taken.has(id); i++) id = `${wanted}_${i}`;
  taken.add(id);
  return id;
}

/** tfjs indexes a tensor with 32-bit integers: one example may not hold more values. */
const MAX_TENSOR_VALUES = 2 ** 31 - 1;

function inputShape(l: KerasLayer): number[] | Issue {
  const raw = l.config['batch_input_shape'] ?? l.config['batch_shape'];
  const dims = Array.isArray(raw) ? raw.slice(1) : [];
  const fixed = dims.every((d) => typeof d === 'number' && Number.isInteger(d) && d > 0);
  if (!Array.isArray(raw) || !fixed || dims.length < 1 || dims.length > 4) {
    // unknown sizes other than the batch shown as "?", not as "batch"
    const shown = Array.isArray(raw) ? `[${['batch', ...dims.map((d) => (typeof d === 'number' ? String(d) : '?'))].join(', ')}]` : 'undeclared';
    return issue('import.inputShape', { layer: l.name, shape: shown });
  }
  const values = (dims as number[]).reduce((a, d) => a * d, 1);
  if (values > MAX_TENSOR_VALUES) {
    return issue('import.inputTooLarge', { layer: l.name, shape: `[batch, ${dims.join(', ')}]`, values: values.toExponential(2), limit: MAX_TENSOR_VALUES.toLocaleString('en-US') });
  }
  return dims as number[];
}

function buildGraph(t: Topology, ports: { inputs: string[]; outputs: string[] } | undefined): Built {
  const fail = (...issues: Issue[]): Built => ({ ok: false, issues });
  const shared = t.layers.filter((l) => l.calls.length > 1).map((l) => issue('import.sharedLayer', { layer: l.name, calls: l.calls.length }));
  if (shared.length) return fail(...shared);
  const order = callOrder(t);
  if (!Array.isArray(order)) return fail(order);

  const idOf = idMaker(t);
  const taken = new Set(t.layers.map((l) => idOf(l.name)));
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const made = new Map<string, Made>();
  const nodeOfLayer = new Map<string, string>();
  const connect = (from: Made, node: string, port: string) =>
    edges.push({ id: `e${edges.length + 1}`, source: { node: from.node, port: from.port }, target: { node, port } });
  const add = (id: string, type: string, params: Params) => nodes.push({ id, type, params, position: { x: 0, y: 0 } });

  // the model's inputs first, in the model's order: that order is the order of its ports
  const inputNames = new Set<string>();
  for (const [i, ref] of t.inputs.entries()) {
    const l = t.layers.find((x) => x.name === ref.layer);
    if (!l || l.className !== 'InputLayer') return fail(topologyIssue(`model input ${i} is "${ref.layer}", which is not an InputLayer of the model`));
    const shape = inputShape(l);
    if (!Array.isArray(shape)) return fail(shape);
    const id = idOf(l.name);
    const name = uniqueId(ports?.inputs[i] ?? id, inputNames);
    add(id, 'models.input', { name, shape });
    made.set(l.name, { node: id, port: 'out', shape: [null, ...shape] });
  }

  const problems: Issue[] = [];
  for (const l of order) {
    if (l.className === 'InputLayer') {
      if (!made.has(l.name)) problems.push(topologyIssue(`input layer "${l.name}" is not one of the model's inputs`));
      continue;
    }
    const call = l.calls[0];
    if (!call || call.length === 0) {
      problems.push(topologyIssue(`layer "${l.name}" is never called on a tensor`));
      continue;
    }
    const from = call.map((ref) => made.get(ref.layer));
    // a layer after one that failed is not checked again: its inputs are unknown
    if (!from.every((m): m is Made => m !== undefined)) continue;
    const conv = convertLayer(l, from.map((m) => m.shape));
    if (conv.kind === 'fail') {
      problems.push(conv.issue);
      continue;
    }
    if (conv.kind === 'identity') {
      if (from.length !== 1) problems.push(topologyIssue(`layer "${l.name}" takes ${from.length} tensors, but passes one through`));
      else made.set(l.name, from[0]!);
      continue;
    }
    const id = idOf(l.name);
    const placed = placeNode(id, conv.type, conv.params, from, l, add, connect);
    if (!placed.ok) {
      problems.push(placed.issue);
      continue;
    }
    nodeOfLayer.set(l.name, id);
    let result: Made = { node: id, port: 'out', shape: placed.shape };
    if (conv.then) {
      const actId = uniqueId(`${id}_act`, taken);
      const act = placeNode(actId, 'layers.activation', activationNodeParams(conv.then), [result], l, add, connect);
      if (!act.ok) {
        problems.push(act.issue);
        continue;
      }
      result = { node: actId, port: 'out', shape: act.shape };
    }
    made.set(l.name, result);
  }
  if (problems.length) return fail(...problems);

  const outputNames = new Set<string>();
  for (const [i, ref] of t.outputs.entries()) {
    const src = made.get(ref.layer);
    if (!src) return fail(topologyIssue(`model output ${i} is layer "${ref.layer}", which the model does not have`));
    const fallback = t.outputs.length === 1 ? 'y' : `${idOf(ref.layer)}_out`;
    const name = uniqueId(ports?.outputs[i] ?? fallback, outputNames);
    const id = uniqueId(name, taken);
    add(id, 'models.output', { name });
    connect(src, id, 'in');
  }

  const positions = layoutByDepth({ nodes, edges });
  for (const n of nodes) n.position = positions.get(n.id) ?? n.position;
  return { ok: true, graph: { nodes, edges }, nodeOfLayer };
}

type Placed = { ok: true; shape: Shape } | { ok: false; issue: Issue };

/** Adds a layer node fed by `from`, after checking its params and working out its output shape. */
function placeNode(
  id: string,
  type: string,
  params: Params,
  from: Made[],
  l: KerasLayer,
  add: (id: string, type: string, params: Params) => void,
  connect: (from: Made, node: string, port: string) => void,
): Placed {
  const spec = getSpec(type);
  if (!spec) throw new Error(`internal: the converter of ${l.className} names an unknown node type ${type}`);
  const { values, problems } = resolveParams(spec, params);
  const bad = problems.find((p) => severityOf(p.issue.code) === 'error');
  if (bad) {
    const setting = `${bad.param} = ${JSON.stringify(params[bad.param])}`;
    return { ok: false, issue: issue('import.unsupportedSetting', { layer: l.name, className: l.className, setting, detail: renderIssue(bad.issue) }) };
  }
  const inputs = spec.inputs(values, NO_MODELS);
  if (inputs.length !== from.length) {
    return { ok: false, issue: topologyIssue(`layer "${l.name}" (${l.className}) is called on ${from.length} tensors; its node takes ${inputs.length}`) };
  }
  const shapes = Object.fromEntries(inputs.map((p, i) => [p.name, from[i]!.shape]));
  const r = spec.inferShape(shapes, values, NO_MODELS);
  if (!r.ok) return { ok: false, issue: issue('import.shape', { layer: l.name, detail: renderIssue(r.issue) }) };
  const shape = r.outputs['out'];
  if (!shape) throw new Error(`internal: ${type} has no "out" port`);
  add(id, type, params);
  inputs.forEach((p, i) => connect(from[i]!, id, p.name));
  return { ok: true, shape };
}
