// The contract of the emit functions of the main-graph nodes (blockly style: one emit function per
// node type, the writer owning names and declarations). Layers emit through their own node files
// (LayerNodeSpec.emit); plumbing (model input/output/call) is written by the program writer.
import type { OpNodeSpec, OptimizerNodeSpec, ParamSpecs, ParamValues } from '../../../nodes/spec';
import type { Snippet } from '../snippet';

/** What an op node's emit function may ask of the function it is written into. */
export interface OpEmitContext {
  /** the expression of the tensor at one of the node's input ports */
  input(port: string): string;
  /** the random stream, e.g. `t.rng` */
  rng: string;
  /** a compiled model of the document by id, e.g. `t.models.unet` */
  model(modelId: string): string;
  /** the ImageSource the caller passes in for a dataset ('mnist', 'fashion-mnist'), e.g. `t.data.mnist` */
  imageSource(dataset: string, split: string): string;
  /** declares a snippet in the module and gives the name to call it by */
  use(s: Snippet): string;
  /** writes `const <name> = <expr>;` before the node's own line and gives the name */
  local(wanted: string, expr: string): string;
}

/**
 * Emits one op node (data, sampler, loss, loss arithmetic, preview) as an expression: the tensor
 * itself for a node with one output (a preview: the tensor it shows), else an object with one
 * tensor per output port. It must do the tensor work of the node's `run` op for op and draw from
 * the random stream in the same order, so the exported program repeats the app's numbers.
 */
export interface OpEmitter {
  type: string;
  emit(params: ParamValues<ParamSpecs>, ctx: OpEmitContext): string;
}

export interface OptimizerEmitter {
  type: string;
  /** the expression that makes the tfjs optimizer, as `create` does */
  create(params: ParamValues<ParamSpecs>): string;
  /** a statement run after each minimize step (as `afterUpdate`), given the variables expression */
  after?(params: ParamValues<ParamSpecs>, variables: string, use: (s: Snippet) => string): string;
}

export function opEmitter<P extends ParamSpecs>(spec: OpNodeSpec<P>, emit: (p: ParamValues<P>, ctx: OpEmitContext) => string): OpEmitter {
  return { type: spec.type, emit: emit as (p: ParamValues<ParamSpecs>, ctx: OpEmitContext) => string };
}

export function optimizerEmitter<P extends ParamSpecs>(
  spec: OptimizerNodeSpec<P>,
  parts: {
    create: (p: ParamValues<P>) => string;
    after?: (p: ParamValues<P>, variables: string, use: (s: Snippet) => string) => string;
  },
): OptimizerEmitter {
  type Create = OptimizerEmitter['create'];
  type After = NonNullable<OptimizerEmitter['after']>;
  const emitter: OptimizerEmitter = { type: spec.type, create: parts.create as Create };
  if (parts.after) emitter.after = parts.after as After;
  return emitter;
}
