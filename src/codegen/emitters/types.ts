// How the writer calls the emit functions of the main-graph nodes and optimizers (each in its node
// file: OpNodeSpec.emit, OptimizerNodeSpec.emitCreate/emitAfterUpdate), the writer owning names
// and declarations. Layers emit through LayerNodeSpec.emit; plumbing (model input/output/call) is
// written by the program writer.
import type { ParamSpecs, ParamValues } from '../../../nodes/spec';
import type { OpEmitContext as NodeOpEmitContext } from '../../../nodes/op-emit';
import type { Use } from '../snippet';

/** The node's emit context (nodes/op-emit.ts), whose `use` also takes the writer's own snippets. */
export interface OpEmitContext extends Omit<NodeOpEmitContext, 'use'> {
  use: Use;
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
  after?(params: ParamValues<ParamSpecs>, variables: string, use: Use): string;
}
