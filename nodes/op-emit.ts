// What a main-graph node's `emit` may ask of the exported function it is written into. The
// writer (src/codegen) owns names and declarations; the node says what it computes, by calling
// the same runtime functions its `run` calls (copied into the export by npm run export-code).
import type { RuntimeName } from '../src/codegen/runtime-code';
import { code, literal, type Literal } from './layers/emit';

export { code };

export interface OpEmitContext {
  /** the expression of the tensor at one of the node's input ports */
  input(port: string): string;
  /** the node's input ports, in order (those of a node that runs a model follow the model's inputs) */
  inputPorts: readonly string[];
  /** the random stream, e.g. `t.rng` */
  rng: string;
  /** whether the evaluation is an update's (training on: dropout, BatchNorm's batch statistics) */
  training: boolean;
  /** a compiled model of the document by id, e.g. `t.models.unet` */
  model(modelId: string): string;
  /** the ImageSource the caller passes in for a dataset ('mnist', 'fashion-mnist'), e.g. `t.data.mnist` */
  imageSource(dataset: string, split: string): string;
  /** declares a runtime function (and what it needs) in the module and gives the name to call it by */
  use(name: RuntimeName): string;
  /** writes `const <name> = <expr>;` before the node's own line and gives the name */
  local(wanted: string, expr: string): string;
}

/** What an optimizer's emit functions may ask of the module. */
export interface OptimizerEmitContext {
  use(name: RuntimeName): string;
}

/**
 * `name(tf, ...args)`: a call of the runtime function `name`, declared in the module, with the
 * tfjs namespace first as the runtime passes it; strings are quoted, `code(...)` written as it is.
 */
export function emitRuntimeCall(ctx: { use(name: RuntimeName): string }, name: RuntimeName, ...args: Literal[]): string {
  return `${ctx.use(name)}(${['tf', ...args.map(literal)].join(', ')})`;
}

/** The tensor at an input port, as an argument of emitRuntimeCall. */
export const inputCode = (ctx: OpEmitContext, port: string) => code(ctx.input(port));
/** The random stream, as an argument of emitRuntimeCall. */
export const rngCode = (ctx: OpEmitContext) => code(ctx.rng);
