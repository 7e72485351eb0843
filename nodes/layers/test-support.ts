// Test support for the layer node tests (not used by the app): build a node's layer, apply it the
// way the compiler does (inputs in port order; one input alone, several as an array) and read
// off the shapes tfjs computes, to hold them against the node's pure inferShape.
import type * as TF from '@tensorflow/tfjs';
import { resolveParams } from '../params';
import type { LayerNodeSpec, ParamSpecs, ParamValues, Shape, ShapeResult, TFModule } from '../spec';

/** Params with defaults filled in; throws on any problem, so a test never runs on a replaced value. */
export function paramsOf<P extends ParamSpecs>(spec: LayerNodeSpec<P>, stored: Record<string, unknown> = {}): ParamValues<P> {
  const { values, problems } = resolveParams(spec, stored);
  if (problems.length) throw new Error(`bad test params for ${spec.type}: ${problems.map((p) => p.param).join(', ')}`);
  return values;
}

export const portsOf = <P extends ParamSpecs>(spec: LayerNodeSpec<P>, params: ParamValues<P>): string[] =>
  spec.inputs(params, { models: {} }).map((p) => p.name);

/** inferShape for full shapes given in port order. */
export function inferInOrder<P extends ParamSpecs>(spec: LayerNodeSpec<P>, params: ParamValues<P>, shapes: Shape[]): ShapeResult {
  const ports = portsOf(spec, params);
  if (ports.length !== shapes.length) throw new Error(`${spec.type} has ${ports.length} inputs, the test gave ${shapes.length}`);
  return spec.inferShape(Object.fromEntries(ports.map((p, i) => [p, shapes[i]!])), params, { models: {} });
}

/** The single output shape of a successful inference; throws with the issue otherwise. */
export function outShape(result: ShapeResult): Shape {
  if (!result.ok) throw new Error(`inferShape failed: ${result.issue.code} ${JSON.stringify(result.issue.args)}`);
  const s = result.outputs['out'];
  if (!s) throw new Error('inferShape gave no "out"');
  return s;
}

export function buildLayer<P extends ParamSpecs>(tf: TFModule, spec: LayerNodeSpec<P>, params: ParamValues<P>, seed = 7): TF.layers.Layer {
  let stream = seed;
  return spec.build(tf, params, { name: `probe_${spec.type.replace(/\W/g, '_')}`, seed, nextSeed: () => ++stream });
}

/** Output shape tfjs computes symbolically, for model inputs of the given per-sample shapes (batch null). */
export function tfSymbolicShape(tf: TFModule, layer: TF.layers.Layer, samples: number[][]): Shape {
  const inputs = samples.map((shape) => tf.input({ shape }));
  const y = layer.apply(inputs.length === 1 ? inputs[0]! : inputs);
  if (Array.isArray(y) || !(y instanceof tf.SymbolicTensor)) throw new Error('expected one symbolic output');
  return y.shape;
}

/** Output shape of a real call on random inputs with the given batch size. */
export function tfConcreteShape(tf: TFModule, layer: TF.layers.Layer, samples: number[][], batch = 2): number[] {
  return tf.tidy(() => {
    const inputs = samples.map((shape) => tf.randomNormal([batch, ...shape], 0, 1, 'float32', 3));
    const y = layer.apply(inputs.length === 1 ? inputs[0]! : inputs);
    if (Array.isArray(y) || !(y instanceof tf.Tensor)) throw new Error('expected one tensor output');
    return y.shape;
  });
}

/** Every combination of the given options, like the parameter loops of tfjs's own layer tests. */
export function combinations<T extends Record<string, readonly unknown[]>>(options: T): { [K in keyof T]: T[K][number] }[] {
  let acc: Record<string, unknown>[] = [{}];
  for (const [key, values] of Object.entries(options)) {
    acc = acc.flatMap((partial) => values.map((v) => ({ ...partial, [key]: v })));
  }
  return acc as { [K in keyof T]: T[K][number] }[];
}
