// The gradient penalty and the gradients of gradients under it, on the cpu and wasm backends: its
// value and its gradient for a linear critic against the hand-derived result, for a smooth critic
// against finite differences, and for a critic of every layer the penalty admits
// (nodes/losses/second-order.ts) the same on both backends; the layers it refuses are named by the
// compiler before training.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { getSpec } from '../../nodes';
import { registerCustomLayers } from '../../nodes/layers/custom';
import { gradientPenalty, type Penalty } from '../../nodes/losses/gradient-penalty';
import { resolveParams } from '../../nodes/params';
import type { LayerNodeSpec, OpNodeSpec } from '../../nodes/spec';
import { analyze } from '../../src/compiler/analyze';
import { registerFusedActivations } from '../../src/runtime/fused-activations';
import { registerHigherOrderGradients } from '../../src/runtime/higher-order-gradients';
import { registerProductKernels } from '../../src/runtime/kernels/register';
import { startNodeWasm } from '../../src/runtime/wasm/start-node';
import { template } from '../helpers/cpu-session';

const BACKENDS = ['cpu', 'wasm'] as const;

beforeAll(async () => {
  await startNodeWasm(tf, 2);
  registerCustomLayers(tf);
  registerFusedActivations(tf);
  registerHigherOrderGradients(tf);
});

async function on(backend: (typeof BACKENDS)[number]) {
  await tf.setBackend(backend);
  registerProductKernels(tf, backend);
}

type Layer = [type: string, params: Record<string, unknown>];

/** A model of the given layers in a chain, built by the nodes' own `build`. */
function critic(input: number[], layers: Layer[], seed = 1): tf.LayersModel {
  const x = tf.input({ shape: input });
  let h: tf.SymbolicTensor = x;
  layers.forEach(([type, params], i) => {
    const spec = getSpec(type) as LayerNodeSpec;
    h = spec.build(tf, resolveParams(spec, params).values, { name: `c${seed}_${i}`, seed: seed * 10 + i, nextSeed: () => 7 }).apply(h) as tf.SymbolicTensor;
  });
  return tf.model({ inputs: x, outputs: h });
}

const variablesOf = (m: tf.LayersModel) => m.trainableWeights.map((w) => w.read() as tf.Variable);

/** The penalty and its gradient with respect to each of the critic's weights (zeros for a weight it does not reach). */
function penaltyAndGrads(m: tf.LayersModel, points: tf.Tensor, penalty: Penalty, weight: number) {
  const { value, grads } = tf.variableGrads(() => gradientPenalty(tf, m, [points], penalty, weight, true), variablesOf(m));
  const out = { value: value.dataSync()[0]!, grads: variablesOf(m).map((v) => (grads[v.name] ? Array.from(grads[v.name]!.dataSync()) : new Array<number>(v.size).fill(0))) };
  tf.dispose([value, ...Object.values(grads)]);
  return out;
}

describe('gradient penalty', () => {
  it.each(BACKENDS)('%s: a linear critic gives λ(‖w‖ − 1)² and its hand-derived gradient', async (backend) => {
    await on(backend);
    const m = critic([3], [['layers.dense', { units: 1 }]]);
    const [kernel] = variablesOf(m);
    kernel!.assign(tf.tensor2d([[0.6], [-1.2], [0.9]]));
    const w = [0.6, -1.2, 0.9];
    const norm = Math.hypot(...w);
    const points = tf.randomNormal([5, 3], 0, 1, 'float32', 3);
    const gp = penaltyAndGrads(m, points, 'wgan-gp', 10);
    expect(gp.value).toBeCloseTo(10 * (norm - 1) ** 2, 4);
    gp.grads[0]!.forEach((g, i) => expect(g).toBeCloseTo((20 * (norm - 1) * w[i]!) / norm, 4));
    expect(gp.grads[1]).toEqual([0]); // the bias moves no gradient
    const r1 = penaltyAndGrads(m, points, 'r1', 0.5);
    expect(r1.value).toBeCloseTo(0.5 * norm ** 2, 4);
    r1.grads[0]!.forEach((g, i) => expect(g).toBeCloseTo(w[i]!, 4));
    points.dispose();
  });

  // tanh, sigmoid and gelu (through pow) had wrong second derivatives in tfjs until
  // higher-order-gradients.ts registered their gradients again
  const SMOOTH = BACKENDS.flatMap((backend) => ['tanh', 'sigmoid', 'gelu', 'softplus'].map((activation) => [backend, activation] as const));
  it.each(SMOOTH)('%s: a two-layer %s critic\'s gradient matches finite differences', async (backend, activation) => {
    await on(backend);
    const m = critic([2], [['layers.dense', { units: 6, activation }], ['layers.dense', { units: 1 }]]);
    const [kernel, , outKernel] = variablesOf(m);
    // weights large enough that every activation bends over the points, and the penalty with them
    kernel!.assign(tf.mul(kernel!, 3));
    outKernel!.assign(tf.mul(outKernel!, 3));
    const points = tf.randomNormal([4, 2], 0, 1, 'float32', 5);
    const { grads } = penaltyAndGrads(m, points, 'wgan-gp', 10);
    const base = Array.from(kernel!.dataSync());
    const h = 1e-2;
    let largest = 0;
    for (const i of [0, 3, 7, 11]) {
      const at = (d: number) => {
        kernel!.assign(tf.tensor2d(base.map((v, k) => (k === i ? v + d : v)), kernel!.shape as [number, number]));
        return tf.tidy(() => gradientPenalty(tf, m, [points], 'wgan-gp', 10, true).dataSync()[0]!);
      };
      const numeric = (at(h) - at(-h)) / (2 * h);
      kernel!.assign(tf.tensor2d(base, kernel!.shape as [number, number]));
      largest = Math.max(largest, Math.abs(numeric));
      expect(Math.abs(grads[0]![i]! - numeric), `weight ${i}: ${grads[0]![i]} vs ${numeric}`).toBeLessThan(3e-2 * Math.max(0.3, Math.abs(numeric)));
    }
    expect(largest).toBeGreaterThan(1); // gradients this large: the comparison can fail
    points.dispose();
  });

  // one critic per layer the penalty admits, each layer as the gradient goes through it
  const ADMITTED: Record<string, { input: number[]; layers: Layer[] }> = {
    'Dense relu, tanh, sigmoid, gelu, softplus': {
      input: [3],
      layers: ['relu', 'tanh', 'sigmoid', 'gelu', 'softplus'].map((activation): Layer => ['layers.dense', { units: 5, activation }]).concat([['layers.dense', { units: 1 }]]),
    },
    'Activation leakyRelu, Dropout, LayerNorm': {
      input: [3],
      layers: [['layers.dense', { units: 6 }], ['layers.activation', { activation: 'leakyRelu' }], ['layers.dropout', { rate: 0.25 }], ['layers.layerNorm', {}], ['layers.dense', { units: 1 }]],
    },
    'Conv2D, GroupNorm, Conv2DTranspose, GlobalAvgPool': {
      input: [6, 6, 2],
      layers: [
        ['layers.conv2d', { filters: 4, kernelSize: 3, strides: 2, activation: 'relu' }], ['layers.groupNorm', { groups: 2 }],
        ['layers.conv2dTranspose', { filters: 2, kernelSize: 3, strides: 2 }], ['layers.globalAvgPool', {}], ['layers.dense', { units: 1 }],
      ],
    },
    'Reshape, Flatten': { input: [8], layers: [['layers.reshape', { targetShape: [2, 2, 2] }], ['layers.flatten', {}], ['layers.dense', { units: 1, activation: 'softplus' }]] },
  };
  it.each(Object.keys(ADMITTED))('%s: finite, and the same on wasm as on cpu', async (name) => {
    const { input, layers } = ADMITTED[name]!;
    const run = async (backend: (typeof BACKENDS)[number]) => {
      await on(backend);
      const m = critic(input, layers, 3);
      const points = tf.randomNormal([4, ...input], 0, 1, 'float32', 9);
      const r = penaltyAndGrads(m, points, 'wgan-gp', 10);
      points.dispose();
      m.dispose();
      return r;
    };
    const cpu = await run('cpu');
    const wasm = await run('wasm');
    const flat = (r: { grads: number[][] }) => r.grads.flat();
    expect(flat(cpu).every(Number.isFinite)).toBe(true);
    expect(flat(cpu).some((g) => g !== 0)).toBe(true);
    expect(Math.abs(wasm.value - cpu.value)).toBeLessThan(1e-4 * Math.max(1, cpu.value));
    const scale = Math.max(1, ...flat(cpu).map(Math.abs));
    flat(wasm).forEach((g, i) => expect(Math.abs(g - flat(cpu)[i]!)).toBeLessThan(1e-3 * scale));
  });
});

describe('the layers a gradient penalty refuses', () => {
  it.each([
    ['h1', 'layers.batchNorm', {}, /BatchNorm normalises over the batch.*LayerNorm/],
    ['h1', 'layers.dense', { units: 16, activation: 'elu' }, /no second derivative of the elu activation/],
    ['h1', 'layers.activation', { activation: 'swish' }, /no second derivative of the swish activation/],
  ] as const)('%s as %s is named, with what to use instead', (id, type, params, text) => {
    const doc = structuredClone(template('wgan-gp-2d'));
    const node = doc.models['critic']!.nodes.find((n) => n.id === id)!;
    node.type = type;
    node.params = { ...params };
    const found = analyze(doc).diagnostics.filter((d) => d.code === 'graph.penaltySecondOrder');
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toMatch(/model "critic", but its layer "h1" cannot be differentiated twice/);
    expect(found[0]!.message).toMatch(text);
  });

  it('the shipped WGAN-GP critic passes', () => {
    expect(analyze(template('wgan-gp-2d')).diagnostics).toEqual([]);
  });
});

describe('a gradient penalty on WebGPU', () => {
  it('is refused with a coded message that names the backends it runs on', async () => {
    const spec = getSpec('losses.gradientPenalty') as OpNodeSpec;
    await on('cpu');
    const env = { tf: { ...tf, getBackend: () => 'webgpu' } as unknown as typeof tf, rng: { next: () => 0, seed: () => 1 }, datasets: {}, models: {}, training: true, step: 0 };
    expect(() => spec.run({ x: tf.zeros([2, 2]) }, resolveParams(spec, { model: 'critic' }).values, env)).toThrow(
      expect.objectContaining({ issue: { code: 'run.penaltyBackend', args: { backend: 'webgpu' } } }),
    );
  });
});
