// Every node of the catalogue trains on the WebAssembly backend: each layer forward in training mode
// and backward (to its weights and its inputs), each loss backward, each optimizer's update. A
// kernel wasm lacks makes tfjs throw "Kernel 'X' not registered for backend 'wasm'", and the test
// names it. The kernels each run used are listed too, and every one must be registered for wasm.
// (Data, samplers and previews run in every template's iterations: template-parity.test.ts.)
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { layerNodes } from '../../nodes/layers';
import { buildLayer, inputDtypes, paramsOf, portsOf } from '../../nodes/layers/test-support';
import { lossesNodes } from '../../nodes/losses';
import { optimizersNodes } from '../../nodes/optimizers';
import { resolveParams } from '../../nodes/params';
import type { LayerNodeSpec, NodeSpec, OpNodeSpec, OptimizerNodeSpec, RunEnv, Shape } from '../../nodes/spec';
import { registerCustomLayers } from '../../nodes/layers/custom';
import { registerFusedActivations } from '../../src/runtime/fused-activations';
import { registerProductKernels } from '../../src/runtime/kernels/register';
import { Rng } from '../../src/runtime/rng';
import { startNodeWasm } from '../../src/runtime/wasm/start-node';
import { relativeError } from './helpers';

beforeAll(async () => {
  await startNodeWasm(tf, 2);
  registerCustomLayers(tf);
  registerFusedActivations(tf);
  registerProductKernels(tf, 'wasm');
  // the reference: the CPU backend with the product's corrections
  registerProductKernels(tf, 'cpu');
});

/** Input shapes (batch first) to try, in order, until the node's own shape inference accepts one. */
const CANDIDATES: number[][] = [[2, 8, 8, 4], [2, 16], [2, 1], [2, 8, 8, 1], [2, 2], [2, 7 * 7 * 128]];

function acceptedShape(spec: NodeSpec, params: Record<string, unknown>, ports: string[]): number[] | null {
  for (const shape of CANDIDATES) {
    const r = spec.inferShape(Object.fromEntries(ports.map((p) => [p, shape as Shape])), params as never, { models: {} });
    if (r.ok) return shape;
  }
  return null;
}

/** Runs f, returns the names of the kernels it ran (tfjs's profile). */
async function kernelsOf(f: () => void): Promise<string[]> {
  const info = await tf.profile(() => {
    f();
  });
  return [...new Set(info.kernels.map((k) => k.name))];
}

function expectRegistered(names: string[]): void {
  const missing = names.filter((n) => !tf.getKernel(n, 'wasm') && !/__op$|scope/.test(n));
  expect(missing).toEqual([]);
}

/**
 * A layer's output and gradients (to its inputs and weights) for fixed inputs and weights, on the
 * active backend; with the kernels it ran.
 */
async function layerGradients(spec: LayerNodeSpec, shape: number[], weights?: Float32Array[]) {
  const params = paramsOf(spec);
  const ports = portsOf(spec, params);
  const layer = buildLayer(tf, spec, params);
  // class ids (an Embedding's input) are data, not variables: 0 and 1, valid ids for any table
  const ids = inputDtypes(spec, params).map((d) => d === 'int32');
  const inputs = ports.map((_, i) => (ids[i] ? tf.randomUniform(shape, 0, 2, 'int32', i + 1) : tf.variable(tf.randomUniform(shape, -1, 1, 'float32', i + 1))));
  const variables = inputs.filter((t): t is tf.Variable => t instanceof tf.Variable);
  const apply = () => layer.apply(inputs.length === 1 ? inputs[0]! : inputs, { training: true }) as tf.Tensor;
  // built before the gradient is taken: weights made inside it would not be among its variables
  tf.tidy(() => void apply());
  if (weights) layer.setWeights(layer.getWeights().map((w, i) => tf.tensor(weights[i]!, w.shape)));
  const fixedWeights = await Promise.all(layer.getWeights().map(async (w) => (await w.data()) as Float32Array));
  const weightsToTrain = layer.trainableWeights.length;
  // a fixed random cotangent, so every output element weighs in
  const out: Float32Array[] = [];
  let gradients = 0;
  const names = await kernelsOf(() => {
    tf.tidy(() => {
      const cot = tf.randomUniform((apply() as tf.Tensor).shape, -1, 1, 'float32', 99);
      const { grads } = tf.variableGrads(() => tf.sum(tf.mul(apply(), cot)));
      gradients = Object.keys(grads).length;
      // LayerVariable.read() is the tf.Variable itself
      const ordered = [...variables.map((v) => grads[v.name]), ...layer.trainableWeights.map((w) => grads[(w.read() as tf.Variable).name])];
      for (const g of [apply(), ...ordered]) out.push((g ?? tf.zeros([0])).dataSync() as Float32Array);
    });
  });
  tf.dispose(inputs);
  return { names, out, weights: fixedWeights, complete: gradients === variables.length + weightsToTrain };
}

describe('every layer trains on wasm as on the CPU backend', () => {
  const layers = layerNodes as readonly LayerNodeSpec[];
  it.each(layers.map((n) => [n.type, n] as const))('%s', async (_type, spec) => {
    const params = paramsOf(spec);
    const shape = acceptedShape(spec, params, portsOf(spec, params));
    if (!shape) throw new Error(`no test input shape fits ${spec.type}: add one to CANDIDATES`);
    await tf.setBackend('cpu');
    const cpu = await layerGradients(spec, shape);
    await tf.setBackend('wasm');
    const wasm = await layerGradients(spec, shape, cpu.weights);
    expect(wasm.complete).toBe(true);
    expectRegistered(wasm.names);
    expect(wasm.out.length).toBe(cpu.out.length);
    // dropout draws its masks from the seeded stream alike on both backends
    cpu.out.forEach((c, i) => expect(relativeError(wasm.out[i]!, c), `${i ? `gradient ${i - 1}` : 'output'}`).toBeLessThan(2e-5));
  });
});

/** A run environment for op nodes that need none of the data or models. */
const env = (): RunEnv => ({ tf, rng: new Rng(3), datasets: {}, models: {}, training: true, step: 0 });

describe('every loss trains on wasm', () => {
  // the losses that run a model (the gradient penalty) are trained on wasm in
  // test/runtime/gradient-penalty.test.ts
  const losses = (lossesNodes as readonly OpNodeSpec[]).filter((n) => !n.models);
  it.each(losses.map((n) => [n.type, n] as const))('%s', async (_type, spec) => {
    const example = spec.examples?.[0];
    const { values: params } = resolveParams(spec, example?.params ?? {});
    const portSpecs = spec.inputs(params, { models: {} });
    const ports = portSpecs.map((p) => p.name);
    // losses of losses (a weighted sum, a scale) take scalars; a loss whose ports differ in shape (logits and labels) its example's
    const shared = portSpecs.every((p) => p.kind === 'loss') ? [] : acceptedShape(spec, params, ports);
    const shapeOf = (port: string) => (example?.inputs[port] as number[] | undefined) ?? shared;
    if (!ports.every((p) => shapeOf(p))) throw new Error(`no test input shape fits ${spec.type}: add one to CANDIDATES`);
    const inputs = Object.fromEntries(portSpecs.map((p, i) => [
      p.name,
      p.dtype === 'int32' ? tf.randomUniform(shapeOf(p.name)!, 0, 2, 'int32', i + 7) : tf.variable(tf.randomUniform(shapeOf(p.name)!, 0.1, 0.9, 'float32', i + 7)),
    ]));
    const names = await kernelsOf(() => {
      tf.tidy(() => {
        const { value } = tf.variableGrads(() => {
          const out = spec.run(inputs, params, env());
          return tf.sum(Object.values(out)[0]!) as tf.Scalar;
        });
        expect(Number.isFinite(value.dataSync()[0])).toBe(true);
      });
    });
    expectRegistered(names);
    tf.dispose(Object.values(inputs));
  });
});

describe('every optimizer updates on wasm', () => {
  const optimizers = optimizersNodes as readonly OptimizerNodeSpec[];
  it.each(optimizers.map((n) => [n.type, n] as const))('%s', async (_type, spec) => {
    const { values: params } = resolveParams(spec, {});
    const v = tf.variable(tf.randomUniform([5, 3], -1, 1, 'float32', 1));
    const opt = spec.create(tf, params);
    const names = await kernelsOf(() => {
      for (let i = 0; i < 2; i++) opt.minimize(() => tf.sum(tf.square(v)) as tf.Scalar, false, [v]);
      spec.afterUpdate?.(tf, [v], params);
    });
    expectRegistered(names);
    expect(Array.from(v.dataSync()).every(Number.isFinite)).toBe(true);
    opt.dispose();
    v.dispose();
  });
});
