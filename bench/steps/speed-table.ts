// The speed table's header, rows and column notes (pure: from case results to cells).
import { median } from '../table';
import type { CaseResult } from './case';
import type { TorchResults } from './torch';

/** images per second when one iteration takes `msPerIter` and consumes `batch` images */
export function imagesPerSecond(batch: number, msPerIter: number): number {
  return (batch * 1000) / msPerIter;
}

const MiB = 2 ** 20;
const mib = (bytes: number | undefined) => (bytes === undefined ? '—' : (bytes / MiB).toFixed(1));
const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const rate = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 1 ? x.toFixed(1) : x.toPrecision(2));
const ratio = (x: number) => `${x >= 10 ? x.toFixed(0) : x.toFixed(2)}×`;

export const HEADER = [
  'model',
  'implementation',
  'updates / iteration',
  'batch',
  'ms / iteration (median, range)',
  'images/s',
  'speed-up vs stock tfjs',
  'PyTorch ms / iteration',
  'slower than PyTorch',
  'GPU pool MiB: warm-up → last (= peak)',
  'tensors: warm-up → last',
  'tensor MiB: warm-up → last',
];

/** What the columns mean, under every table. */
export const COLUMN_NOTES = [
  'One iteration = every update of the graph once (GAN: one D and one G update); images/s = batch / seconds per iteration.',
  '"GPU pool" = bytes the tfjs WebGPU buffer pool has created in that case\'s process; it never shrinks, so its last figure is the peak. Tensors, tensor MiB and the pool should stay flat from the warm-up to the last repeat.',
];

const implementation = (r: CaseResult) =>
  r.impl === 'tensorloom' ? 'Tensorloom template' : r.model === 'dcgan' ? 'stock tfjs, hand-written (template layers)' : 'stock tfjs, hand-written (reference/dcgan_tfjs.mjs)';

/** the models bench/torch-steps.py has a twin of */
const hasTwin = (model: string) => model === 'dcgan' || model === 'dcgan-reference';

const warmToLast = (a: number | undefined, b: number | undefined, f: (x: number) => string) => (a === undefined || b === undefined ? '—' : `${f(a)} → ${f(b)}`);

/** One markdown row per case; stock rows (same model and batch) give the speed-up, the PyTorch file the last columns. */
export function tableRows(results: CaseResult[], torch: TorchResults | undefined): (string | number)[][] {
  const stockMs = new Map<string, number>();
  for (const r of results) if (r.impl === 'stock' && r.status === 'ok') stockMs.set(`${r.model}@${r.batch}`, median(r.msPerIter));
  const torchMs = new Map<string, number>();
  for (const t of torch?.results ?? []) torchMs.set(`${t.model}@${t.batch}`, t.ms_per_iter);
  return results.map((r) => {
    const key = `${r.model}@${r.batch}`;
    const head = [r.model, implementation(r), r.updates.join(' + '), r.batch];
    if (r.status !== 'ok' || !r.msPerIter.length) return [...head, `failed: ${r.status.replace(/\|/g, '/')}`, '', '', '', '', '', '', ''];
    const m = median(r.msPerIter);
    const range = r.msPerIter.length > 1 ? ` (${ms(Math.min(...r.msPerIter))}–${ms(Math.max(...r.msPerIter))})` : '';
    const stock = stockMs.get(key);
    const speedUp = r.impl === 'tensorloom' && stock !== undefined ? ratio(stock / m) : '—';
    const t = torchMs.get(key);
    const torchCell = t !== undefined ? ms(t) : torch === undefined && hasTwin(r.model) ? 'run on the GPU machine' : '—';
    const slower = t !== undefined ? ratio(m / t) : '—';
    return [
      ...head,
      `${ms(m)}${range}`,
      rate(imagesPerSecond(r.batch, m)),
      speedUp,
      torchCell,
      slower,
      r.last?.gpuAllocated === undefined ? '—' : `${mib(r.warm?.gpuAllocated)} → ${mib(r.last.gpuAllocated)}`,
      warmToLast(r.warm?.tensors, r.last?.tensors, String),
      warmToLast(r.warm?.tensorBytes, r.last?.tensorBytes, (x) => (x / MiB).toFixed(2)),
    ];
  });
}
