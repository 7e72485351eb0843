// A conditional model end to end on the CPU backend: int32 class ids from a Categorical sampler
// enter a model through an int32 Model Input of shape [], are embedded, joined with the noise, and
// trained; the Embedding's table learns, and the exported program trains to the same losses.
import { describe, expect, it } from 'vitest';
import { exportTypeScript } from '../../src/codegen';
import { analyze } from '../../src/compiler/analyze';
import { layerName } from '../../src/compiler/lower';
import type { GraphDoc } from '../../src/graph/types';
import { disposeSession } from '../../src/runtime/session';
import { train, type StepMetrics } from '../../src/runtime/trainer';
import { doc, graph } from '../helpers/build-doc';
import { cpuSession } from '../helpers/cpu-session';
import { appRun, exportedRun, largestRelativeDifference, loadExported, typeCheck } from '../codegen/support';

const BATCH = 16;

/** g(z [4], c int32 []) = Dense(8)(concat(z, Embedding(10, 4)(c))), trained so that its output goes to 0. */
function conditionalDoc(): GraphDoc {
  const g = graph(
    [
      ['z', 'models.input', { name: 'z', shape: [4] }],
      ['c', 'models.input', { name: 'c', shape: [], dtype: 'int32' }],
      ['emb', 'layers.embedding', { inputDim: 10, outputDim: 4 }],
      ['cat', 'layers.concatenate'],
      ['d', 'layers.dense', { units: 8 }],
      ['y', 'models.output', { name: 'y' }],
    ],
    ['c.out -> emb.in', 'z.out -> cat.in1', 'emb.out -> cat.in2', 'cat.out -> d.in', 'd.out -> y.in'],
  );
  const main = graph(
    [
      ['noise', 'samplers.gaussian', { batchSize: BATCH, shape: [4] }],
      ['labels', 'samplers.categorical', { batchSize: BATCH, classes: 10 }],
      ['gen', 'models.call', { model: 'g' }],
      // std 0: a batch of zeros, the target
      ['zeros', 'samplers.gaussian', { batchSize: BATCH, shape: [8], std: 0 }],
      ['loss', 'losses.mse'],
      ['opt', 'optimizers.adam', { models: ['g'], learningRate: 0.01 }],
    ],
    ['noise.out -> gen.z', 'labels.out -> gen.c', 'gen.y -> loss.pred', 'zeros.out -> loss.target', 'loss.loss -> opt.loss'],
  );
  return doc({ name: 'conditional', models: { g }, main });
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('a class-conditional model on the CPU backend', () => {
  it('analyses without errors, with the ids port int32 and the shapes through the Embedding', () => {
    const a = analyze(conditionalDoc());
    expect(a.diagnostics).toEqual([]);
    expect(a.signatures['g']!.inputs).toEqual([
      { name: 'z', shape: [null, 4], dtype: 'float32' },
      { name: 'c', shape: [null], dtype: 'int32' },
    ]);
    expect(a.shapes['model:g']!['emb']).toEqual({ out: [null, 4] });
    expect(a.shapes['model:g']!['cat']).toEqual({ out: [null, 8] });
    expect(a.shapes.main!['gen']).toEqual({ y: [BATCH, 8] });
  });

  it('trains 20 iterations: finite losses that go down, and the Embedding table changes', async () => {
    const s = await cpuSession(conditionalDoc(), { seed: 3 });
    const model = s.models['g']!;
    expect(model.inputs.map((t) => t.dtype)).toEqual(['float32', 'int32']);
    const table = model.getLayer(layerName('g', 'emb'));
    expect(table.getWeights()).toHaveLength(1);
    const before = table.getWeights()[0]!.arraySync() as number[][];
    expect([before.length, before[0]!.length]).toEqual([10, 4]);
    // Keras's initialiser: small uniform values
    expect(before.flat().every((v) => Math.abs(v) <= 0.05)).toBe(true);

    const metrics: StepMetrics[] = [];
    const r = await train(s, { steps: 20, metricsEvery: 5, onMetrics: (m) => void metrics.push(...m) });
    expect(r.status).toBe('done');
    const losses = metrics.map((m) => m.losses['opt']!);
    expect(losses).toHaveLength(20);
    expect(losses.every((l) => Number.isFinite(l) && l > 0)).toBe(true);
    expect(mean(losses.slice(-5))).toBeLessThan(0.7 * mean(losses.slice(0, 5)));

    const after = table.getWeights()[0]!.arraySync() as number[][];
    // 320 ids drawn over 10 classes: every row of the table was used, so every row moved
    after.forEach((row, c) => expect(row, `class ${c}`).not.toEqual(before[c]));
    const moved = Math.max(...after.flat().map((v, i) => Math.abs(v - before.flat()[i]!)));
    expect(moved).toBeGreaterThan(1e-3);
    disposeSession(s);
  });

  it('exports a module that type-checks and trains to the same losses for 3 iterations', async () => {
    const d = conditionalDoc();
    const code = await exportTypeScript(d);
    expect(typeCheck({ 'conditional.ts': code })).toEqual([]);
    const app = await appRun(d, 7, 3);
    const exported = await exportedRun(loadExported(code), 7, 3, app.datasets);
    expect(app.losses).toHaveLength(3);
    expect(Object.keys(exported.losses[0]!)).toEqual(Object.keys(app.losses[0]!));
    expect(app.losses.every((l) => Number.isFinite(l['opt']))).toBe(true);
    // relative difference 0, as the equivalence tests hold the templates to
    expect(largestRelativeDifference(app.losses, exported.losses)).toBe(0);
    // and the comparison can fail: another seed's losses differ
    const other = await exportedRun(loadExported(code), 8, 3, app.datasets);
    expect(largestRelativeDifference(app.losses, other.losses)).toBeGreaterThan(0);
  });
});
