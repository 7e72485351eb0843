// The fused Adam update (src/runtime/fused-adam) against tfjs's own Adam, on the webgpu backend,
// on the variables of each template's session.
//
//   npm run bench -- optimizer [--templates ID,ID|all] [--train ID,ID|all|none] [--batch 16]
//                              [--iterations 10] [--repeats 5] [--data public/data]
//
// Two measurements, each variant timed in turn, rep by rep, so that the machine's load hits both alike:
// - "update": one applyGradients of every optimizer of the template over all its variables, with
//   fixed gradients already on the device; ms per update = (issue + wait for the last weight) / reps
//   in a batch of REPEATS updates. Counted for one update: programs dispatched and GPU buffers created
//   (each uploaded scalar costs one). Cheap even on SwiftShader, so every template runs by default.
// - "iteration": whole training iterations (`train(session, { steps: N, metricsEvery: N })`, as in
//   `npm run bench -- steps`) with the session's optimizers swapped for stock tf.train.adam and back.
//   Default: gan-2d and vae-mlp on SwiftShader (a convolutional iteration takes minutes there),
//   every template on a GPU.
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { applyOverrides } from '../src/graph/overrides';
import { selectNodeBackend } from '../src/runtime/backend-node';
import { loadDataset } from '../src/runtime/datasets/node';
import { fusedAdam } from '../src/runtime/fused-adam/adam';
import { createSession, disposeSession, type Session } from '../src/runtime/session';
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
    seen,
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

/** Gives every update of the session an Adam of the variant, with the same settings. */
function useAdam(s: Session, variant: Variant): void {
  for (const u of s.program.updates) {
    const old = u.optimizer as tf.AdamOptimizer;
    if (old.getClassName() !== 'Adam') continue;
    const c = old.getConfig() as { learningRate: number; beta1: number; beta2: number; epsilon: number };
    old.dispose();
    u.optimizer = variant === 'fused' ? fusedAdam(tf, c.learningRate, c.beta1, c.beta2, c.epsilon) : tf.train.adam(c.learningRate, c.beta1, c.beta2, c.epsilon);
  }
}

interface Measured {
  counts: Counts;
  /** JavaScript-thread ms per unit, until the last program was issued */
  issue: number;
  /** wall ms per unit, until the result was read back */
  total: number;
}
type Pair = Record<Variant, Measured>;

interface Row {
  template: string;
  variables: number;
  parameters: number;
  update: Pair;
  iteration?: Pair;
}

/**
 * Times `rep` (which does `units` units of work) for each variant in turn, rep by rep, after a
 * warm-up rep each; counts what one unit (`one`) dispatches.
 */
async function compare(w: Watch, s: Session, reps: number, units: number, rep: () => Promise<void>, one: () => Promise<void>): Promise<Pair> {
  const counts = {} as Record<Variant, Counts>;
  const times: Record<Variant, [number, number][]> = { stock: [], fused: [] };
  for (const v of VARIANTS) {
    useAdam(s, v);
    await rep(); // the moments are made, the shaders compiled
    counts[v] = await w.count(one);
  }
  for (let r = 0; r < reps; r++) {
    for (const v of VARIANTS) {
      useAdam(s, v);
      await one(); // fresh moments: the first step makes them
      times[v].push(await w.time(rep, units));
    }
  }
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
  const out = await compare(w, s, reps, UPDATE_REPEATS, rep, async () => {
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
    s,
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

export async function benchOptimizer(): Promise<string> {
  const { values: a } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    strict: false,
    options: {
      templates: { type: 'string', default: 'all' },
      train: { type: 'string' },
      batch: { type: 'string', default: '16' },
      iterations: { type: 'string', default: '10' },
      repeats: { type: 'string', default: '5' },
      data: { type: 'string' },
    },
  });
  const title = 'Adam on WebGPU: stock tfjs against the fused update';
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
  const iterations = Number(a.iterations);
  const reps = Number(a.repeats);
  const w = watchBackend();
  const rows: Row[] = [];
  for (const id of templates) {
    process.stderr.write(`optimizer: ${id}\n`);
    const { doc } = applyOverrides(TEMPLATES.find((t) => t.id === id)!.doc, { batchSize: batch });
    const s = await createSession(tf, doc, { seed: 1, loadDataset: (k) => loadDataset(k, a.data as string | undefined) });
    const variables = s.program.updates.flatMap((u) => u.variables);
    const row: Row = {
      template: id,
      variables: variables.length,
      parameters: variables.reduce((n, v) => n + v.size, 0),
      update: await measureUpdate(w, s, reps),
    };
    if (trained.includes(id)) row.iteration = await measureIterations(w, s, iterations, reps);
    disposeSession(s);
    rows.push(row);
  }
  const cells = (m: Pair | undefined): (string | number)[] =>
    m
      ? [
          `${m.stock.counts.programs} → ${m.fused.counts.programs}`,
          `${m.stock.counts.buffers} → ${m.fused.counts.buffers}`,
          `${m.stock.issue.toFixed(2)} → ${m.fused.issue.toFixed(2)}`,
          `${m.stock.total.toFixed(2)} → ${m.fused.total.toFixed(2)}`,
          `${(m.stock.issue / m.fused.issue).toFixed(2)}× / ${(m.stock.total / m.fused.total).toFixed(2)}×`,
        ]
      : ['', '', '', '', ''];
  const header = ['template', 'variables', 'parameters'];
  for (const what of ['update', 'iteration']) {
    header.push(`${what}: programs`, 'buffers made', 'JS ms', 'wall ms', 'speed-up JS / wall');
  }
  const command = `npm run bench -- optimizer ${process.argv.slice(3).join(' ')}`.trim();
  const notes = [
    'Each cell: stock tfjs Adam → fused Adam.',
    `Batch ${batch}; medians of ${reps} reps; an update rep is ${UPDATE_REPEATS} updates of every optimizer of the template, an iteration rep ${iterations} training iterations.`,
    'Programs and buffers made: counted over one update (every optimizer once) and over one whole iteration. JS ms: from the start of a rep to the last program issued, per update or iteration (the part a faster GPU cannot shorten); wall ms: until the result is read back.',
    'Empty iteration cells: not trained (see --train).',
  ];
  return (
    table(title, header, rows.map((r) => [r.template, r.variables, r.parameters, ...cells(r.update), ...cells(r.iteration)]), {
      device: deviceLine(`tfjs webgpu backend on ${choice.device}`),
      command,
    }) + `\n${notes.join('  \n')}\n`
  );
}

runIfEntry(import.meta.url, async () => void process.stdout.write(`${await benchOptimizer()}\n`));
