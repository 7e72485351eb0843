import * as tf from '@tensorflow/tfjs';
import { applyOverrides } from './src/graph/overrides';
import { selectNodeBackend } from './src/runtime/backend-node';
import { loadDataset } from './src/runtime/datasets/node';
import { createSession } from './src/runtime/session';
import { train } from './src/runtime/trainer';
import { TEMPLATES } from './templates';
const [backend = 'wasm', id = 'dcgan', batch = '64', iters = '3', prof = ''] = process.argv.slice(2);
const choice = await selectNodeBackend(tf, backend as never);
console.log(choice);
const t = TEMPLATES.find((x) => x.id === id)!;
const { doc } = applyOverrides(t.doc, { batchSize: Number(batch) });
const s = await createSession(tf, doc, { seed: 1, loadDataset: (k) => loadDataset(k, 'public/data') });
await train(s, { steps: 1, metricsEvery: 1 });
const times: number[] = [];
for (let i = 0; i < Number(iters); i++) { const t0 = performance.now(); await train(s, { steps: 1, metricsEvery: 1 }); times.push(performance.now() - t0); }
console.log(id, batch, times.map((x) => x.toFixed(0)).join(' '), 'ms/iter');
if (prof) {
  const p = await tf.profile(async () => { await train(s, { steps: 1, metricsEvery: 1 }); });
  const by = new Map<string, { ms: number; n: number }>();
  for (const k of p.kernels) { const e = by.get(k.name) ?? { ms: 0, n: 0 }; e.ms += Number(k.kernelTimeMs); e.n++; by.set(k.name, e); }
  const total = [...by.values()].reduce((a, b) => a + b.ms, 0);
  console.log('kernels total', total.toFixed(0), 'ms in', p.kernels.length, 'calls');
  for (const k of p.kernels) if (process.env.SHAPES && process.env.SHAPES.split(',').includes(k.name)) console.log(k.name, JSON.stringify(k.inputShapes), Number(k.kernelTimeMs).toFixed(1));
  for (const [k, v] of [...by.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25)) console.log(k.padEnd(28), v.ms.toFixed(1).padStart(8), String(v.n).padStart(5));
}
process.exit(0);
