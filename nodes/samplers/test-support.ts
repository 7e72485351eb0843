// Test support for the sampler and preview node tests (not used by the app): a run environment with
// the project's seeded RNG, and params resolved the way the compiler resolves them.
import type * as TF from '@tensorflow/tfjs';
import { resolveParams } from '../params';
import { Rng } from '../../src/runtime/rng';
import type { OpNodeSpec, ParamSpecs, ParamValues, RunEnv, TFModule } from '../spec';

export function makeEnv(tf: TFModule, seed: number, models: Record<string, TF.LayersModel> = {}): RunEnv {
  return { tf, rng: new Rng(seed), datasets: {}, models, training: false, step: 0 };
}

/** Params with defaults filled in; throws on any problem, so a test cannot pass with a silently replaced value. */
export function paramsOf<P extends ParamSpecs>(spec: OpNodeSpec<P>, stored: Record<string, unknown> = {}): ParamValues<P> {
  const { values, problems } = resolveParams(spec, stored);
  if (problems.length) throw new Error(`bad test params for ${spec.type}: ${problems.map((p) => p.param).join(', ')}`);
  return values;
}

/** Runs a node inside tf.tidy, as the compiler does, and reads every output back. */
export function runAndRead<P extends ParamSpecs>(
  tf: TFModule,
  spec: OpNodeSpec<P>,
  inputs: Record<string, TF.Tensor>,
  params: ParamValues<P>,
  env: RunEnv,
): Record<string, { shape: number[]; values: Float32Array }> {
  const outs = tf.tidy(() => spec.run(inputs, params, env));
  const read = Object.fromEntries(
    Object.entries(outs).map(([k, t]) => [k, { shape: t.shape, values: Float32Array.from(t.dataSync()) }]),
  );
  tf.dispose(Object.values(outs));
  return read;
}
