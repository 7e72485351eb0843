// The exported module's own entry points: main() trains,
// logs, and stops on a non-finite loss naming the update.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { exportTypeScript } from '../../src/codegen';
import { applyOverrides } from '../../src/graph/overrides';
import { template } from '../helpers/cpu-session';
import { loadExported } from './support';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

type Main = (steps?: number, seed?: number, logEvery?: number) => Promise<{ step: number }>;

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
