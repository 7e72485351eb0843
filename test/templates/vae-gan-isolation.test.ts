// VAE-GAN's three updates each change only their own model: gradients flow through the other
// models (the encoder's loss goes through the decoder and D) but only the optimizer's own weights
// move. Run on the CPU-sized copy of cpu-recipes.ts; isolation does not depend on the widths.
import { describe, expect, it } from 'vitest';
import { applyOverrides } from '../../src/graph/overrides';
import { disposeSession, runEnv, type Session } from '../../src/runtime/session';
import { cpuSession, template } from '../helpers/cpu-session';
import { CPU_RECIPES } from './cpu-recipes';

type Snapshot = Record<string, Float32Array[]>;

async function weightsOf(s: Session): Promise<Snapshot> {
  const snap: Snapshot = {};
  for (const [id, m] of Object.entries(s.models)) snap[id] = await Promise.all(m.weights.map(async (w) => (await w.read().data()) as Float32Array));
  return snap;
}

/** For each model: how many of its weight tensors differ between two snapshots. */
function changedCounts(before: Snapshot, after: Snapshot): Record<string, number> {
  return Object.fromEntries(
    Object.entries(before).map(([id, ws]) => [id, ws.filter((w, i) => w.some((v, j) => v !== after[id]![i]![j])).length]),
  );
}

describe('VAE-GAN gradient isolation', () => {
  it('each update changes every weight of its own model and none of the others', async () => {
    const recipe = CPU_RECIPES['vae-gan']!;
    const { doc, problems } = applyOverrides(template('vae-gan'), { set: recipe.set });
    expect(problems).toEqual([]);
    const s = await cpuSession(doc, { batchSize: recipe.batchSize });
    const owner: Record<string, string> = { encoder: 'encoder', decoder: 'decoder', D: 'discriminator' };
    expect(s.program.updates.map((u) => u.name)).toEqual(Object.keys(owner));

    for (const u of s.program.updates) {
      const before = await weightsOf(s);
      const loss = u.optimizer.minimize(() => u.loss(runEnv(s, true)), true, u.variables);
      loss?.dispose();
      const changed = changedCounts(before, await weightsOf(s));
      const expected = Object.fromEntries(
        Object.keys(s.models).map((id) => [id, id === owner[u.name] ? s.models[id]!.weights.length : 0]),
      );
      expect(changed, `after the ${u.name} update`).toEqual(expected);
    }
    disposeSession(s);
  }, 60_000);
});
