// Training speed per template (a benchmark, never a test): ms per iteration and images/s at several
// batch sizes, on the product's own runtime (the path `tensorloom train` takes: selectNodeBackend,
// applyOverrides for the batch size, createSession, the trainer's `train`), beside the same DCGAN
// hand-written in stock tfjs (bench/reference-dcgan.ts) and, from a JSON file, the PyTorch twin.
//
//   npm run bench -- steps [--templates ID,ID|all] [--batches 16,64,256] [--backend webgpu|wasm|cpu]
//                          [--iterations 20] [--warmup 2] [--repeats 5] [--stock both|template|reference|none]
//                          [--torch FILE.json] [--data public/data] [--seed 1] [--timeout 900] [--out FILE.md]
//                          [--save FILE.jsonl] [--quick | --full]
//   npm run bench -- steps --from FILE.jsonl [--torch FILE.json] [--out FILE.md]
// --save appends each case's result as one JSON line as soon as it is measured; --from prints the
// table of saved results without measuring anything (a long grid can run in pieces, one per batch
// size say, and still make one table).
//
// What is timed. Each case (one template at one batch size, or one stock step) runs in its own child
// process, so that the GPU memory figures belong to that case alone. In it: the session is built,
// W warm-up iterations run (shader compilation, buffer pool growth), then K repeats of one call
// `train(session, { steps: N, metricsEvery: N })`: N iterations whose losses stay on the device and
// are read back once, in one batch, at the end of the call (as the trainer does every metricsEvery
// iterations; that read-back waits for the GPU, so the work of all N iterations is inside the time).
// ms/iteration = wall time of the call / N; the table gives the median over the K repeats (and the
// range). The stock step is timed the same way: N steps, then its 2N losses stacked and read back once.
// One iteration runs every update of the template once (a GAN: one D update, then one G update;
// VAE-GAN: encoder, decoder and D updates); images/s = batch / (seconds per iteration), where batch is
// the batch size of the data node (every node with a batchSize param is set to it, like --batch-size
// of `tensorloom train`), counted once per iteration.
//
// Memory. After the warm-up and after the last repeat: the engine's tensor count and tensor bytes
// (these must stay flat over a run), and on WebGPU the bytes the tfjs buffer pool has created
// (`tf.memory().numBytesAllocatedInGPU`; the pool keeps freed buffers for reuse and never gives them
// back, so at the end of the case this is its high-water mark: the peak GPU memory of the case).
//
// --quick (the default when the adapter is SwiftShader, or on the CPU backend; --full turns it off):
// gan-2d and vae-mlp, batch 16, 1 warm-up, 1 repeat of 3 iterations; with --templates dcgan, the
// stock step with the template's layers too. Flags given explicitly always win; the table's title
// and notes say what ran. (On SwiftShader one DCGAN iteration at batch 16 takes about two minutes
// on a loaded 2-core machine, so the convolutional templates are there only when asked for.)
//
// PyTorch column (--torch FILE): the JSON written by bench/torch-steps.py on the GPU machine:
//   { "device": "...", "torch": "2.x", "date": "YYYY-MM-DD", "command": "...",
//     "results": [ { "model": "dcgan" | "dcgan-reference", "batch": 64, "ms_per_iter": 6.3,
//                    "img_per_s": 10158, "peak_bytes": 123456789 }, ... ] }
// "dcgan" rows are the twin of templates/dcgan.json's layers, "dcgan-reference" the layers of
// ../shared/gpu/reference/dcgan_torch.py; a row fills the column of the table rows with the same
// model and batch. Without --torch the column says "run on the GPU machine".
//
// On the GPU machine (no Node.js there; everything travels in .gpu/):
//   here:   ../shared/gpu/pack.sh --copy public/data/mnist-train.bin bench/steps.ts
//   there, from the checkout root:
//           source .gpu/env.sh
//           python3 bench/torch-steps.py --batches 16,64,256 --out runs/torch-steps.json
//           node .gpu/steps.mjs --full --data .gpu/files --torch runs/torch-steps.json --out runs/steps.md
//   or in pieces (one command per batch size, where a command's time is limited), then one table:
//           node .gpu/steps.mjs --full --batches 16 --data .gpu/files --save runs/steps.jsonl
//           node .gpu/steps.mjs --full --batches 64 --data .gpu/files --save runs/steps.jsonl
//           node .gpu/steps.mjs --full --batches 256 --data .gpu/files --save runs/steps.jsonl
//           node .gpu/steps.mjs --from runs/steps.jsonl --torch runs/torch-steps.json --out runs/steps.md
//   (the bundle finds its data only through --data; the templates and the stock step are inside it.
//    `--templates dcgan --batches 64` for a single row.)
import { spawn } from 'node:child_process';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { applyOverrides } from '../src/graph/overrides';
import { renderIssue } from '../src/messages';
import { selectNodeBackend, type NodeBackendName } from '../src/runtime/backend-node';
import { loadDataset } from '../src/runtime/datasets/node';
import { createSession, disposeSession } from '../src/runtime/session';
import { train } from '../src/runtime/trainer';
import { TEMPLATES } from '../templates';
import { STOCK_ARCHS, stockDcgan, type StockArch } from './reference-dcgan';
import { runIfEntry } from './entry';
import { deviceLine, isSlowDevice, median, table } from './table';

// ---------------------------------------------------------------- settings (pure)

export interface StepsSettings {
  templates: string[];
  batches: number[];
  backend: NodeBackendName;
  iterations: number;
  warmup: number;
  repeats: number;
  stock: StockArch[];
  torch?: string;
  data: string;
  seed: number;
  /** seconds per case before its process is killed */
  timeout: number;
  out?: string;
  save?: string;
  from?: string;
  /** 'quick' or 'full' defaults; null: decide from the adapter (quick on SwiftShader or the CPU) */
  mode: 'quick' | 'full' | null;
  /** the flags given on the command line (they win over the mode's defaults) */
  given: ReadonlySet<string>;
  /** the arguments as given, for the table's command line */
  argv: string[];
}

const FULL = { templates: TEMPLATES.map((t) => t.id), batches: [16, 64, 256], iterations: 20, warmup: 2, repeats: 5, stock: [...STOCK_ARCHS] };
const QUICK = { templates: ['gan-2d', 'vae-mlp'], batches: [16], iterations: 3, warmup: 1, repeats: 1, stock: ['template'] as StockArch[] };

export const USAGE = `usage: npm run bench -- steps [--templates ID,ID|all] [--batches 16,64,256] [--backend webgpu|wasm|cpu]
         [--iterations N] [--warmup W] [--repeats K] [--stock both|template|reference|none]
         [--torch FILE.json] [--data DIR] [--seed S] [--timeout SECONDS] [--out FILE.md] [--save FILE.jsonl]
         [--quick|--full]
       npm run bench -- steps --from FILE.jsonl [--torch FILE.json] [--out FILE.md]`;

function positiveInts(name: string, text: string, min: number): number[] {
  const xs = text.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  if (!xs.length || xs.some((x) => !Number.isInteger(x) || x < min)) throw new Error(`--${name} must be whole numbers >= ${min} separated by commas, got "${text}"`);
  return xs;
}

/** Parses the benchmark's flags (positional arguments, such as the bench name, are ignored). Throws on bad input. */
export function parseStepsArgs(argv: string[]): StepsSettings {
  const { values: v, tokens } = parseArgs({
    args: argv,
    allowPositionals: true,
    tokens: true,
    options: {
      templates: { type: 'string' },
      batches: { type: 'string' },
      backend: { type: 'string', default: 'webgpu' },
      iterations: { type: 'string' },
      warmup: { type: 'string' },
      repeats: { type: 'string' },
      stock: { type: 'string' },
      torch: { type: 'string' },
      data: { type: 'string', default: 'public/data' },
      seed: { type: 'string', default: '1' },
      timeout: { type: 'string', default: '900' },
      out: { type: 'string' },
      save: { type: 'string' },
      from: { type: 'string' },
      quick: { type: 'boolean', default: false },
      full: { type: 'boolean', default: false },
      case: { type: 'string' },
    },
  });
  const given = new Set(tokens.filter((t) => t.kind === 'option').map((t) => (t as { name: string }).name));
  if (v.quick && v.full) throw new Error('--quick and --full exclude each other');
  if (v.backend !== 'webgpu' && v.backend !== 'wasm' && v.backend !== 'cpu') throw new Error(`--backend must be webgpu, wasm or cpu, got "${v.backend}"`);
  const mode = v.quick ? 'quick' : v.full ? 'full' : null;
  const d = mode === 'quick' ? QUICK : FULL;
  let templates = d.templates;
  if (v.templates !== undefined && v.templates !== 'all') {
    templates = v.templates.split(',').map((s) => s.trim()).filter(Boolean);
    const unknown = templates.find((id) => !TEMPLATES.some((t) => t.id === id));
    if (unknown || !templates.length) throw new Error(`unknown template "${unknown ?? ''}"; known: ${TEMPLATES.map((t) => t.id).join(', ')}`);
  } else if (v.templates === 'all') templates = FULL.templates;
  let stock = d.stock;
  if (v.stock !== undefined) {
    const s = v.stock;
    if (s === 'both') stock = [...STOCK_ARCHS];
    else if (s === 'none') stock = [];
    else if (s === 'template' || s === 'reference') stock = [s];
    else throw new Error(`--stock must be both, template, reference or none, got "${s}"`);
  }
  const one = (name: string, text: string | undefined, fallback: number, min: number) => (text === undefined ? fallback : positiveInts(name, text, min)[0]!);
  return {
    templates,
    batches: v.batches === undefined ? d.batches : positiveInts('batches', v.batches, 1),
    backend: v.backend,
    iterations: one('iterations', v.iterations, d.iterations, 1),
    warmup: one('warmup', v.warmup, d.warmup, 0),
    repeats: one('repeats', v.repeats, d.repeats, 1),
    stock,
    torch: v.torch,
    data: v.data,
    seed: one('seed', v.seed, 1, 0),
    timeout: one('timeout', v.timeout, 900, 1),
    out: v.out,
    save: v.save,
    from: v.from,
    mode,
    given,
    argv: argv.filter((a) => a !== 'steps'),
  };
}

/** The quick defaults where the flags left them open (used when the adapter turns out to be SwiftShader). */
export function withQuickDefaults(s: StepsSettings): StepsSettings {
  const pick = <T>(flag: string, mine: T, quick: T) => (s.given.has(flag) ? mine : quick);
  return {
    ...s,
    mode: 'quick',
    templates: pick('templates', s.templates, QUICK.templates),
    batches: pick('batches', s.batches, QUICK.batches),
    iterations: pick('iterations', s.iterations, QUICK.iterations),
    warmup: pick('warmup', s.warmup, QUICK.warmup),
    repeats: pick('repeats', s.repeats, QUICK.repeats),
    stock: pick('stock', s.stock, QUICK.stock),
  };
}

/** Quick settings suit a software rasteriser or the CPU backend, where a DCGAN iteration takes minutes. */

// ---------------------------------------------------------------- one case (child process)

/** What one child process measures and sends back. */
export interface CaseResult {
  /** the template id, or 'dcgan' / 'dcgan-reference' for the stock step */
  model: string;
  impl: 'tensorloom' | 'stock';
  batch: number;
  /** the updates of one iteration, in order */
  updates: string[];
  status: 'ok' | string;
  /** the adapter (or 'CPU (JavaScript)') and the machine, as the table's device line gives them */
  device: string;
  host?: string;
  /** warm-up, iterations and repeats of this case */
  settings?: string;
  /** ms per iteration of each repeat */
  msPerIter: number[];
  warm?: MemoryFigures;
  last?: MemoryFigures;
  /** trainable parameters of each model of the template */
  parameters?: Record<string, number>;
}

export interface MemoryFigures {
  tensors: number;
  tensorBytes: number;
  /** WebGPU only: bytes the tfjs buffer pool has created (its high-water mark) and bytes in use */
  gpuAllocated?: number;
  gpuInUse?: number;
}

export type CaseSpec = { kind: 'template'; id: string; batch: number } | { kind: 'stock'; arch: StockArch; batch: number };
export type CaseSettings = Pick<StepsSettings, 'backend' | 'iterations' | 'warmup' | 'repeats' | 'data' | 'seed'>;

const RESULT_MARK = '@@steps-result ';

export function stockModelName(arch: StockArch): string {
  return arch === 'template' ? 'dcgan' : 'dcgan-reference';
}

function memoryNow(): MemoryFigures {
  const m = tf.memory() as tf.MemoryInfo & { numBytesAllocatedInGPU?: number; numBytesInGPU?: number };
  return { tensors: m.numTensors, tensorBytes: m.numBytes, gpuAllocated: m.numBytesAllocatedInGPU, gpuInUse: m.numBytesInGPU };
}

async function runCase(spec: CaseSpec, s: CaseSettings): Promise<CaseResult> {
  const choice = await selectNodeBackend(tf, s.backend);
  let runIterations: (n: number) => Promise<void>;
  let dispose: () => void;
  let updates: string[];
  let model: string;
  let parameters: Record<string, number> | undefined;
  if (spec.kind === 'template') {
    const t = TEMPLATES.find((x) => x.id === spec.id);
    if (!t) throw new Error(`unknown template ${spec.id}`);
    const { doc, problems } = applyOverrides(t.doc, { batchSize: spec.batch });
    if (problems.length) throw new Error(problems.map(renderIssue).join('; '));
    const session = await createSession(tf, doc, { seed: s.seed, loadDataset: (k) => loadDataset(k, s.data) });
    model = spec.id;
    updates = session.program.updates.map((u) => (u.repeats > 1 ? `${u.name}×${u.repeats}` : u.name));
    runIterations = async (n) => {
      // one call of the product's training loop: n iterations, one loss read-back at the end
      const r = await train(session, { steps: n, metricsEvery: n });
      if (r.status !== 'done') throw new Error(r.status === 'nonFinite' ? renderIssue(r.issue) : `training ${r.status}`);
    };
    dispose = () => disposeSession(session);
    parameters = Object.fromEntries(Object.entries(session.models).map(([id, m]) => [id, m.trainableWeights.reduce((n, w) => n + w.shape.reduce<number>((a, b) => a * (b ?? 1), 1), 0)]));
  } else {
    const m = stockDcgan(tf, spec.arch, spec.batch);
    model = stockModelName(spec.arch);
    updates = ['D', 'G'];
    runIterations = async (n) => {
      const losses: tf.Scalar[] = [];
      for (let i = 0; i < n; i++) losses.push(...m.step());
      const stacked = tf.stack(losses);
      await stacked.data();
      stacked.dispose();
      tf.dispose(losses);
    };
    dispose = () => m.dispose();
  }
  const result: CaseResult = {
    model,
    impl: spec.kind === 'template' ? 'tensorloom' : 'stock',
    batch: spec.batch,
    updates,
    status: 'ok',
    device: choice.device,
    host: deviceLine(`tfjs ${choice.name} backend on ${choice.device}`),
    settings: settingsText(s),
    msPerIter: [],
    ...(parameters ? { parameters } : {}),
  };
  try {
    if (s.warmup > 0) await runIterations(s.warmup);
    result.warm = memoryNow();
    for (let k = 0; k < s.repeats; k++) {
      const a = performance.now();
      await runIterations(s.iterations);
      result.msPerIter.push((performance.now() - a) / s.iterations);
      process.stderr.write(`  ${model} (${result.impl}) batch ${spec.batch}: repeat ${k + 1}/${s.repeats} ${result.msPerIter.at(-1)!.toFixed(1)} ms/iteration\n`);
    }
    result.last = memoryNow();
  } catch (err) {
    result.status = err instanceof Error ? err.message.split('\n')[0]! : String(err);
  }
  dispose();
  return result;
}

// ---------------------------------------------------------------- table rows (pure)

export interface TorchResults {
  device?: string;
  torch?: string;
  date?: string;
  command?: string;
  results: { model: string; batch: number; ms_per_iter: number; img_per_s?: number; peak_bytes?: number }[];
}

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

/** One markdown row per case; stock rows (same model and batch) give the speed-up, the PyTorch file the last columns. */
export function tableRows(results: CaseResult[], torch: TorchResults | undefined): (string | number)[][] {
  const stockMs = new Map<string, number>();
  for (const r of results) if (r.impl === 'stock' && r.status === 'ok') stockMs.set(`${r.model}@${r.batch}`, median(r.msPerIter));
  const torchMs = new Map<string, number>();
  for (const t of torch?.results ?? []) torchMs.set(`${t.model}@${t.batch}`, t.ms_per_iter);
  const hasTwin = (model: string) => model === 'dcgan' || model === 'dcgan-reference';
  return results.map((r) => {
    const key = `${r.model}@${r.batch}`;
    const impl = r.impl === 'tensorloom' ? 'Tensorloom template' : r.model === 'dcgan' ? 'stock tfjs, hand-written (template layers)' : 'stock tfjs, hand-written (reference/dcgan_tfjs.mjs)';
    const head = [r.model, impl, r.updates.join(' + '), r.batch];
    if (r.status !== 'ok' || !r.msPerIter.length) return [...head, `failed: ${r.status.replace(/\|/g, '/')}`, '', '', '', '', '', '', ''];
    const m = median(r.msPerIter);
    const range = r.msPerIter.length > 1 ? ` (${ms(Math.min(...r.msPerIter))}–${ms(Math.max(...r.msPerIter))})` : '';
    const stock = stockMs.get(key);
    const speedUp = r.impl === 'tensorloom' && stock !== undefined ? ratio(stock / m) : '—';
    const t = torchMs.get(key);
    const torchCell = t !== undefined ? ms(t) : torch === undefined && hasTwin(r.model) ? 'run on the GPU machine' : '—';
    const slower = t !== undefined ? ratio(m / t) : '—';
    const flat = (a: number | undefined, b: number | undefined, f: (x: number) => string) => (a === undefined || b === undefined ? '—' : `${f(a)} → ${f(b)}`);
    return [
      ...head,
      `${ms(m)}${range}`,
      rate(imagesPerSecond(r.batch, m)),
      speedUp,
      torchCell,
      slower,
      r.last?.gpuAllocated === undefined ? '—' : `${mib(r.warm?.gpuAllocated)} → ${mib(r.last.gpuAllocated)}`,
      flat(r.warm?.tensors, r.last?.tensors, String),
      flat(r.warm?.tensorBytes, r.last?.tensorBytes, (x) => (x / MiB).toFixed(2)),
    ];
  });
}

// ---------------------------------------------------------------- the benchmark (parent process)

export function settingsText(s: Pick<StepsSettings, 'warmup' | 'repeats' | 'iterations'>): string {
  return `${s.warmup} warm-up iteration(s), then the median of ${s.repeats} repeat(s) of ${s.iterations} iterations with one loss read-back each`;
}

const here = fileURLToPath(import.meta.url);
const bundled = here.endsWith('.mjs');

/** One case in a child process of its own (killed after `s.timeout` seconds). */
export function runChild(spec: CaseSpec, s: CaseSettings & { timeout: number }): Promise<CaseResult> {
  const settings: CaseSettings = { backend: s.backend, iterations: s.iterations, warmup: s.warmup, repeats: s.repeats, data: s.data, seed: s.seed };
  const payload = JSON.stringify({ spec, settings });
  const model = spec.kind === 'template' ? spec.id : stockModelName(spec.arch);
  const failed = (status: string): CaseResult => ({ model, impl: spec.kind === 'template' ? 'tensorloom' : 'stock', batch: spec.batch, updates: [], status, device: '', msPerIter: [] });
  return new Promise((resolve) => {
    // under tsx, execArgv holds its loader; in the bundle it is empty
    const child = spawn(process.execPath, [...process.execArgv, here, '--case', payload], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), s.timeout * 1000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = out.split('\n').find((l) => l.startsWith(RESULT_MARK));
      if (line) resolve(JSON.parse(line.slice(RESULT_MARK.length)) as CaseResult);
      else resolve(failed(signal === 'SIGKILL' ? `killed after ${s.timeout} s (--timeout)` : `process ended (${signal ?? `exit ${code}`})`));
    });
  });
}

function commandLine(s: StepsSettings): string {
  const args = s.argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a}'`)).join(' ');
  return bundled ? `node ${path.relative(process.cwd(), here)}${args ? ` ${args}` : ''}` : `npm run bench -- steps${args ? ` ${args}` : ''}`;
}

export async function benchSteps(argv: string[] = process.argv.slice(2)): Promise<string> {
  // the CPU comparison (tfjs cpu, wasm, PyTorch, interleaved) has a module of its own
  if (argv.includes('--compare')) return (await import('./steps-cpu')).benchStepsCpu(argv);
  const title = 'Training speed per template: ms per iteration and images/s';
  let s: StepsSettings;
  let torch: TorchResults | undefined;
  try {
    s = parseStepsArgs(argv);
    if (s.torch) torch = JSON.parse(await readFile(s.torch, 'utf8')) as TorchResults;
  } catch (err) {
    return `### ${title}\n\nnot run: ${err instanceof Error ? err.message : String(err)}\n\n${USAGE}\n`;
  }
  const torchNote = torch
    ? `PyTorch column: ${torch.device ?? 'unknown device'}${torch.torch ? `, torch ${torch.torch}` : ''}${torch.date ? `, ${torch.date}` : ''}${torch.command ? `, \`${torch.command}\`` : ''}.`
    : 'PyTorch column: run bench/torch-steps.py on the GPU machine and pass its JSON with --torch.';
  const common = [
    'One iteration = every update of the graph once (GAN: one D and one G update); images/s = batch / seconds per iteration.',
    '"GPU pool" = bytes the tfjs WebGPU buffer pool has created in that case\'s process; it never shrinks, so its last figure is the peak. Tensors, tensor MiB and the pool should stay flat from the warm-up to the last repeat.',
  ];
  const finish = async (md: string) => {
    if (s.out) {
      await mkdir(path.dirname(path.resolve(s.out)), { recursive: true });
      await appendFile(s.out, `${md}\n`);
    }
    return md;
  };

  if (s.from) {
    const results = (await readFile(s.from, 'utf8')).split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as CaseResult);
    const hosts = [...new Set(results.map((r) => r.host ?? r.device))];
    const runs = [...new Set(results.map((r) => r.settings).filter(Boolean))];
    const notes = [`Settings: ${runs.join('; ') || 'not recorded'}.`, ...common, torchNote];
    return finish(
      table(title, HEADER, tableRows(results, torch), { device: hosts.join('; '), command: commandLine(s) }) + `\n${notes.join('  \n')}\n`,
    );
  }

  let choice;
  try {
    choice = await selectNodeBackend(tf, s.backend);
  } catch (err) {
    return `### ${title}\n\nskipped: ${err instanceof Error ? err.message : String(err)}\n`;
  }
  const slow = isSlowDevice(choice.name, choice.device);
  if (s.mode === 'quick' || (s.mode === null && slow)) s = withQuickDefaults(s);
  else s = { ...s, mode: 'full' };

  const cases: CaseSpec[] = [];
  for (const batch of s.batches) {
    for (const id of s.templates) cases.push({ kind: 'template', id, batch });
    if (s.templates.includes('dcgan') || s.given.has('stock')) for (const arch of s.stock) cases.push({ kind: 'stock', arch, batch });
  }
  process.stderr.write(`steps: ${cases.length} cases on ${choice.name} (${choice.device}), ${s.mode} settings\n`);
  const results: CaseResult[] = [];
  for (const c of cases) {
    process.stderr.write(`steps: ${c.kind === 'template' ? c.id : `stock ${stockModelName(c.arch)}`} at batch ${c.batch}\n`);
    const r = await runChild(c, s);
    results.push(r);
    if (s.save) {
      await mkdir(path.dirname(path.resolve(s.save)), { recursive: true });
      await appendFile(s.save, `${JSON.stringify(r)}\n`);
    }
  }

  const notes = [
    `Settings: ${s.mode === 'quick' ? `**quick** (${slow ? `chosen because the device is ${choice.device}; --full for the whole grid` : 'asked for'})` : 'full'}; ${settingsText(s)}; seed ${s.seed}.`,
    ...common,
    slow ? `**${choice.name === 'cpu' ? 'the plain-JS CPU backend' : `${choice.device}: WebGPU rendered in software on the CPU`}: these figures say nothing about WebGPU on a GPU.**` : '',
    torchNote,
  ].filter(Boolean);
  const md = table(`${title}${s.mode === 'quick' ? ' (quick settings)' : ''}`, HEADER, tableRows(results, torch), {
    device: deviceLine(`tfjs ${choice.name} backend on ${choice.device}`),
    command: commandLine(s),
  }) + `\n${notes.join('  \n')}\n`;
  return finish(md);
}

// ---------------------------------------------------------------- entry (the child, or the bundle)

async function main(): Promise<void> {
  const at = process.argv.indexOf('--case');
  if (at > 0) {
    const { spec, settings } = JSON.parse(process.argv[at + 1]!) as { spec: CaseSpec; settings: CaseSettings };
    const r = await runCase(spec, settings);
    process.stdout.write(`${RESULT_MARK}${JSON.stringify(r)}\n`);
  } else {
    process.stdout.write(`${await benchSteps()}\n`);
  }
}

runIfEntry(import.meta.url, main);
