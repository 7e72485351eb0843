// An optimizer's weight clipping (the original WGAN): after each of its updates every weight it
// trains lies in [−c, c], and the models it does not train are left alone.
import { describe, expect, it } from 'vitest';
import { applyOverrides } from '../../src/graph/overrides';
import { disposeSession } from '../../src/runtime/session';
import { train } from '../../src/runtime/trainer';
import { cpuSession, template } from '../helpers/cpu-session';

describe('weight clipping', () => {
  it('keeps every weight of the clipped optimizer\'s models in [−c, c], and only those', async () => {
    const { doc, problems } = applyOverrides(template('gan-2d'), { batchSize: 16, set: [{ node: 'opt_D', param: 'clipWeights', value: 0.01 }] });
    expect(problems).toEqual([]);
    const s = await cpuSession(doc);
    await train(s, { steps: 3 });
    const values = (model: string) => s.models[model]!.trainableWeights.flatMap((w) => Array.from(w.read().dataSync()));
    const critic = values('discriminator');
    expect(Math.max(...critic.map(Math.abs))).toBeLessThanOrEqual(0.01 + 1e-9);
    // the first Adam steps move weights by about the learning rate: many end at the bound
    expect(critic.filter((v) => Math.abs(v) > 0.0099).length).toBeGreaterThan(critic.length / 3);
    expect(Math.max(...values('generator').map(Math.abs))).toBeGreaterThan(0.05);
    disposeSession(s);
  });
});
