// The product's fused WebGPU kernels (Adam, BatchNorm, BCE on logits, ReLU/LeakyReLU gradients) against
// stock tfjs, in one process: `setFusedKernels(false)` sends every op down tfjs's own path.
//
//   npm run bench -- fused [--templates ID,ID|all] [--train ID,ID|all|none] [--batch 16]
//                          [--count-batch 2] [--iterations 10] [--repeats 5] [--data public/data]
//
// Three measurements; timed variants take turns rep by rep, so that the machine's load hits both alike.
// - "programs per iteration" (every template): programs dispatched and GPU buffers created (each
//   uploaded scalar costs one) over one training iteration at --count-batch, after a warm-up
//   iteration, without and with the fused kernels. Counts hardly depend on the batch size.
// - "iteration" (--train; default gan-2d and vae-mlp on SwiftShader, where a convolutional
//   iteration at batch 16 takes minutes, every template on a GPU): whole training iterations at
//   --batch (`train(session, { steps: N, metricsEvery: N })`, as in `npm run bench -- steps`).
// - "Adam update" (every template): one applyGradients of every optimizer over all its variables,
//   on fixed gradients already on the device.
// JS ms: from the start of a rep to the last program issued, per unit (the JavaScript thread's part,
// which a faster GPU cannot shorten); wall ms: until the result is read back, per unit.
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { applyOverrides } from '../src/graph/overrides';
import { selectNodeBackend } from '../src/runtime/backend-node';
import { loadDataset } from '../src/runtime/datasets/node';
import { createSession, disposeSession, type Session } from '../src/runtime/session';
import { setFusedKernels } from '../src/runtime/fused-switch';
import { train } from '../src/runtime/trainer';
import { TEMPLATES } from '../templates';
import { runIfEntry } from './entry';
import { deviceLine, isSlowDevice, median, table } from './table';

type Variant = 'stock' | 'fused';
const VARIANTS: Variant[] = ['stock', 'fused'];
const UPDATE_REPEATS = 10;

interface Counts {
  programs: number;
  buffers: number;
}

/**
 * Watches the webgpu backend: programs dispatched, GPU buffers created, and when the last program
 * was issued (the JavaScript thread's share of a timed call ends there; the rest is waiting).
 */
function watchBackend() {
  const backend = tf.backend() as unknown as { runWebGPUProgram: (...a: unknown[]) => unknown; device: { createBuffer: (...a: unknown[]) => unknown } };
  const run = backend.runWebGPUProgram;
  const create = backend.device.createBuffer;
  const seen = { programs: 0, buffers: 0, lastIssue: 0 };
  backend.runWebGPUProgram = function (this: unknown, ...a: unknown[]) {
    seen.programs++;
    const out = run.apply(this, a);
    seen.lastIssue = performance.now();
    return out;
  };
  backend.device.createBuffer = function (this: unknown, ...a: unknown[]) {
    seen.buffers++;
    return create.apply(this, a);
  };
  return {
    async count(work: () => Promise<void>): Promise<Counts> {
      const [p, b] = [seen.programs, seen.buffers];
      await work();
      return { programs: seen.programs - p, buffers: seen.buffers - b };
    },
    /** ms per unit of `work` (which does `units` units): [issue, total] */
    async time(work: () => Promise<void>, units: number): Promise<[number, number]> {
      const t0 = performance.now();
      await work();
      return [(seen.lastIssue - t0) / units, (performance.now() - t0) / units];
    },
  };
}
type Watch = ReturnType<typeof watchBackend>;

interface Measured {
  counts: Counts;
  /** JavaScript-thread ms per unit, until the last program was issued */
  issue: number;
  /** wall ms per unit, until the result was read back */
  total: number;
}
type Pair = Record<Variant, Measured>;

/** What one unit of work (`one`) dispatches with each variant, after a warm-up unit. */
async function countEach(w: Watch, one: () => Promise<void>): Promise<Record<Variant, Counts>> {
  const counts = {} as Record<Variant, Counts>;
  for (const v of VARIANTS) {
    setFusedKernels(v === 'fused');
    await one(); // the shaders are compiled, the optimizers' moments made
    counts[v] = await w.count(one);
  }
  setFusedKernels(true);
  return counts;
}

/**
 * Counts one unit (`one`) of each variant, then times `rep` (which does `units` units of work) for
 * each variant in turn, rep by rep.
 */
async function compare(w: Watch, reps: number, units: number, rep: () => Promise<void>, one: () => Promise<void>): Promise<Pair> {
  const counts = await countEach(w, one);
  const times: Record<Variant, [number, number][]> = { stock: [], fused: [] };
  for (let r = 0; r < reps; r++) {
    for (const v of VARIANTS) {
      setFusedKernels(v === 'fused');
      times[v].push(await w.time(rep, units));
    }
  }
  setFusedKernels(true);
  const of = (v: Variant): Measured => ({ counts: counts[v], issue: median(times[v].map((t) => t[0])), total: median(times[v].map((t) => t[1])) });
  return { stock: of('stock'), fused: of('fused') };
}

/** One applyGradients of every optimizer, on fixed gradients already on the device. */
async function measureUpdate(w: Watch, s: Session, reps: number): Promise<Pair> {
  const variables = s.program.updates.flatMap((u) => u.variables);
  const grads = s.program.updates.map((u) => Object.fromEntries(u.variables.map((v) => [v.name, tf.randomNormal(v.shape, 0, 1e-3)])) as tf.NamedTensorMap);
  const last = variables[variables.length - 1]!;
  const once = () => s.program.updates.forEach((u, i) => u.optimizer.applyGradients(grads[i]! as Parameters<tf.Optimizer['applyGradients']>[0]));
  const rep = async () => {
    for (let r = 0; r < UPDATE_REPEATS; r++) once();
    await last.data();
  };
  const out = await compare(w, reps, UPDATE_REPEATS, rep, async () => {
    once();
    await last.data();
  });
  tf.dispose(grads.flatMap((g) => Object.values(g)));
  return out;
}

/** Whole training iterations, N per call, losses read back once at the end (as the trainer does). */
async function measureIterations(w: Watch, s: Session, iterations: number, reps: number): Promise<Pair> {
  return compare(
    w,
    reps,
    iterations,
    async () => void (await train(s, { steps: iterations, metricsEvery: iterations })),
    async () => void (await train(s, { steps: 1, metricsEvery: 1 })),
  );
}

function listOf(value: string, all: string[]): string[] {
  if (value === 'all') return all;
  if (value === 'none') return [];
  const ids = value.split(',').map((x) => x.trim());
  for (const id of ids) if (!all.includes(id)) throw new Error(`unknown template "${id}"; known: ${all.join(', ')}`);
  return ids;
}

interface Row {
  template: string;
  parameters: number;
  programs: Record<Variant, Counts>;
  iteration?: Pair;
  update: Pair;
}

export async function benchFused(): Promise<string> {
  const { values: a } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    strict: false,
    options: {
      templates: { type: 'string', default: 'all' },
      train: { type: 'string' },
      batch: { type: 'string', default: '16' },
      'count-batch': { type: 'string', default: '2' },
      iterations: { type: 'string', default: '10' },
      repeats: { type: 'string', default: '5' },
      data: { type: 'string' },
    },
  });
  const title = 'Fused WebGPU kernels against stock tfjs';
  let choice;
  try {
    choice = await selectNodeBackend(tf, 'webgpu');
  } catch (err) {
    return `### ${title}\n\nskipped: ${err instanceof Error ? err.message : String(err)}\n`;
  }
  const ids = TEMPLATES.map((t) => t.id);
  const slow = isSlowDevice(choice.name, choice.device);
  const templates = listOf(String(a.templates), ids);
  const trained = listOf(String(a.train ?? (slow ? 'gan-2d,vae-mlp' : 'all')), ids);
  const batch = Number(a.batch);
  const countBatch = Number(a['count-batch']);
  const iterations = Number(a.iterations);
  const reps = Number(a.repeats);
  const session = (id: string, batchSize: number) =>
    createSession(tf, applyOverrides(TEMPLATES.find((t) => t.id === id)!.doc, { batchSize }).doc, {
      seed: 1,
      loadDataset: (k) => loadDataset(k, a.data as string | undefined),
    });
  const w = watchBackend();
  const rows: Row[] = [];
  for (const id of templates) {
    process.stderr.write(`fused: ${id}\n`);
    const small = await session(id, countBatch);
    const programs = await countEach(w, async () => void (await train(small, { steps: 1, metricsEvery: 1 })));
    disposeSession(small);
    const s = await session(id, batch);
    const variables = s.program.updates.flatMap((u) => u.variables);
    const row: Row = { template: id, parameters: variables.reduce((n, v) => n + v.size, 0), programs, update: await measureUpdate(w, s, reps) };
    if (trained.includes(id)) row.iteration = await measureIterations(w, s, iterations, reps);
    disposeSession(s);
    rows.push(row);
  }
  const arrow = (x: number, y: number, digits = 0) => `${x.toFixed(digits)} → ${y.toFixed(digits)}`;
  const counts = (c: Record<Variant, Counts>) => [arrow(c.stock.programs, c.fused.programs), arrow(c.stock.buffers, c.fused.buffers)];
  const times = (m: Pair) => [
    arrow(m.stock.issue, m.fused.issue, 2),
    arrow(m.stock.total, m.fused.total, 2),
    `${(m.stock.issue / m.fused.issue).toFixed(2)}× / ${(m.stock.total / m.fused.total).toFixed(2)}×`,
  ];
  const device = deviceLine(`tfjs webgpu backend on ${choice.device}`);
  // `npm run bench -- fused ARGS` runs bench/run.ts; the GPU machine runs the bundle itself
  const viaRunner = /run\.ts$/.test(process.argv[1] ?? '');
  const command = viaRunner
    ? `npm run bench -- fused ${process.argv.slice(3).join(' ')}`.trim()
    : `node ${path.relative(process.cwd(), process.argv[1] ?? 'fused.mjs')} ${process.argv.slice(2).join(' ')}`.trim();
  const meta = { device, command };
  const timed = rows.filter((r) => r.iteration);
  return [
    table(`${title}: programs per training iteration (batch ${countBatch})`, ['template', 'parameters', 'programs', 'GPU buffers made'], rows.map((r) => [r.template, r.parameters, ...counts(r.programs)]), meta),
    'Each cell: stock tfjs → fused kernels. Counted over one iteration after a warm-up iteration.\n',
    timed.length
      ? table(`${title}: ms per training iteration (batch ${batch}, median of ${reps} reps of ${iterations} iterations)`, ['template', 'JS ms', 'wall ms', 'speed-up JS / wall'], timed.map((r) => [r.template, ...times(r.iteration!)]), meta)
      : '',
    table(
      `${title}: one Adam update of every optimizer (median of ${reps} reps of ${UPDATE_REPEATS} updates)`,
      ['template', 'parameters', 'programs', 'GPU buffers made', 'JS ms', 'wall ms', 'speed-up JS / wall'],
      rows.map((r) => [r.template, r.parameters, ...counts({ stock: r.update.stock.counts, fused: r.update.fused.counts }), ...times(r.update)]),
      meta,
    ),
    'JS ms: from the start of a rep to the last program issued, per unit (the part a faster GPU cannot shorten); wall ms: until the result is read back.\n',
  ].join('\n');
}

runIfEntry(import.meta.url, async () => void process.stdout.write(`${await benchFused()}\n`));
