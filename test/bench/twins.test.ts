// Each PyTorch twin (bench/quality/torch/) has its template's architecture: the same number of
// trained parameters in every model, as the template's own count (the model summary's) gives it.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { analyze, modelsRunOnlyAsCopies } from '../../src/compiler/analyze';
import { summarizeModel } from '../../src/ui/graphs/modelSummary';
import { TEMPLATES } from '../../templates';
import { PYTHON } from '../pytorch/support';

describe('PyTorch twins', () => {
  it('count the same trained parameters per model as their templates', () => {
    const out = execFileSync(PYTHON, ['bench/torch-steps.py', '--parameters'], { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' } });
    const twins = JSON.parse(out) as Record<string, Record<string, number>>;
    expect(Object.keys(twins).length).toBeGreaterThanOrEqual(7);
    for (const [id, models] of Object.entries(twins)) {
      const t = TEMPLATES.find((x) => x.id === id);
      expect(t, id).toBeDefined();
      const analysis = analyze(t!.doc);
      // every model with weights (a weightless one, like a side-by-side view, has no twin)
      // (and a model run only as own-weights copies has its weights in the model holding them)
      const copies = modelsRunOnlyAsCopies(t!.doc);
      const counts = Object.fromEntries(Object.keys(t!.doc.models).filter((m) => !copies.has(m)).map((m) => [m, summarizeModel(t!.doc, analysis, m)!.total.trainable]).filter(([, n]) => n !== 0));
      expect(counts, id).toEqual(models);
    }
  });
});
