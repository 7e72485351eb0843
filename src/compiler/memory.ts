// What training a graph holds in memory, estimated from the inferred shapes and the layers'
// parameter counts alone (pure: it runs on every edit), and the sizes no backend can hold, found
// here rather than as a crash minutes into `train`. The limits, in bytes of float32 values:
// - one tensor: 2^31 - 1 values. tfjs indexes tensors with 32-bit integers (WebGPU and WebGL
//   shaders, the WebAssembly kernels), and one ArrayBuffer holds 4 GiB at most in Node
//   (buffer.constants.MAX_LENGTH) and in browsers;
// - a checkpoint: 4 GiB, one buffer of every weight with its optimizer moments;
// - a training step: a warning past 4 GiB (the most a 32-bit WebAssembly memory addresses), an
//   error past 64 GiB (more than any GPU or computer tfjs would train on).
import type { Shape } from '../../nodes/spec';
import { countText, layerParamCount, totalOf } from '../ui/inspector/paramCount';
import { issue, showShape } from '../messages';
import { scopeKey, type GraphShapes } from './analysis';
import { diagnostic, type Diagnostic } from './diagnostics';
import { feeder, type GraphIndex } from './graph-index';
import { graphPath } from './validate';

export const TENSOR_VALUES = 2 ** 31 - 1;
export const BUFFER_BYTES = 2 ** 32;
export const WASM_BYTES = 2 ** 32;
export const MEMORY_BYTES = 2 ** 36;

const FLOAT = 4;
// while training, each weight has its value, its gradient and up to two optimizer moments (Adam)
const PER_WEIGHT = 4;
// a checkpoint keeps each weight and its moments
const PER_SAVED_WEIGHT = 3;
// each activation is kept for the backward pass, which makes a gradient of the same size
const PER_ACTIVATION = 2;

export interface MemoryEstimate {
  /** weights of every model */
  weights: number;
  /** values of every node output in one training step, each model instance at its batch */
  activations: number;
  /** bytes a training step holds: weights with gradients and moments, activations with gradients */
  bytes: number;
}

interface Parts {
  main: GraphIndex;
  models: Record<string, GraphIndex>;
  /** output shapes per graph, keyed by scopeKey */
  shapes: Record<string, GraphShapes>;
}

const valuesOf = (shape: Shape, batch: number) => shape.reduce<number>((n, d) => n * (d ?? batch), 1);

/** Values per sample of every output of a graph (the batch dimension counted as `batch`). */
function outputValues(shapes: GraphShapes | undefined, batch: number): number {
  let n = 0;
  for (const ports of Object.values(shapes ?? {})) for (const s of Object.values(ports)) n += valuesOf(s, batch);
  return n;
}

/**
 * The batch of each instance of each model: those in the training graph, and those inside the
 * models these run (an instance inside a model runs once per run of that model, at its batch).
 */
function instanceBatches(p: Parts): Map<string, number[]> {
  const out = new Map<string, number[]>();
  const add = (model: string, batch: number, depth: number) => {
    out.set(model, [...(out.get(model) ?? []), batch]);
    const ix = Object.hasOwn(p.models, model) ? p.models[model] : undefined;
    // a cycle of models is an error of its own; nothing more to count along it
    if (!ix || depth > Object.keys(p.models).length) return;
    for (const n of ix.nodes.values()) if (n.spec.role === 'model-call') add(String(n.params.model), batch, depth + 1);
  };
  for (const n of p.main.nodes.values()) {
    if (n.spec.role !== 'model-call') continue;
    const first = Object.values(p.shapes.main?.[n.node.id] ?? {})[0]?.[0];
    add(String(n.params.model), typeof first === 'number' ? first : 1, 0);
  }
  return out;
}

function layerWeights(ix: GraphIndex, shapes: GraphShapes | undefined, id: string): number {
  const n = ix.nodes.get(id)!;
  const port = n.inputs[0];
  const e = port && feeder(ix, id, port.name);
  const input = e ? shapes?.[e.source.node]?.[e.source.port] : undefined;
  try {
    const c = layerParamCount(n.node.type, n.params, input);
    return c ? totalOf(c) : 0;
  } catch {
    // a node's own counting bug: its shapes are reported by inferShapes; count nothing
    return 0;
  }
}

const modelKey = (modelId: string) => scopeKey({ kind: 'model', modelId });

export function estimateMemory(p: Parts): MemoryEstimate {
  const batches = instanceBatches(p);
  let weights = 0;
  let activations = outputValues(p.shapes.main, 1);
  for (const [id, ix] of Object.entries(p.models)) {
    const shapes = p.shapes[modelKey(id)];
    for (const n of ix.nodes.values()) if (n.spec.role === 'layer') weights += layerWeights(ix, shapes, n.node.id);
    const perSample = outputValues(shapes, 1);
    for (const b of batches.get(id) ?? []) activations += b * perSample;
  }
  return { weights, activations, bytes: FLOAT * (PER_WEIGHT * weights + PER_ACTIVATION * activations) };
}

// sizes past what a double holds (a dimension of 1e308) are named as such, not as "Infinity"
const count = (n: number) => (!Number.isFinite(n) ? 'more than 10^308' : n < 1e15 ? countText(n) : n.toExponential(2));
const bytesText = (b: number) =>
  !Number.isFinite(b) ? 'more than 10^308 bytes' : b >= 2 ** 30 ? `${(b / 2 ** 30).toFixed(1)} GiB` : `${(b / 2 ** 20).toFixed(1)} MiB`;
const tooMany = (n: number) => !(n <= TENSOR_VALUES); // NaN too

/** One tensor or one layer's weights past what a backend can index, on the node that makes it. */
function tensorFindings(ix: GraphIndex, shapes: GraphShapes | undefined, batch: number, out: Diagnostic[]) {
  for (const n of ix.nodes.values()) {
    const at = (port?: string) => ({ scope: ix.scope, node: n.node, port, path: `${graphPath(ix.scope)}.nodes[${n.index}]` });
    for (const [port, s] of Object.entries(shapes?.[n.node.id] ?? {})) {
      const values = valuesOf(s, batch);
      if (tooMany(values)) out.push(diagnostic(issue('size.tensor', { port, shape: showShape(s.map((d) => d ?? batch)), values: count(values) }), at(port)));
    }
    if (n.spec.role !== 'layer') continue;
    const w = layerWeights(ix, shapes, n.node.id);
    if (tooMany(w)) out.push(diagnostic(issue('size.weights', { weights: count(w) }), at()));
  }
}

/** What no backend can hold (errors), and a training step past WebAssembly's memory (a warning). */
export function sizeDiagnostics(p: Parts): Diagnostic[] {
  const out: Diagnostic[] = [];
  const batches = instanceBatches(p);
  for (const [id, ix] of Object.entries(p.models)) {
    const batch = (batches.get(id) ?? []).reduce((a, b) => Math.max(a, b), 1);
    tensorFindings(ix, p.shapes[modelKey(id)], batch, out);
  }
  tensorFindings(p.main, p.shapes.main, 1, out);
  const m = estimateMemory(p);
  const doc = { scope: { kind: 'main' } as const };
  const saved = FLOAT * PER_SAVED_WEIGHT * m.weights;
  if (!(saved <= BUFFER_BYTES)) out.push(diagnostic(issue('size.checkpoint', { weights: count(m.weights), size: bytesText(saved) }), doc));
  // past a refused tensor or checkpoint the total says nothing new
  if (out.length) return out;
  const args = { size: bytesText(m.bytes), weights: count(m.weights), activations: count(m.activations) };
  if (!(m.bytes <= MEMORY_BYTES)) out.push(diagnostic(issue('size.memoryTooLarge', args), doc));
  else if (m.bytes > WASM_BYTES) out.push(diagnostic(issue('size.memory', args), doc));
  return out;
}
