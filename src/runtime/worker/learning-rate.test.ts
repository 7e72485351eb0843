// Learning rates changed between two steps: the next step of every optimizer node moves the weights
// by the new rate (the update is linear in the rate given the optimizer's state), AdamW's decay
// follows the new rate, and bad values change nothing.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveParams } from '../../../nodes/params';
import { getSpec } from '../../../nodes';
import type { OptimizerNodeSpec } from '../../../nodes/spec';
import type { Session } from '../session';
import { learningRates, setLearningRate } from './learning-rate';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A session of one update of a node of `type` on a 3-weight vector, loss = Σ (w − 1)². */
function oneUpdate(type: string, params: Record<string, unknown>) {
  const spec = getSpec(type) as OptimizerNodeSpec;
  const values = resolveParams(spec, params).values;
  const w = tf.variable(tf.tensor1d([3, -2, 2]));
  const optimizer = spec.create(tf, values);
  const update = {
    id: 'opt', name: 'opt', optimizer, variables: [w], repeats: 1, order: 0,
    loss: () => tf.sum(tf.squaredDifference(w, 1)) as tf.Scalar,
    after: () => spec.afterUpdate?.(tf, [w], values),
  };
  const session = {
    tf, doc: { main: { nodes: [{ id: 'opt', type, params, position: { x: 0, y: 0 } }], edges: [] }, models: {} },
    program: { updates: [update], previews: [], datasets: [] },
  } as unknown as Session;
  const step = (): number[] => {
    const before = w.dataSync().slice();
    optimizer.minimize(() => update.loss(), true, [w])?.dispose();
    tf.tidy(update.after);
    return Array.from(w.dataSync(), (x, i) => x - before[i]!);
  };
  return { session, step, w, dispose: () => (optimizer.dispose(), w.dispose()) };
}

describe.each([
  ['optimizers.sgd', {}],
  ['optimizers.sgd', { momentum: 0.9 }],
  ['optimizers.adam', {}],
  ['optimizers.adamw', { weightDecay: 0 }],
  ['optimizers.rmsprop', {}],
])('%s %j: a learning rate set between steps', (type, extra) => {
  it('scales the next step by new rate / old rate', () => {
    const changed = oneUpdate(type, { learningRate: 0.01, ...extra });
    const kept = oneUpdate(type, { learningRate: 0.01, ...extra });
    expect(changed.step()).toEqual(kept.step()); // the same state before the change
    expect(setLearningRate(changed.session, 'opt', 0.05)).toBe(true);
    expect(learningRates(changed.session)).toEqual({ opt: 0.05 });
    const a = changed.step();
    const b = kept.step();
    a.forEach((d, i) => expect(d / b[i]!).toBeCloseTo(5, 4));
    changed.dispose();
    kept.dispose();
  });
});

describe('setLearningRate', () => {
  it("binds AdamW's decoupled decay to the new rate", () => {
    const u = oneUpdate('optimizers.adamw', { learningRate: 0.01, weightDecay: 0.5 });
    setLearningRate(u.session, 'opt', 0.1);
    const before = u.w.dataSync().slice();
    tf.tidy(u.session.program.updates[0]!.after);
    Array.from(u.w.dataSync()).forEach((x, i) => expect(x).toBeCloseTo(before[i]! * (1 - 0.1 * 0.5), 5));
    u.dispose();
  });

  it('refuses rates outside the param range and unknown updates, changing nothing', () => {
    const u = oneUpdate('optimizers.sgd', { learningRate: 0.01 });
    for (const bad of [0, -1, NaN, Infinity, 11]) expect(setLearningRate(u.session, 'opt', bad)).toBe(false);
    expect(setLearningRate(u.session, 'nope', 0.1)).toBe(false);
    expect(learningRates(u.session)).toEqual({ opt: 0.01 });
    u.dispose();
  });

  it('does not leak tensors when SGD renews its rate scalar', () => {
    const u = oneUpdate('optimizers.sgd', { learningRate: 0.01 });
    u.step();
    const count = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) setLearningRate(u.session, 'opt', 0.01 * (i + 2));
    expect(tf.memory().numTensors).toBe(count);
    u.dispose();
  });
});
