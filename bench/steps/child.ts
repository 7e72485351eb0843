// Each case of the speed benchmark runs in a child process of its own, so that its GPU memory
// figures are its alone. The child is the benchmark's entry started again with `--case JSON`; it
// prints its result as one marked line on stdout (anything else there, such as tfjs's banner, is
// ignored).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runCase, stockModelName, type CaseResult } from './case';
import type { CaseSettings, CaseSpec } from './settings';

const RESULT_MARK = '@@steps-result ';

const self = fileURLToPath(import.meta.url);
// in the bundle (../shared/gpu/pack.sh) every module is that one file; under tsx the entry is bench/steps.ts
const entry = self.endsWith('.mjs') ? self : fileURLToPath(new URL('../steps.ts', import.meta.url));

/** One case in a child process of its own (killed after `s.timeout` seconds). */
export function runChild(spec: CaseSpec, s: CaseSettings & { timeout: number }): Promise<CaseResult> {
  const settings: CaseSettings = { backend: s.backend, iterations: s.iterations, warmup: s.warmup, repeats: s.repeats, data: s.data, seed: s.seed };
  const payload = JSON.stringify({ spec, settings });
  const model = spec.kind === 'template' ? spec.id : stockModelName(spec.arch);
  const failed = (status: string): CaseResult => ({ model, impl: spec.kind === 'template' ? 'tensorloom' : 'stock', batch: spec.batch, updates: [], status, device: '', msPerIter: [] });
  return new Promise((resolve) => {
    // under tsx, execArgv holds its loader; in the bundle it is empty
    const child = spawn(process.execPath, [...process.execArgv, entry, '--case', payload], { stdio: ['ignore', 'pipe', 'inherit'] });
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

/** The case the arguments name with `--case JSON`, if any: then this process is a case's child. */
export function caseOfArgv(argv: readonly string[]): { spec: CaseSpec; settings: CaseSettings } | undefined {
  const at = argv.indexOf('--case');
  return at >= 0 && argv[at + 1] !== undefined ? (JSON.parse(argv[at + 1]!) as { spec: CaseSpec; settings: CaseSettings }) : undefined;
}

/** The child's side: measures the case and prints the marked result line for `runChild`. */
export async function serveCase(job: { spec: CaseSpec; settings: CaseSettings }): Promise<void> {
  const r = await runCase(job.spec, job.settings);
  process.stdout.write(`${RESULT_MARK}${JSON.stringify(r)}\n`);
}
