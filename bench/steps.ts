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
//   npm run bench -- steps --compare cpu,wasm,torch ...   (the CPU comparison: bench/steps-cpu.ts)
// --save appends each case's result as one JSON line as soon as it is measured; --from prints the
// table of saved results without measuring anything (a long grid can run in pieces, one per batch
// size say, and still make one table).
//
// The parts, in bench/steps/: what is timed and the memory figures (case.ts), one child process per
// case (child.ts), the flags and the --quick defaults (settings.ts), the PyTorch JSON (torch.ts),
// the table's cells (speed-table.ts), the saved files (files.ts).
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
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { selectNodeBackend, type BackendChoice } from '../src/runtime/backend-node';
import { runIfEntry } from './entry';
import { deviceLine, isSlowDevice, table } from './table';
import { stockModelName, type CaseResult } from './steps/case';
import { caseOfArgv, runChild, serveCase } from './steps/child';
import { appendLine, readResults, saveResult } from './steps/files';
import { casesOf, parseStepsArgs, settingsText, USAGE, withQuickDefaults, type StepsSettings } from './steps/settings';
import { COLUMN_NOTES, HEADER, tableRows } from './steps/speed-table';
import { readTorchResults, torchNote, type TorchResults } from './steps/torch';

const TITLE = 'Training speed per template: ms per iteration and images/s';

const here = fileURLToPath(import.meta.url);
const bundled = here.endsWith('.mjs');

function commandLine(s: StepsSettings): string {
  const args = s.argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a}'`)).join(' ');
  return bundled ? `node ${path.relative(process.cwd(), here)}${args ? ` ${args}` : ''}` : `npm run bench -- steps${args ? ` ${args}` : ''}`;
}

/** The table of results saved earlier with --save (nothing is measured). */
async function savedTable(s: StepsSettings & { from: string }, torch: TorchResults | undefined): Promise<string> {
  const results = await readResults(s.from);
  const hosts = [...new Set(results.map((r) => r.host ?? r.device))];
  const runs = [...new Set(results.map((r) => r.settings).filter(Boolean))];
  const notes = [`Settings: ${runs.join('; ') || 'not recorded'}.`, ...COLUMN_NOTES, torchNote(torch)];
  return table(TITLE, HEADER, tableRows(results, torch), { device: hosts.join('; '), command: commandLine(s) }) + `\n${notes.join('  \n')}\n`;
}

/** Measures every case the settings ask for on the chosen backend, one child process each, and makes their table. */
async function measuredTable(given: StepsSettings, choice: BackendChoice, torch: TorchResults | undefined): Promise<string> {
  const slow = isSlowDevice(choice.name, choice.device);
  const s = given.mode === 'quick' || (given.mode === null && slow) ? withQuickDefaults(given) : { ...given, mode: 'full' as const };

  const cases = casesOf(s);
  process.stderr.write(`steps: ${cases.length} cases on ${choice.name} (${choice.device}), ${s.mode} settings\n`);
  const results: CaseResult[] = [];
  for (const c of cases) {
    process.stderr.write(`steps: ${c.kind === 'template' ? c.id : `stock ${stockModelName(c.arch)}`} at batch ${c.batch}\n`);
    const r = await runChild(c, s);
    results.push(r);
    if (s.save) await saveResult(s.save, r);
  }

  const notes = [
    `Settings: ${s.mode === 'quick' ? `**quick** (${slow ? `chosen because the device is ${choice.device}; --full for the whole grid` : 'asked for'})` : 'full'}; ${settingsText(s)}; seed ${s.seed}.`,
    ...COLUMN_NOTES,
    slow ? `**${choice.name === 'cpu' ? 'the plain-JS CPU backend' : `${choice.device}: WebGPU rendered in software on the CPU`}: these figures say nothing about WebGPU on a GPU.**` : '',
    torchNote(torch),
  ].filter(Boolean);
  return table(`${TITLE}${s.mode === 'quick' ? ' (quick settings)' : ''}`, HEADER, tableRows(results, torch), {
    device: deviceLine(`tfjs ${choice.name} backend on ${choice.device}`),
    command: commandLine(s),
  }) + `\n${notes.join('  \n')}\n`;
}

export async function benchSteps(argv: string[] = process.argv.slice(2)): Promise<string> {
  // the CPU comparison (tfjs cpu, wasm, PyTorch, interleaved) has a module of its own
  if (argv.includes('--compare')) return (await import('./steps-cpu')).benchStepsCpu(argv);
  let s: StepsSettings;
  let torch: TorchResults | undefined;
  try {
    s = parseStepsArgs(argv);
    if (s.torch) torch = await readTorchResults(s.torch);
  } catch (err) {
    return `### ${TITLE}\n\nnot run: ${err instanceof Error ? err.message : String(err)}\n\n${USAGE}\n`;
  }
  const out = s.out;
  const finish = async (md: string) => {
    if (out) await appendLine(out, md);
    return md;
  };
  if (s.from) return finish(await savedTable({ ...s, from: s.from }, torch));
  let choice: BackendChoice;
  try {
    choice = await selectNodeBackend(tf, s.backend);
  } catch (err) {
    return `### ${TITLE}\n\nskipped: ${err instanceof Error ? err.message : String(err)}\n`;
  }
  return finish(await measuredTable(s, choice, torch));
}

// the benchmark, or (with --case) one case's child process
async function main(): Promise<void> {
  const job = caseOfArgv(process.argv.slice(2));
  if (job) await serveCase(job);
  else process.stdout.write(`${await benchSteps()}\n`);
}

runIfEntry(import.meta.url, main);
