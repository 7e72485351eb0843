// Kept weights (shipped or imported) of a model that holds blocks with weights of their own: the
// copies' layers are keyed by the nodes the expansion made, so weights read from one session load
// into a fresh session of the same document, every layer covered, predictions equal.
import { describe, expect, it } from 'vitest';
import { ownBlocksDoc } from '../../../test/codegen/fixtures';
import { cpuSession, tf } from '../../../test/helpers/cpu-session';
import { storedWeights } from '../../interop/weights-store';
import { disposeSession } from '../session';
import { applyInitialWeights, modelWeightsOf } from './initial-weights';

describe('kept weights of a model with own-weights blocks', () => {
  it('are keyed by the copies\u2019 nodes and load into a fresh session exactly', async () => {
    const doc = ownBlocksDoc();
    const source = await cpuSession(doc, { seed: 3 });
    const target = await cpuSession(doc, { seed: 9 });
    const x = tf.randomNormal([3, 4], 0, 1, 'float32', 5);
    try {
      const weights = await modelWeightsOf(source.models['head']!, 'head', source.built.models['head']!);
      expect(Object.keys(weights)).toEqual(expect.arrayContaining(['first_a', 'first_b', 'second_a', 'second_b', 'out']));
      const notes = await applyInitialWeights(target, { list: async () => [storedWeights('head', doc.models['head']!, weights, 1)] });
      expect(notes).toEqual([]);
      const want = Array.from(await (source.models['head']!.predict(x) as tf.Tensor).data());
      const got = Array.from(await (target.models['head']!.predict(x) as tf.Tensor).data());
      expect(got).toEqual(want);
    } finally {
      x.dispose();
      disposeSession(source);
      disposeSession(target);
    }
  });
});
