// The speed benchmark's flags and the settings they give (pure: no I/O, no tfjs).
//
// --quick (the default when the adapter is SwiftShader, or on the CPU backend; --full turns it off):
// gan-2d and vae-mlp, batch 16, 1 warm-up, 1 repeat of 3 iterations; with --templates dcgan, the
// stock step with the template's layers too. Flags given explicitly always win; the table's title
// and notes say what ran. (On SwiftShader one DCGAN iteration at batch 16 takes about two minutes
// on a loaded 2-core machine, so the convolutional templates are there only when asked for.)
import { parseArgs } from 'node:util';
import type { NodeBackendName } from '../../src/runtime/backend-node';
import { TEMPLATES } from '../../templates';
import { STOCK_ARCHS, type StockArch } from '../reference-dcgan';

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

/** One case: a template at one batch size, or one stock step. */
export type CaseSpec = { kind: 'template'; id: string; batch: number } | { kind: 'stock'; arch: StockArch; batch: number };

/** What one case's child process needs to know. */
export type CaseSettings = Pick<StepsSettings, 'backend' | 'iterations' | 'warmup' | 'repeats' | 'data' | 'seed'>;

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
      // the child process's flag (./child.ts): known, so that parseArgs does not reject it
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

/**
 * The quick defaults where the flags left them open: they suit a software rasteriser or the CPU
 * backend, where a DCGAN iteration takes minutes.
 */
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

/** The cases the settings ask for, batch by batch; the stock step only beside dcgan or when --stock is given. */
export function casesOf(s: Pick<StepsSettings, 'batches' | 'templates' | 'stock' | 'given'>): CaseSpec[] {
  const cases: CaseSpec[] = [];
  for (const batch of s.batches) {
    for (const id of s.templates) cases.push({ kind: 'template', id, batch });
    if (s.templates.includes('dcgan') || s.given.has('stock')) for (const arch of s.stock) cases.push({ kind: 'stock', arch, batch });
  }
  return cases;
}

export function settingsText(s: Pick<StepsSettings, 'warmup' | 'repeats' | 'iterations'>): string {
  return `${s.warmup} warm-up iteration(s), then the median of ${s.repeats} repeat(s) of ${s.iterations} iterations with one loss read-back each`;
}
