// Compile time of every template: the pure front passes (what `tensorloom check` and the editor run
// on every edit) and `lower` + `program` (building the tfjs models and the training program).
import * as tf from '@tensorflow/tfjs';
import { registerCustomLayers } from '../nodes/layers/custom';
import { analyzeFront } from '../src/compiler/analyze';
import { lowerModels } from '../src/compiler/lower';
import { buildProgram } from '../src/compiler/program';
import { TEMPLATES } from '../templates';
import { deviceLine, median, table } from './table';

const REPS = 7;

export async function benchCompile(): Promise<string> {
  await tf.setBackend('cpu');
  registerCustomLayers(tf);
  const rows: (string | number)[][] = [];
  for (const t of TEMPLATES) {
    const check: number[] = [];
    const lower: number[] = [];
    for (let i = 0; i < REPS; i++) {
      const t0 = performance.now();
      const front = analyzeFront(t.doc);
      const t1 = performance.now();
      const models = lowerModels(tf, front, { seed: 1, nextSeed: () => 1 });
      buildProgram(tf, front, models);
      const t2 = performance.now();
      check.push(t1 - t0);
      lower.push(t2 - t1);
      for (const m of Object.values(models)) m.dispose();
    }
    const nodes = t.doc.main.nodes.length + Object.values(t.doc.models).reduce((n, g) => n + g.nodes.length, 0);
    const total = median(check) + median(lower);
    rows.push([t.id, nodes, median(check).toFixed(2), median(lower).toFixed(1), total.toFixed(1), total < 200 ? 'yes' : 'NO']);
  }
  return table(
    'Compile time per template (median of 7 runs)',
    ['template', 'nodes', 'check ms', 'lower + program ms', 'total ms', '< 200 ms'],
    rows,
    { device: deviceLine('tfjs cpu backend'), command: 'npm run bench -- compile' },
  );
}
