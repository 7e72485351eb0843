// The exported module's own entry points: its random stream is the app's, and main() trains,
// logs, and stops on a non-finite loss naming the update.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { exportTypeScript } from '../../src/codegen';
import { randomClass } from '../../src/codegen/snippets/random';
import { applyOverrides } from '../../src/graph/overrides';
import { Rng } from '../../src/runtime/rng';
import { template } from '../helpers/cpu-session';
import { loadExported } from './support';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

interface RandomLike {
  next(): number;
  seed(): number;
  nextUint32(): number;
}
type Main = (steps?: number, seed?: number, logEvery?: number) => Promise<{ step: number }>;

describe('the exported Random', () => {
  it('draws exactly what the app\'s Rng draws', () => {
    const { Random } = loadExported(`import * as tf from '@tensorflow/tfjs';\n${randomClass.code}`) as unknown as { Random: new (seed: number) => RandomLike };
    for (const seed of [0, 1, 7, 123456789, 2 ** 32 - 1]) {
      const ours = new Random(seed);
      const app = new Rng(seed);
      const draw = (r: RandomLike) => [r.next(), r.seed(), r.nextUint32(), r.next(), r.seed()];
      for (let i = 0; i < 50; i++) expect(draw(ours)).toEqual(draw(app));
    }
  });
});

describe('the exported main()', () => {
  it('trains the given number of iterations and logs the losses', async () => {
    const code = await exportTypeScript(applyOverrides(template('gan-2d'), { batchSize: 8 }).doc);
    const main = (loadExported(code) as unknown as { main: Main }).main;
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const t = await main(4, 1, 2);
    expect(t.step).toBe(4);
    expect(log.mock.calls.map((c) => String(c[0]))).toEqual([
      expect.stringMatching(/^iteration 2: D \d+\.\d{4}, G \d+\.\d{4}$/),
      expect.stringMatching(/^iteration 4: D \d+\.\d{4}, G \d+\.\d{4}$/),
    ]);
    log.mockRestore();
  });

  it('stops on a non-finite loss, naming the update and the iteration', async () => {
    // noise of std 3e38 holds infinities whatever the draws (about a quarter of its values, those
    // with |z| > 1.13, overflow float32): the fakes, and with them the discriminator's loss, are
    // NaN on the first update
    const { doc } = applyOverrides(template('gan-2d'), { batchSize: 8, set: [{ node: 'noise', param: 'std', value: 3e38 }] });
    const main = (loadExported(await exportTypeScript(doc)) as unknown as { main: Main }).main;
    await expect(main(3, 1, 1)).rejects.toThrow(/the loss of "D" is NaN at iteration 0/);
  });
});
