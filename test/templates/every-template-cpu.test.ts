// Every template the app ships (all of TEMPLATES, whatever is registered when this runs): it checks
// with no errors, compiles at full size, trains 3 iterations on the tfjs CPU backend with finite
// losses and a flat tensor count, and renders each preview with finite values of the right shape.
// Batch and widths are shrunk through overrides (see cpu-recipes.ts), never by editing a template.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Shape } from '../../nodes/spec';
import { analyze } from '../../src/compiler/analyze';
import type { Analysis } from '../../src/compiler/analysis';
import { applyOverrides } from '../../src/graph/overrides';
import type { GraphDoc } from '../../src/graph/types';
import { disposeSession } from '../../src/runtime/session';
import { readPreviews, train, type PreviewFrame, type StepMetrics } from '../../src/runtime/trainer';
import { TEMPLATES } from '../../templates';
import { cpuSession, tf } from '../helpers/cpu-session';
import { CPU_RECIPES, DEFAULT_RECIPE, TESTED_ON_THEIR_OWN } from './cpu-recipes';

const errorsOf = (a: Analysis) => a.diagnostics.filter((d) => d.severity === 'error');

/** The shape a preview's output must have: its input's first `count` samples, as inferred. */
function expectedPreview(doc: GraphDoc, a: Analysis, previewId: string): { port: string; shape: number[] } {
  const node = doc.main.nodes.find((n) => n.id === previewId)!;
  const edge = doc.main.edges.find((e) => e.target.node === previewId)!;
  const input: Shape = a.shapes.main![edge.source.node]![edge.source.port]!;
  const n = Math.min(Number(node.params.count ?? Infinity), Number(input[0]));
  const perSample = input.slice(1).map(Number);
  return node.type === 'previews.scatter' ? { port: 'points', shape: [n, 2] } : { port: 'image', shape: [n, ...perSample] };
}

function checkFrame(doc: GraphDoc, a: Analysis, f: PreviewFrame): void {
  const { port, shape } = expectedPreview(doc, a, f.id);
  const v = f.values[port];
  expect(v, `${f.id} gives "${port}"`).toBeDefined();
  expect(v!.shape, f.id).toEqual(shape);
  expect(v!.data.length, f.id).toBe(shape.reduce((x, y) => x * y, 1));
  expect(v!.data.every(Number.isFinite), `${f.id} values are finite`).toBe(true);
  if (port === 'image') expect(v!.data.every((x) => x >= 0 && x <= 1), `${f.id} pixels in [0, 1]`).toBe(true);
}

describe('every template', () => {
  it('templates tested on their own have their test file', () => {
    for (const t of TEMPLATES) {
      const own = TESTED_ON_THEIR_OWN[t.id];
      if (own) expect(existsSync(new URL(own, import.meta.url)), `${t.id}: ${own}`).toBe(true);
    }
    expect(TEMPLATES.length).toBeGreaterThanOrEqual(5);
  });

  for (const t of TEMPLATES) {
    if (TESTED_ON_THEIR_OWN[t.id]) continue;

    it(`${t.id}: checks with no errors and compiles at full size`, async () => {
      expect(errorsOf(analyze(t.doc))).toEqual([]);
      const s = await cpuSession(t.doc);
      expect(s.program.updates.length).toBeGreaterThan(0);
      for (const u of s.program.updates) expect(u.variables.length, u.name).toBeGreaterThan(0);
      disposeSession(s);
    });

    it(`${t.id}: trains 3 iterations on the CPU with finite losses, no tensor leak, and renders its previews`, async () => {
      const recipe = CPU_RECIPES[t.id] ?? DEFAULT_RECIPE;
      const { doc, problems } = applyOverrides(t.doc, { set: recipe.set });
      expect(problems).toEqual([]);
      const small = applyOverrides(doc, { batchSize: recipe.batchSize }).doc;
      const a = analyze(small);
      expect(errorsOf(a)).toEqual([]);

      const s = await cpuSession(doc, { batchSize: recipe.batchSize });
      const seen: StepMetrics[] = [];
      const onMetrics = (m: StepMetrics[]) => void seen.push(...m);
      await train(s, { steps: 1, metricsEvery: 1, onMetrics }); // optimizers make their state on the first update
      const tensorsAfterFirst = tf.memory().numTensors;
      const r = await train(s, { steps: 2, metricsEvery: 1, onMetrics });
      expect(r.status).toBe('done');
      expect(tf.memory().numTensors).toBe(tensorsAfterFirst);

      const names = s.program.updates.map((u) => u.name);
      expect(seen.map((m) => m.step)).toEqual([0, 1, 2]);
      for (const m of seen) {
        expect(Object.keys(m.losses).sort()).toEqual([...names].sort());
        for (const [name, v] of Object.entries(m.losses)) expect(Number.isFinite(v), `${name} at ${m.step}: ${v}`).toBe(true);
      }

      const frames = await readPreviews(s);
      expect(tf.memory().numTensors).toBe(tensorsAfterFirst);
      expect(frames.map((f) => f.id).sort()).toEqual(s.program.previews.map((p) => p.id).sort());
      for (const f of frames) checkFrame(small, a, f);
      disposeSession(s);
    }, 60_000);
  }
});
