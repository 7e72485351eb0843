// Two Model Outputs fed by one tensor: tfjs returns a model's tensor once ("All outputs should
// only appear once"), so one output would be missing when the model runs and training would throw.
// Found by the fuzz suite (a rewired edge of the MLP VAE's encoder); refused by validation instead.
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/compiler/analyze';
import type { GraphDoc } from '../../src/graph/types';
import { disposeSession } from '../../src/runtime/session';
import { train } from '../../src/runtime/trainer';
import { cpuSession, template } from '../helpers/cpu-session';

function bothFromMu(): GraphDoc {
  const d = structuredClone(template('vae-mlp'));
  d.models.encoder!.edges.find((e) => e.target.node === 'logvar')!.source.node = 'mu_head';
  return d;
}

describe('Model Outputs sharing a tensor', () => {
  it('are refused on the second output, saying what to do', () => {
    const errors = analyze(bothFromMu()).diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => [d.code, d.nodeId])).toEqual([['graph.modelOutputShared', 'logvar']]);
    expect(errors[0]!.message).toMatch(/outputs "mu" and "logvar" both return .*"mu_head"/);
  });

  it('one output per tensor still trains', async () => {
    const s = await cpuSession(template('vae-mlp'), { batchSize: 2 });
    expect((await train(s, { steps: 1, metricsEvery: 1 })).status).toBe('done');
    disposeSession(s);
  });
});
