// The CPU comparison of the speed benchmark (`npm run bench -- steps --compare ...`): ms per training
// iteration of each template on tfjs's cpu backend, on wasm (the product's fast CPU path) and in the
// template's PyTorch twin (bench/quality/torch/, timed by bench/torch-steps.py), measured side by
// side on one machine in interleaved rounds (cpu, wasm, torch, cpu, wasm, torch, ...), each case in
// a process of its own; the table gives the median over the rounds, the ratios, the parameter
// counts of both sides (they must be equal: the twin is the template's architecture) and the
// machine's load before and after.
//
//   npm run bench -- steps --compare cpu,wasm,torch [--templates ID,ID|all] [--batches 16,64]
//                          [--rounds 3] [--cpu-rounds 1] [--warmup 1] [--iterations 3] [--cpu-warmup 1] [--cpu-iterations 1]
//                          [--timeout 600] [--python /usr/bin/python3] [--data public/data] [--out FILE.md]
//
// tfjs cpu is slow on the convolutional templates (a minute or more per iteration at batch 64): by
// default it runs one warm-up and one timed iteration, in the first round only. PyTorch runs with OMP_NUM_THREADS = the cores,
// OPENBLAS_NUM_THREADS=1 and OMP_WAIT_POLICY=PASSIVE (Debian's python3-torch, libopenblas0-pthread).
import { spawn } from 'node:child_process';
import { appendFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { TEMPLATES } from '../templates';
import type { CaseResult } from './steps/case';
import { runChild } from './steps/child';
import { deviceLine, median, table } from './table';

export type Contender = 'cpu' | 'wasm' | 'torch';
const CONTENDERS: readonly Contender[] = ['cpu', 'wasm', 'torch'];

export interface CompareSettings {
  contenders: Contender[];
  templates: string[];
  batches: number[];
  rounds: number;
  cpuRounds: number;
  warmup: number;
  iterations: number;
  cpuIterations: number;
  cpuWarmup: number;
  timeout: number;
  python: string;
  data: string;
  out?: string;
  argv: string[];
}

const ints = (name: string, text: string, min: number): number[] => {
  const xs = text.split(',').map((x) => Number(x.trim()));
  if (!xs.length || xs.some((x) => !Number.isInteger(x) || x < min)) throw new Error(`--${name} must be whole numbers >= ${min}, got "${text}"`);
  return xs;
};

export function parseCompareArgs(argv: string[]): CompareSettings {
  const { values: v } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      compare: { type: 'string', default: CONTENDERS.join(',') },
      templates: { type: 'string', default: 'all' },
      batches: { type: 'string', default: '16,64' },
      rounds: { type: 'string', default: '3' },
      'cpu-rounds': { type: 'string', default: '1' },
      warmup: { type: 'string', default: '1' },
      iterations: { type: 'string', default: '3' },
      'cpu-iterations': { type: 'string', default: '1' },
      'cpu-warmup': { type: 'string', default: '1' },
      timeout: { type: 'string', default: '600' },
      python: { type: 'string', default: '/usr/bin/python3' },
      data: { type: 'string', default: 'public/data' },
      out: { type: 'string' },
    },
  });
  const contenders = v.compare.split(',').map((x) => x.trim()) as Contender[];
  const bad = contenders.find((c) => !CONTENDERS.includes(c));
  if (bad) throw new Error(`--compare takes ${CONTENDERS.join(', ')}; got "${bad}"`);
  const templates = v.templates === 'all' ? TEMPLATES.map((t) => t.id) : v.templates.split(',').map((x) => x.trim());
  const unknown = templates.find((id) => !TEMPLATES.some((t) => t.id === id));
  if (unknown) throw new Error(`unknown template "${unknown}"`);
  const one = (name: string, text: string, min: number) => ints(name, text, min)[0]!;
  return {
    contenders, templates, batches: ints('batches', v.batches, 1), rounds: one('rounds', v.rounds, 1), cpuRounds: one('cpu-rounds', v['cpu-rounds'], 0),
    warmup: one('warmup', v.warmup, 0), iterations: one('iterations', v.iterations, 1), cpuIterations: one('cpu-iterations', v['cpu-iterations'], 1),
    cpuWarmup: one('cpu-warmup', v['cpu-warmup'], 0),
    timeout: one('timeout', v.timeout, 1), python: v.python, data: v.data, out: v.out, argv: argv.filter((a) => a !== 'steps'),
  };
}

/** One measured case: ms per iteration (one figure per round it ran in), parameters, what ran it. */
/** the PyTorch cell of a template that has no twin in bench/quality/torch/ (not a failure) */
const NO_TWIN = 'no twin';

interface Measured {
  ms: number[];
  failure?: string;
  parameters?: Record<string, number>;
  device?: string;
}

const TORCH_SCRIPT = fileURLToPath(new URL('./torch-steps.py', import.meta.url));

interface TorchLine {
  model: string;
  batch: number;
  ms_per_iter: number;
  threads: number;
  parameters: Record<string, number>;
}

/** The templates bench/torch-steps.py has a twin of (it says so with --list-twins); [] when PyTorch does not start. */
function torchTwins(python: string): Promise<string[]> {
  return new Promise((resolve) => {
    const child = spawn(python, [TORCH_SCRIPT, '--list-twins'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', () => resolve([]));
    child.on('close', () => {
      try {
        resolve(JSON.parse(out) as string[]);
      } catch {
        resolve([]);
      }
    });
  });
}

function runTorch(model: string, batch: number, s: CompareSettings): Promise<TorchLine | string> {
  const cores = String(os.availableParallelism?.() ?? os.cpus().length);
  const env = { ...process.env, OMP_NUM_THREADS: cores, OPENBLAS_NUM_THREADS: '1', OMP_WAIT_POLICY: 'PASSIVE' };
  const args = [TORCH_SCRIPT, '--models', model, '--batches', String(batch), '--warmup', String(s.warmup), '--iterations', String(s.iterations), '--repeats', '1',
    '--device', 'cpu', '--data', s.data, '--json-lines'];
  return new Promise((resolve) => {
    const child = spawn(s.python, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), s.timeout * 1000);
    child.on('error', (e) => resolve(`PyTorch did not start (${e.message})`));
    child.on('close', (code) => {
      clearTimeout(timer);
      const line = out.split('\n').find((l) => l.startsWith('{'));
      resolve(line ? (JSON.parse(line) as TorchLine) : `PyTorch failed (exit ${code}): ${err.trim().split('\n').at(-1) ?? ''}`);
    });
  });
}

async function measure(c: Contender, id: string, batch: number, s: CompareSettings): Promise<{ ms?: number; failure?: string; parameters?: Record<string, number>; device?: string }> {
  if (c === 'torch') {
    const r = await runTorch(id, batch, s);
    if (typeof r === 'string') return { failure: r };
    return { ms: r.ms_per_iter, parameters: r.parameters, device: `PyTorch on ${r.threads} threads` };
  }
  const iterations = c === 'cpu' ? s.cpuIterations : s.iterations;
  const r: CaseResult = await runChild({ kind: 'template', id, batch }, {
    backend: c, iterations, warmup: c === 'cpu' ? s.cpuWarmup : s.warmup, repeats: 1, data: s.data, seed: 1, timeout: s.timeout,
  });
  if (r.status !== 'ok' || !r.msPerIter.length) return { failure: r.status };
  return { ms: r.msPerIter[0]!, parameters: r.parameters, device: r.device };
}

const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const times = (x: number) => `${x >= 10 ? x.toFixed(0) : x.toFixed(2)}×`;
const total = (p?: Record<string, number>) => (p ? Object.values(p).reduce((a, b) => a + b, 0) : undefined);

export const COMPARE_HEADER = ['template', 'batch', 'tfjs cpu ms', 'wasm ms (median, range)', 'PyTorch ms (median, range)', 'wasm / PyTorch', 'cpu / wasm', 'parameters: tfjs = PyTorch'];

/** The table rows (pure): one per template and batch. */
export function compareRows(results: Map<string, Record<Contender, Measured>>, s: Pick<CompareSettings, 'templates' | 'batches'>): (string | number)[][] {
  const rows: (string | number)[][] = [];
  for (const batch of s.batches) {
    for (const id of s.templates) {
      const r = results.get(`${id}@${batch}`);
      if (!r) continue;
      const cell = (m: Measured, range: boolean) => {
        if (!m.ms.length) return m.failure === NO_TWIN ? 'no twin' : m.failure ? `failed: ${m.failure.replace(/\|/g, '/')}` : '—';
        const mid = median(m.ms);
        return range && m.ms.length > 1 ? `${fmt(mid)} (${fmt(Math.min(...m.ms))}–${fmt(Math.max(...m.ms))})` : fmt(mid);
      };
      const med = (m: Measured) => (m.ms.length ? median(m.ms) : undefined);
      const [cpu, wasm, torch] = [med(r.cpu), med(r.wasm), med(r.torch)];
      const [pt, pp] = [total(r.wasm.parameters ?? r.cpu.parameters), total(r.torch.parameters)];
      const params = pt === undefined || pp === undefined ? '—' : pt === pp ? `${pt.toLocaleString('en')} = ${pp.toLocaleString('en')}` : `**${pt.toLocaleString('en')} ≠ ${pp.toLocaleString('en')}**`;
      rows.push([id, batch, cell(r.cpu, false), cell(r.wasm, true), cell(r.torch, true),
        wasm !== undefined && torch !== undefined ? times(wasm / torch) : '—', cpu !== undefined && wasm !== undefined ? times(cpu / wasm) : '—', params]);
    }
  }
  return rows;
}

const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' / ');

export async function benchStepsCpu(argv: string[]): Promise<string> {
  const title = 'Training speed on the CPU: tfjs cpu, wasm and PyTorch side by side';
  let s: CompareSettings;
  try {
    s = parseCompareArgs(argv);
  } catch (err) {
    return `### ${title}\n\nnot run: ${err instanceof Error ? err.message : String(err)}\n`;
  }
  const twins = s.contenders.includes('torch') ? await torchTwins(s.python) : [];
  const loadBefore = load();
  const results = new Map<string, Record<Contender, Measured>>();
  const devices = new Map<Contender, string>();
  for (let round = 0; round < s.rounds; round++) {
    for (const batch of s.batches) {
      for (const id of s.templates) {
        const key = `${id}@${batch}`;
        const r = results.get(key) ?? { cpu: { ms: [] }, wasm: { ms: [] }, torch: { ms: [] } };
        results.set(key, r);
        for (const c of s.contenders) {
          if (c === 'cpu' && round >= s.cpuRounds) continue;
          if (c === 'torch' && !twins.includes(id)) {
            r.torch.failure ??= NO_TWIN;
            continue;
          }
          // a case that failed or ran out of time once is not tried again
          if (r[c].failure) continue;
          process.stderr.write(`steps --compare: round ${round + 1}/${s.rounds}, ${id} batch ${batch} on ${c}\n`);
          const m = await measure(c, id, batch, s);
          if (m.ms === undefined) r[c].failure = m.failure;
          else r[c].ms.push(m.ms);
          if (m.parameters) r[c].parameters = m.parameters;
          if (m.device) devices.set(c, m.device);
        }
      }
    }
  }
  const loadAfter = load();
  const cmd = `npm run bench -- steps ${s.argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a}'`)).join(' ')}`.trim();
  const device = `${deviceLine()}; ` +
    `${[...devices].map(([c, d]) => `${c}: ${d}`).join('; ')}; load average (1/5/15 min) ${loadBefore} before, ${loadAfter} after`;
  const notes = [
    `Rounds: ${s.rounds} (tfjs cpu in the first ${s.cpuRounds}), contenders interleaved within each round, each case in a fresh process.`,
    `wasm and PyTorch: ${s.warmup} warm-up iteration(s), then ${s.iterations} timed; tfjs cpu: ${s.cpuWarmup} warm-up, ${s.cpuIterations} timed. ms = wall time per iteration, one loss read-back per case.`,
    'One iteration = every update of the template once, in its order (a GAN: one D and one G update), on fresh batches.',
    'PyTorch: its twin in bench/quality/torch/ (same layers, initialisers, optimiser settings, batch), with OMP_NUM_THREADS = the cores, OPENBLAS_NUM_THREADS=1, OMP_WAIT_POLICY=PASSIVE.',
  ];
  const md = `${table(title, COMPARE_HEADER, compareRows(results, s), { device, command: cmd })}\n${notes.join('  \n')}\n`;
  if (s.out) {
    await mkdir(path.dirname(path.resolve(s.out)), { recursive: true });
    await appendFile(s.out, `${md}\n`);
  }
  return md;
}
