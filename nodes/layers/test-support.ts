// Test support for the layer node tests (not used by the app): build a node's layer, apply it the
// way the compiler does (inputs in port order; one input alone, several as an array) and read
// off the shapes tfjs computes, to hold them against the node's pure inferShape; and the cases
// to try, from each node's own examples.
import type * as TF from '@tensorflow/tfjs';
import { resolveParams } from '../params';
import type { DType, LayerNodeSpec, ParamSpec, ParamSpecs, ParamValues, Shape, ShapeExample, ShapeResult, TFModule } from '../spec';

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
export function tfSymbolicShape(tf: TFModule, layer: TF.layers.Layer, samples: number[][], dtypes: readonly DType[] = []): Shape {
  const inputs = samples.map((shape, i) => tf.input({ shape, dtype: dtypes[i] ?? 'float32' }));
  const y = layer.apply(inputs.length === 1 ? inputs[0]! : inputs);
  if (Array.isArray(y) || !(y instanceof tf.SymbolicTensor)) throw new Error('expected one symbolic output');
  return y.shape;
}

/** Output shape of a real call on random inputs (class id 0 for int32 ones) with the given batch size. */
export function tfConcreteShape(tf: TFModule, layer: TF.layers.Layer, samples: number[][], batch = 2, dtypes: readonly DType[] = []): number[] {
  return tf.tidy(() => {
    const inputs = samples.map((shape, i) =>
      dtypes[i] === 'int32' ? tf.zeros([batch, ...shape], 'int32') : tf.randomNormal([batch, ...shape], 0, 1, 'float32', 3));
    const y = layer.apply(inputs.length === 1 ? inputs[0]! : inputs);
    if (Array.isArray(y) || !(y instanceof tf.Tensor)) throw new Error('expected one tensor output');
    return y.shape;
  });
}

/** Values to try for one param: every option, both booleans, the smallest ints, the float bounds. */
function trialValues(p: ParamSpec): readonly unknown[] {
  switch (p.kind) {
    case 'enum':
      return p.options;
    case 'bool':
      return [true, false];
    case 'int': {
      const low = p.min ?? 1;
      const step = p.step ?? 1;
      return [low, low + step, low + 2 * step, p.default].filter((v) => v <= (p.max ?? Infinity));
    }
    case 'float':
      return [p.min, p.default, p.max].filter((v) => v !== undefined);
    default:
      return [];
  }
}

/**
 * An example's stored params and its neighbours, one param changed at a time to each value worth
 * trying: those that resolve cleanly and keep the example's input ports. Their shapes are not
 * declared, only held against tfjs: the parameter loops of tfjs's own layer tests, from the specs.
 */
export function neighbours(spec: LayerNodeSpec, example: ShapeExample): Record<string, unknown>[] {
  const base: Record<string, unknown> = { ...example.params };
  const ports = Object.keys(example.inputs).sort().join();
  const changed = Object.entries(spec.params).flatMap(([name, p]) => trialValues(p).map((v) => ({ ...base, [name]: v })));
  const distinct = [...new Map([base, ...changed].map((stored) => [JSON.stringify(stored), stored])).values()];
  return distinct.filter((stored) => {
    const { values, problems } = resolveParams(spec, stored);
    return problems.length === 0 && portsOf(spec, values).sort().join() === ports;
  });
}

/** The dtypes of a layer's inputs in port order (the layers that take class ids want int32). */
export const inputDtypes = (spec: LayerNodeSpec, params: ParamValues<ParamSpecs>): DType[] =>
  spec.inputs(params, { models: {} }).map((p) => (p.dtype === 'int32' ? 'int32' : 'float32'));

/** Per-sample shapes (batch dropped) of an example's inputs in port order, as `tf.input` takes them. */
export function samplesOf(spec: LayerNodeSpec, params: ParamValues<ParamSpecs>, example: ShapeExample): number[][] {
  return portsOf(spec, params).map((port) => {
    const shape = example.inputs[port];
    if (!shape || shape[0] !== null || shape.slice(1).some((d) => d === null)) {
      throw new Error(`${spec.type}: example input "${port}" must be a shape with a null batch and known sizes`);
    }
    return shape.slice(1) as number[];
  });
}

/** The shape with its (null) batch dimension given a size. */
export const withBatch = (shape: Shape, batch: number): Shape => [batch, ...shape.slice(1)];

export interface ExampleCase {
  label: string;
  spec: LayerNodeSpec;
  example: ShapeExample;
  /** the example's params, or a neighbour's */
  stored: Record<string, unknown>;
}

/** Every example of every layer, with its neighbours. */
export function exampleCases(layers: readonly LayerNodeSpec[]): ExampleCase[] {
  return layers.flatMap((spec) =>
    spec.examples.flatMap((example, i) =>
      neighbours(spec, example).map((stored) => ({ label: `${spec.type} #${i} ${JSON.stringify(stored)}`, spec, example, stored })),
    ),
  );
}
