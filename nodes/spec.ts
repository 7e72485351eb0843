// The contract every node file fulfils: identity, docs for educators, ports, params, pure shape
// inference, and the tfjs work (passed `tf`, never imported at top level, so everything up to the
// compiler's "lower" pass stays tfjs-free).
import type * as TF from '@tensorflow/tfjs';
import type { Issue } from '../src/messages';
import type { OpEmitContext, OptimizerEmitContext } from './op-emit';
import type { TorchLayer, TorchOpContext } from './torch-emit';

export type TFModule = typeof TF;

/** One dimension: a number, or null for the batch dimension inside a model (unknown until called). */
export type Dim = number | null;
/** A full tensor shape including the batch dimension first, e.g. [null, 28, 28, 1]. Scalar: []. */
export type Shape = readonly Dim[];

export type Category = 'data' | 'models' | 'layers' | 'samplers' | 'tensors' | 'losses' | 'metrics' | 'optimizers' | 'previews';

/** 'tensor': any tensor; 'loss': a scalar to be minimised (only losses and loss arithmetic make one). */
export type PortKind = 'tensor' | 'loss';

/**
 * What the numbers of a tensor are: float32 values to compute with, or int32 class ids (labels,
 * embedding indices). A port without one carries float32.
 */
export type DType = 'float32' | 'int32';

export interface PortSpec {
  name: string;
  kind: PortKind;
  /** one line for the tooltip: what flows through this port, with its layout */
  doc: string;
  /** absent: float32 */
  dtype?: DType;
}

/** An input port: it may accept either kind ('any': a Metric charts a loss or a tensor) or either dtype. */
export interface InputPortSpec {
  name: string;
  kind: PortKind | 'any';
  doc: string;
  /** absent: float32 */
  dtype?: DType | 'any';
}

/** The dtype a port carries or wants, float32 when it names none. */
export const dtypeOf = (p: { dtype?: DType | 'any' }): DType | 'any' => p.dtype ?? 'float32';

interface ParamBase {
  /** tooltip: what the param does, in a sentence */
  doc: string;
}
export interface IntParam extends ParamBase { kind: 'int'; default: number; min?: number; max?: number; step?: number }
export interface FloatParam extends ParamBase { kind: 'float'; default: number; min?: number; max?: number; step?: number; log?: boolean }
export interface BoolParam extends ParamBase { kind: 'bool'; default: boolean }
export interface EnumParam<O extends string = string> extends ParamBase { kind: 'enum'; options: readonly O[]; default: O }
/** a list of positive ints: a shape without its batch dimension, kernel sizes, ... */
export interface ShapeParam extends ParamBase { kind: 'shape'; default: readonly number[]; minLength?: number; maxLength?: number }
export interface StringParam extends ParamBase { kind: 'string'; default: string }
/** the id of one model of the document (model.call, samplers that run a model) */
export interface ModelParam extends ParamBase { kind: 'model'; default: string }
/** ids of models of the document (optimizers: whose weights they update) */
export interface ModelsParam extends ParamBase { kind: 'models'; default: readonly string[] }
export type ParamSpec = IntParam | FloatParam | BoolParam | EnumParam | ShapeParam | StringParam | ModelParam | ModelsParam;
export type ParamSpecs = Record<string, ParamSpec>;

type ValueOf<S extends ParamSpec> = S extends IntParam | FloatParam
  ? number
  : S extends BoolParam
    ? boolean
    : S extends EnumParam<infer O>
      ? O
      : S extends ShapeParam
        ? number[]
        : S extends ModelsParam
          ? string[]
          : string;
/** The typed values of a node's params, as the node's functions receive them (defaults filled in). */
export type ParamValues<P extends ParamSpecs> = { -readonly [K in keyof P]: ValueOf<P[K]> };

/** What a node may know of the models of the document while inferring shapes. */
export interface ModelSignature {
  inputs: { name: string; shape: Shape; dtype: DType }[];
  outputs: { name: string; shape: Shape | undefined }[];
}
export interface ShapeContext {
  models: Record<string, ModelSignature>;
}

/** Pure shape inference result: output shapes by port name, or a coded problem (optionally at a port). */
export type ShapeResult = { ok: true; outputs: Record<string, Shape> } | { ok: false; issue: Issue; port?: string };

/**
 * A worked case of a node's shapes: with these params (defaults for the rest), inputs of these
 * shapes give outputs of these shapes. Full shapes, batch first (null: any batch). The registry-wide
 * tests hold inferShape to them, and what tfjs builds and runs.
 */
export interface ShapeExample<P extends ParamSpecs = ParamSpecs> {
  params?: Partial<ParamValues<P>>;
  inputs: Record<string, Shape>;
  outputs: Record<string, Shape>;
}

export interface NodeDocs {
  /** one line, shown in the palette */
  summary: string;
  /** a paragraph of intuition for learners */
  intuition: string;
  /** where the idea comes from: a paper or book, or the docs page of the framework the node mirrors */
  paper?: { title: string; authors: string; year: number; url: string } | { title: string; site: string; url: string };
}

interface NodeSpecBase<P extends ParamSpecs> {
  /** registry key: '<category>.<name>', e.g. 'layers.conv2d' */
  type: string;
  category: Category;
  /** bump when params change, and add a migration */
  version: number;
  /** display name: 'Conv2D' */
  title: string;
  /** extra search words for the palette */
  aliases?: readonly string[];
  docs: NodeDocs;
  params: P;
  /** input and output ports; functions of the params (and of the models, for model instances) */
  inputs(params: ParamValues<P>, ctx: ShapeContext): readonly InputPortSpec[];
  outputs(params: ParamValues<P>, ctx: ShapeContext): readonly PortSpec[];
  /** input shapes by port name → output shapes by port name. Pure: no tfjs. */
  inferShape(inputs: Record<string, Shape>, params: ParamValues<P>, ctx: ShapeContext): ShapeResult;
  /**
   * The one line the node shows when zoomed out, e.g. "64 · 5×5 /2" for a Conv2D (default: the
   * values of its first two params). Pure.
   */
  face?(params: ParamValues<P>): string;
  /** upgrades the params of an older node version, one version at a time */
  migrate?(fromVersion: number, params: Record<string, unknown>): Record<string, unknown>;
  /** cases of inferShape, checked by the registry-wide tests (required for layers) */
  examples?: readonly ShapeExample<NoInfer<P>>[];
}

export interface LayerBuildOptions {
  /** unique, stable layer name inside the model */
  name: string;
  /** seed for weight initialisers, derived from the training seed and the node id */
  seed: number;
  /**
   * a fresh seed from the training's random stream, for random work at call time (dropout masks):
   * the same training seed repeats the same masks, and a resumed run continues the stream
   */
  nextSeed: () => number;
}

/** Expressions, in emitted code, for the two seeds of LayerBuildOptions. */
export interface SeedExpressions {
  /** the layer's initialiser seed, e.g. `seedOf('h1')` */
  seed: string;
  /** a fresh seed from the training's stream, e.g. `() => rng.seed()` */
  nextSeed: string;
}

export interface LayerEmitOptions {
  /** unique, stable layer name inside the model */
  name: string;
  /**
   * Given (by the exporter) to layers that declare `seeds`, so the emitted layer starts from the
   * weights `build` gives it and draws the same masks. Without them the code is unseeded, as one
   * would copy it into another program.
   */
  seeds?: SeedExpressions;
}

/** A layer's weights, split as tfjs splits them (their sum is its countParams). */
export interface ParamCount {
  /** weights an optimizer updates */
  trainable: number;
  /** weights that are kept but not trained (BatchNorm's running statistics) */
  nonTrainable: number;
}

/**
 * A layer inside a model subgraph. `build` makes one tfjs layer; the compiler applies it to the
 * node's inputs in port order (one input: the tensor itself, several: an array) and the layer's
 * single output goes to the node's only output port.
 */
export interface LayerNodeSpec<P extends ParamSpecs = ParamSpecs> extends NodeSpecBase<P> {
  role: 'layer';
  /**
   * The seeds of LayerBuildOptions that `build` uses: 'seed' for its initialisers, 'seed+nextSeed'
   * when it also draws from the training stream at call time (dropout masks). Absent: none. `emit`
   * writes exactly these when given seed expressions.
   */
  seeds?: 'seed' | 'seed+nextSeed';
  build(tf: TFModule, params: ParamValues<P>, opts: LayerBuildOptions): TF.layers.Layer;
  /** TypeScript expression that builds the same layer, e.g. `tf.layers.dense({units: 128})` */
  emit(params: ParamValues<P>, opts: LayerEmitOptions): string;
  /**
   * The weights `build` makes, from the params and the shape on the first input, without tfjs (the
   * inspector shows it on every edit); undefined when they depend on an input shape not known.
   */
  paramCount(params: ParamValues<P>, input: Shape | undefined): ParamCount | undefined;
  /** the layer in the PyTorch export; absent: that export refuses graphs with it */
  torch?: TorchLayer<NoInfer<P>>;
  /** at least one: the tests hold inferShape, and the shapes and weights of what tfjs builds, to them */
  examples: readonly [ShapeExample<NoInfer<P>>, ...ShapeExample<NoInfer<P>>[]];
}

/** A seeded stream of random numbers; the one source of randomness in training (resumable). */
export interface RandomStream {
  /** uniform in [0, 1) */
  next(): number;
  /** an integer seed for a tfjs random op */
  seed(): number;
}

/** A dataset loaded in memory before training starts (uint8 pixels, row-major NHWC). */
export interface Dataset {
  name: string;
  count: number;
  /** per-sample shape, e.g. [28, 28, 1] */
  shape: [number, number, number];
  pixels: Uint8Array;
  labels: Uint8Array;
}

/** What a main-graph node sees while it runs inside one evaluation of the training graph. */
export interface RunEnv {
  tf: TFModule;
  rng: RandomStream;
  /** datasets preloaded by the runtime, by key from `DataNodeSpec.dataset` */
  datasets: Record<string, Dataset>;
  /** compiled models by model id; call with `model.apply(x, { training })` */
  models: Record<string, TF.LayersModel>;
  /** true inside an optimizer update; false for previews */
  training: boolean;
  /** iteration number, from 0 */
  step: number;
}

/**
 * A node of the main graph that computes tensors from tensors: data sources, samplers, losses,
 * loss arithmetic, previews. `run` is called inside tf.tidy and inside optimizer.minimize: it must
 * be synchronous and must not read values back from the GPU.
 */
export interface OpNodeSpec<P extends ParamSpecs = ParamSpecs> extends NodeSpecBase<P> {
  role: 'data' | 'sampler' | 'loss' | 'preview' | 'metric' | 'op';
  run(inputs: Record<string, TF.Tensor>, params: ParamValues<P>, env: RunEnv): Record<string, TF.Tensor>;
  /** data nodes: the dataset keys they need preloaded */
  datasets?(params: ParamValues<P>): string[];
  /** samplers that run a model instance (DDPM, DDIM): the model ids they call */
  models?(params: ParamValues<P>): string[];
  /**
   * models this node differentiates twice (a gradient penalty): the compiler checks that each of
   * their layers has a second derivative (nodes/losses/second-order.ts)
   */
  secondOrderModels?(params: ParamValues<P>): string[];
  /**
   * The node in the exported program: an expression for the tensor of a node with one output (a
   * preview: the tensor it shows), else an object with one tensor per output port. It calls the
   * runtime functions `run` calls, drawing from the random stream in the same order.
   */
  emit?(params: ParamValues<P>, ctx: OpEmitContext): string;
  /**
   * The node in the PyTorch export, as `emit` (a Python expression; a tuple in port order for
   * several outputs), drawing from the stream in the same order. Absent: that export refuses it.
   */
  torch?(params: ParamValues<P>, ctx: TorchOpContext): string;
}

/** An optimizer: one scalar loss in, the models whose weights it updates named in its params. */
export interface OptimizerNodeSpec<P extends ParamSpecs = ParamSpecs> extends NodeSpecBase<P> {
  role: 'optimizer';
  create(tf: TFModule, params: ParamValues<P>): TF.Optimizer;
  /** work after each minimize step, e.g. AdamW's decoupled weight decay; runs inside tf.tidy */
  afterUpdate?(tf: TFModule, variables: TF.Variable[], params: ParamValues<P>): void;
  /** the exported expression that makes the same tfjs optimizer as `create` */
  emitCreate?(params: ParamValues<P>): string;
  /** the exported statement doing `afterUpdate`, given the expression of the variables */
  emitAfterUpdate?(params: ParamValues<P>, variables: string, ctx: OptimizerEmitContext): string;
  /** the PyTorch optimizer `create` matches, over the parameters `params` (an expression) */
  torchCreate?(params: ParamValues<P>, parameters: string): string;
}

/** model.input, model.output, model.call: handled by the compiler itself. */
export interface PlumbingNodeSpec<P extends ParamSpecs = ParamSpecs> extends NodeSpecBase<P> {
  role: 'model-input' | 'model-output' | 'model-call';
}

export type NodeSpec<P extends ParamSpecs = ParamSpecs> =
  | LayerNodeSpec<P>
  | OpNodeSpec<P>
  | OptimizerNodeSpec<P>
  | PlumbingNodeSpec<P>;

/** Where a node may stand: layers and model plumbing in models, everything else in the main graph. */
/** Where a node may stand: inside a model, in the training graph, or (a Model node) in either. */
export function scopeOf(spec: NodeSpec): 'model' | 'main' | 'any' {
  if (spec.role === 'model-call') return 'any';
  return spec.role === 'layer' || spec.role === 'model-input' || spec.role === 'model-output' ? 'model' : 'main';
}

// Identity helpers that infer the literal types of a node's params (enum options, defaults), so
// that the node's functions receive typed values. Use: `export default defineLayer({ ... })`.
export const defineLayer = <const P extends ParamSpecs>(spec: LayerNodeSpec<P>): LayerNodeSpec<P> => spec;
export const defineOp = <const P extends ParamSpecs>(spec: OpNodeSpec<P>): OpNodeSpec<P> => spec;
export const defineOptimizer = <const P extends ParamSpecs>(spec: OptimizerNodeSpec<P>): OptimizerNodeSpec<P> => spec;
export const definePlumbing = <const P extends ParamSpecs>(spec: PlumbingNodeSpec<P>): PlumbingNodeSpec<P> => spec;

/** Static port lists, for nodes whose ports do not depend on params. */
export function fixedPorts<T extends InputPortSpec>(...ports: T[]): () => readonly T[] {
  return () => ports;
}
