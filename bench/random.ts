// Random draws on the tfjs webgpu backend: stock tfjs (tf.randomNormal / tf.randomUniform /
// tf.dropout make the numbers on the CPU, then upload them) against the Philox4x32-10 WGSL program
// of src/runtime/gpu-random (made on the device). Each timed draw is consumed by one small GPU op
// (a sum), so an upload cannot hide; a rep issues REPEATS draws, then waits for the last result.
import * as tf from '@tensorflow/tfjs';
import { selectNodeBackend } from '../src/runtime/backend-node';
import { gpuDropout, gpuRandomNormal, gpuRandomUniform } from '../src/runtime/gpu-random/ops';
import { deviceLine, median, table } from './table';

const REPS = 9;
const REPEATS = 20;
const WARMUP = 3;

async function msPerDraw(draw: (i: number) => tf.Tensor): Promise<number> {
  let seed = 1;
  const rep = async (): Promise<number> => {
    const t0 = performance.now();
    const sums: tf.Tensor[] = [];
    for (let i = 0; i < REPEATS; i++) {
      const s = seed++;
      sums.push(tf.tidy(() => tf.sum(draw(s))));
    }
    await sums[sums.length - 1]!.data();
    const t1 = performance.now();
    tf.dispose(sums);
    return (t1 - t0) / REPEATS;
  };
  for (let i = 0; i < WARMUP; i++) await rep();
  const times: number[] = [];
  for (let i = 0; i < REPS; i++) times.push(await rep());
  return median(times);
}

export async function benchRandom(): Promise<string> {
  const title = `Random draws on WebGPU: ms per draw, draw + sum, median of ${REPS} reps of ${REPEATS} draws`;
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
    const sumOnly = await msPerDraw(() => ready.clone());
    ready.dispose();
    const a = await msPerDraw(stock);
    const b = await msPerDraw(philox);
    rows.push([name, `[${shape.join(', ')}]`, shape.reduce((p, d) => p * d, 1), sumOnly.toFixed(3), a.toFixed(3), b.toFixed(3), `${(a / b).toFixed(1)}×`]);
  }
  x.dispose();
  return table(
    title,
    ['draw', 'shape', 'values', 'sum alone ms', 'stock tfjs ms', 'Philox WGSL ms', 'speed-up'],
    rows,
    { device: deviceLine(`tfjs webgpu backend on ${choice.device}`), command: 'npm run bench -- random' },
  );
}
