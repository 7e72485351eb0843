// Random draws on the tfjs webgpu backend: stock tfjs (tf.randomNormal / tf.randomUniform /
// tf.dropout make the numbers on the CPU, then upload them) against the Philox4x32-10 WGSL program
// of src/runtime/gpu-random (made on the device). Each timed draw is consumed by one small GPU op
// (a sum), so an upload cannot hide; a rep issues REPEATS draws, then waits for the last result.
// "issue ms" is the part spent on the JavaScript thread before waiting: on SwiftShader the shaders
// themselves run on the same CPU cores, so the totals there say little about a real GPU.
import * as tf from '@tensorflow/tfjs';
import { selectNodeBackend } from '../src/runtime/backend-node';
import { gpuDropout, gpuRandomNormal, gpuRandomUniform } from '../src/runtime/gpu-random/ops';
import { deviceLine, median, table } from './table';

const REPS = 15;
const REPEATS = 20;
const WARMUP = 3;

interface Timing {
  /** wall time per draw, until the last result is back */
  total: number;
  /** time per draw on the JavaScript thread to issue it (what a real GPU cannot hide) */
  issue: number;
}

/** Times the variants in turn, rep by rep, so that a change in the machine's load hits them alike. */
async function msPerDraw(variants: ((seed: number) => tf.Tensor)[]): Promise<Timing[]> {
  let seed = 1;
  const rep = async (draw: (seed: number) => tf.Tensor): Promise<Timing> => {
    const t0 = performance.now();
    const sums: tf.Tensor[] = [];
    for (let i = 0; i < REPEATS; i++) {
      const s = seed++;
      sums.push(tf.tidy(() => tf.sum(draw(s))));
    }
    const t1 = performance.now();
    await sums[sums.length - 1]!.data();
    const t2 = performance.now();
    tf.dispose(sums);
    return { total: (t2 - t0) / REPEATS, issue: (t1 - t0) / REPEATS };
  };
  for (let i = 0; i < WARMUP; i++) for (const v of variants) await rep(v);
  const times: Timing[][] = variants.map(() => []);
  for (let i = 0; i < REPS; i++) for (const [k, v] of variants.entries()) times[k]!.push(await rep(v));
  return times.map((ts) => ({ total: median(ts.map((t) => t.total)), issue: median(ts.map((t) => t.issue)) }));
}

export async function benchRandom(): Promise<string> {
  const title = `Random draws on WebGPU: ms per draw (draw + sum), median of ${REPS} reps of ${REPEATS} draws`;
  let choice;
  try {
    choice = await selectNodeBackend(tf, 'webgpu');
  } catch (err) {
    return `### ${title}\n\nskipped: ${err instanceof Error ? err.message : String(err)}\n`;
  }
  const x = tf.ones([64, 14, 14, 32]);
  const cases: [string, number[], (s: number) => tf.Tensor, (s: number) => tf.Tensor][] = [
    ['normal', [64, 100], (s) => tf.randomNormal([64, 100], 0, 1, 'float32', s), (s) => gpuRandomNormal(tf, [64, 100], s, 0)],
    ['uniform', [64, 28, 28, 1], (s) => tf.randomUniform([64, 28, 28, 1], 0, 1, 'float32', s), (s) => gpuRandomUniform(tf, [64, 28, 28, 1], s, 0)],
    ['dropout 0.3 (mask and multiply)', x.shape, (s) => tf.dropout(x, 0.3, undefined, s), (s) => gpuDropout(tf, x, 0.3, s, 0)],
  ];
  const rows: (string | number)[][] = [];
  for (const [name, shape, stock, philox] of cases) {
    // the consumer alone, on a tensor already on the device
    const ready = tf.zeros(shape);
    const [sumOnly, a, b] = (await msPerDraw([() => ready.clone(), stock, philox])) as [Timing, Timing, Timing];
    ready.dispose();
    rows.push([
      name,
      `[${shape.join(', ')}]`,
      shape.reduce((p, d) => p * d, 1),
      sumOnly.total.toFixed(2),
      a.total.toFixed(2),
      b.total.toFixed(2),
      `${(a.total / b.total).toFixed(1)}×`,
      a.issue.toFixed(3),
      b.issue.toFixed(3),
    ]);
  }
  x.dispose();
  return table(
    title,
    ['draw', 'shape', 'values', 'sum alone ms', 'stock tfjs ms', 'Philox WGSL ms', 'speed-up', 'stock issue ms', 'Philox issue ms'],
    rows,
    { device: deviceLine(`tfjs webgpu backend on ${choice.device}`), command: 'npm run bench -- random' },
  );
}
