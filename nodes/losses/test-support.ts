// Test support for the loss, optimizer and data node tests (not used by the app).
import type * as TF from '@tensorflow/tfjs';
import { resolveParams } from '../params';
import { Rng } from '../../src/runtime/rng';
import type { Dataset, NodeSpec, OpNodeSpec, ParamSpecs, ParamValues, RunEnv, Shape, ShapeResult, TFModule } from '../spec';

export function makeEnv(tf: TFModule, seed = 1, datasets: Record<string, Dataset> = {}): RunEnv {
  return { tf, rng: new Rng(seed), datasets, models: {}, training: true, step: 0 };
}

/** Params with defaults filled in; throws on any problem, so a test never runs on a replaced value. */
export function paramsOf<P extends ParamSpecs>(spec: NodeSpec<P>, stored: Record<string, unknown> = {}): ParamValues<P> {
  const { values, problems } = resolveParams(spec, stored);
  if (problems.length) throw new Error(`bad test params for ${spec.type}: ${problems.map((p) => p.param).join(', ')}`);
  return values;
}

/** Runs a loss node inside tf.tidy, as the compiler does, and reads its scalar back. */
export function lossValue<P extends ParamSpecs>(
  tf: TFModule, spec: OpNodeSpec<P>, inputs: Record<string, TF.Tensor>, stored: Record<string, unknown> = {},
): number {
  const params = paramsOf(spec, stored);
  const loss = tf.tidy(() => {
    const out = spec.run(inputs, params, makeEnv(tf)).loss;
    if (!out) throw new Error(`${spec.type} gave no "loss" output`);
    return out;
  });
  const shape = loss.shape;
  const v = loss.dataSync()[0];
  loss.dispose();
  if (shape.length !== 0 || v === undefined) throw new Error(`${spec.type}: loss is ${JSON.stringify(shape)}, not a scalar`);
  return v;
}

/** inferShape with resolved params; returns the result as is. */
export function infer<P extends ParamSpecs>(spec: NodeSpec<P>, inputs: Record<string, Shape>, stored: Record<string, unknown> = {}): ShapeResult {
  return spec.inferShape(inputs, paramsOf(spec, stored), { models: {} });
}

/** The issue code of a failed inference (undefined when it succeeded). */
export const codeOf = (r: ShapeResult) => (r.ok ? undefined : r.issue.code);
