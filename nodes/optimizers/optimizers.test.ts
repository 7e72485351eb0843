import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { codeOf, infer, paramsOf } from '../losses/test-support';
import type { OptimizerNodeSpec, ParamSpecs } from '../spec';
import adam from './adam';
import adamw from './adamw';
import { optimizersNodes } from './index';
import rmsprop from './rmsprop';
import sgd from './sgd';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const TARGET = [1, -1, 0.5];

/**
 * Minimises ‖w − TARGET‖² from w = [3, -2, 2] for `steps` updates, the way the trainer does
 * (minimize with a varList, afterUpdate inside tf.tidy); returns the losses and the final weights.
 */
function descend<P extends ParamSpecs>(spec: OptimizerNodeSpec<P>, stored: Record<string, unknown>, steps: number) {
  const p = paramsOf(spec, stored);
  const w = tf.variable(tf.tensor1d([3, -2, 2]));
  const target = tf.tensor1d(TARGET);
  const opt = spec.create(tf, p);
  const losses: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < steps; i++) {
    const loss = opt.minimize(() => tf.sum(tf.squaredDifference(w, target)), true, [w]);
    losses.push(loss!.dataSync()[0]!);
    loss!.dispose();
    tf.tidy(() => spec.afterUpdate?.(tf, [w], p));
    counts.push(tf.memory().numTensors);
  }
  const weights = Array.from(w.dataSync());
  opt.dispose();
  w.dispose();
  target.dispose();
  return { losses, weights, counts };
}

describe.each([
  ['sgd', sgd, { learningRate: 0.1 }],
  ['sgd + momentum', sgd, { learningRate: 0.05, momentum: 0.9 }],
  ['sgd + nesterov', sgd, { learningRate: 0.05, momentum: 0.9, nesterov: true }],
  ['adam', adam, { learningRate: 0.1 }],
  ['adamw', adamw, { learningRate: 0.1, weightDecay: 0.01 }],
  ['rmsprop', rmsprop, { learningRate: 0.05 }],
  ['rmsprop centered + momentum', rmsprop, { learningRate: 0.02, momentum: 0.5, centered: true }],
] as const)('%s', (_name, spec, stored) => {
  it('decreases a small quadratic', () => {
    const { losses } = descend(spec as OptimizerNodeSpec, stored, 30);
    expect(losses[0]).toBeCloseTo(4 + 1 + 2.25, 5);
    expect(losses.at(-1)!).toBeLessThan(losses[0]! * 0.2);
  });

  it('keeps the tensor count stable from one step to the next', () => {
    const { counts } = descend(spec as OptimizerNodeSpec, stored, 6);
    expect(new Set(counts.slice(2)).size).toBe(1);
  });
});

describe('optimizers.adamw', () => {
  it('shrinks weights that Adam leaves alone, by (1 − lr·wd) per step', () => {
    // only w0 feels the loss; w1 and w2 get no gradient
    const run = (spec: OptimizerNodeSpec, stored: Record<string, unknown>) => {
      const p = paramsOf(spec, stored);
      const w = tf.variable(tf.tensor1d([3, -2, 2]));
      const opt = spec.create(tf, p);
      for (let i = 0; i < 10; i++) {
        opt.minimize(() => tf.square(tf.sub(w.slice(0, 1), 1)).sum(), false, [w]);
        tf.tidy(() => spec.afterUpdate?.(tf, [w], p));
      }
      const out = Array.from(w.dataSync());
      opt.dispose();
      w.dispose();
      return out;
    };
    const plain = run(adam as OptimizerNodeSpec, { learningRate: 0.01 });
    const decayed = run(adamw as OptimizerNodeSpec, { learningRate: 0.01, weightDecay: 0.5 });
    const shrink = (1 - 0.01 * 0.5) ** 10;
    expect(plain.slice(1)).toEqual([-2, 2]);
    expect(decayed[1]).toBeCloseTo(-2 * shrink, 5);
    expect(decayed[2]).toBeCloseTo(2 * shrink, 5);
    expect(Math.abs(decayed[0]!)).toBeLessThan(Math.abs(plain[0]!));
  });

  it('with weightDecay 0 is exactly Adam', () => {
    const a = descend(adam as OptimizerNodeSpec, { learningRate: 0.1 }, 5).weights;
    const b = descend(adamw as OptimizerNodeSpec, { learningRate: 0.1, weightDecay: 0 }, 5).weights;
    expect(b).toEqual(a);
  });
});

describe('every optimizer node', () => {
  it('takes one scalar loss and names its models, update count and order', () => {
    for (const spec of optimizersNodes) {
      if (spec.role !== 'optimizer') throw new Error(`${spec.type} is not an optimizer`);
      const p = paramsOf(spec);
      expect(spec.inputs(p, { models: {} }).map((port) => `${port.name}:${port.kind}`), spec.type).toEqual(['loss:loss']);
      expect(spec.outputs(p, { models: {} })).toEqual([]);
      expect(p).toMatchObject({ models: [], updatesPerIteration: 1, order: 0 });
      expect(infer(spec, { loss: [] })).toEqual({ ok: true, outputs: {} });
      expect(codeOf(infer(spec, { loss: [16, 1] }))).toBe('graph.lossNotScalar');
      expect(() => paramsOf(spec, { updatesPerIteration: 0 })).toThrow(/updatesPerIteration/);
    }
  });

  it('passes its params to the tfjs optimizer', () => {
    const nesterov = sgd.create(tf, paramsOf(sgd, { learningRate: 0.2, momentum: 0.8, nesterov: true }));
    expect(nesterov.getConfig()).toMatchObject({ learningRate: 0.2, momentum: 0.8, useNesterov: true });
    expect(sgd.create(tf, paramsOf(sgd)).getClassName()).toBe('SGD');
    const a = adam.create(tf, paramsOf(adam, { beta1: 0.5 }));
    expect(a.getConfig()).toMatchObject({ learningRate: 0.001, beta1: 0.5, beta2: 0.999 });
    const r = rmsprop.create(tf, paramsOf(rmsprop, { rho: 0.95, centered: true }));
    expect(r.getConfig()).toMatchObject({ decay: 0.95, centered: true });
    [nesterov, a, r].forEach((o) => o.dispose());
  });
});
