// The command line: check, train, sample. Arguments parsed with node:util's parseArgs.
import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { applyOverrides, parseSetting, type ParamSetting } from '../graph/overrides';
import type { GraphDoc } from '../graph/types';
import { issue, renderIssue, type Issue } from '../messages';
import { TensorloomError } from '../runtime/errors';
import { NODE_BACKENDS, type NodeBackendName } from '../runtime/backend-node';
import { runCheck } from './check';
import { parseImagesOption } from './datasets';
import { CliExit, exitAfterDrain, quietOnClosedPipes } from './exit';
import { printDiagnostics, readGraph } from './load-graph';
import { preflight } from './preflight';

const USAGE = `usage:
  tensorloom check GRAPH.json
  tensorloom train GRAPH.json --steps N --out DIR [--backend auto|webgpu|wasm|cpu] [--seed S]
                   [--batch-size B] [--set NODE.PARAM=VALUE]... [--resume CHECKPOINT_DIR]
                   [--metrics-every K] [--preview-every K] [--previews NAME,...] [--checkpoint-every K]
                   [--data DIR] [--images NAME=FOLDER]... [--quiet]
                   (--images: the PNG files of a folder for the Image folder node whose dataset is NAME)
  tensorloom train --resume CHECKPOINT_DIR --steps N --out DIR   (continue with the checkpoint's graph)
  tensorloom sample CHECKPOINT_DIR --out FILE.png [--preview NAME] [--backend ...] [--images NAME=FOLDER]...
  tensorloom export GRAPH.json --out FILE.ts   (the graph as one TypeScript module on plain tfjs)
  tensorloom export GRAPH.json|CHECKPOINT_DIR|FILE.tlckpt --target pytorch --out DIR [--seed S] [--data DIR]
                   (a PyTorch package: models.py, train.py for python or torchrun, the app's weights)
  tensorloom export-model CHECKPOINT_DIR --out DIR [--model MODEL_ID] [--backend ...]
                   (trained models as tfjs model.json + weights.bin; without --model, DIR/MODEL_ID/ each)

NODE is a node id of the training graph, or MODEL/NODE inside a model.`;

const options = {
  steps: { type: 'string' },
  out: { type: 'string' },
  backend: { type: 'string', default: 'auto' },
  seed: { type: 'string', default: '1' },
  'batch-size': { type: 'string' },
  set: { type: 'string', multiple: true },
  resume: { type: 'string' },
  'metrics-every': { type: 'string', default: '10' },
  'preview-every': { type: 'string', default: '0' },
  'checkpoint-every': { type: 'string', default: '100' },
  preview: { type: 'string' },
  model: { type: 'string' },
  previews: { type: 'string', default: '' },
  data: { type: 'string' },
  images: { type: 'string', multiple: true },
  target: { type: 'string', default: 'typescript' },
  quiet: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h' },
} as const;

/** A mistake in how the command line was called: its coded messages, then the usage; exit 2. */
function fail(...problems: Issue[]): never {
  process.stderr.write(`${problems.map(renderIssue).join('\n')}\n\n${USAGE}\n`);
  throw new CliExit(2);
}

function missing(command: string, what: string): never {
  return fail(issue('cli.missing', { command, what }));
}

function int(option: string, v: string | undefined, min: number): number {
  const n = Number(v);
  if (v === undefined || !Number.isInteger(n) || n < min) fail(issue('cli.wholeNumber', { option, min, got: v ?? 'nothing' }));
  return n;
}

function backendOf(v: string): NodeBackendName | 'auto' {
  if (v === 'auto' || (NODE_BACKENDS as readonly string[]).includes(v)) return v as NodeBackendName | 'auto';
  return fail(issue('cli.backend', { got: v, known: ['auto', ...NODE_BACKENDS].join(', ') }));
}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true });
  } catch (e) {
    return fail(issue('cli.args', { detail: e instanceof Error ? e.message : String(e) }));
  }
  const { values: v, positionals } = parsed;
  const [command, target] = positionals;
  if (v.help || !command) {
    process.stdout.write(`${USAGE}\n`);
    return command || v.help ? 0 : 2;
  }
  const backend = backendOf(v.backend);
  const images = parseImagesOption(v.images ?? []);
  if ('problem' in images) fail(images.problem);
  if (command === 'check') {
    if (!target) missing('check', 'a graph file');
    return runCheck(await readGraph(target));
  }
  if (command === 'train') {
    if (!target && !v.resume) missing('train', 'a graph file, or --resume CHECKPOINT_DIR');
    if (!v.out) missing('train', '--out DIR');
    const settings: ParamSetting[] = [];
    for (const s of v.set ?? []) {
      const r = parseSetting(s);
      if ('code' in r) fail(r);
      settings.push(r);
    }
    let doc: GraphDoc | undefined;
    if (target) {
      const loaded = await readGraph(target);
      const batchSize = v['batch-size'] === undefined ? undefined : int('batch-size', v['batch-size'], 1);
      const o = applyOverrides(loaded.doc, { batchSize, set: settings });
      if (o.problems.length) fail(...o.problems);
      doc = o.doc;
      preflight(loaded.diagnostics, doc);
    }
    const { runTrain } = await import('./train');
    return runTrain({
      doc,
      steps: int('steps', v.steps, 1),
      out: v.out,
      backend,
      seed: int('seed', v.seed, 0),
      resume: v.resume,
      dataDir: v.data,
      imageFolders: images.folders,
      metricsEvery: int('metrics-every', v['metrics-every'], 1),
      previewEvery: int('preview-every', v['preview-every'], 0),
      checkpointEvery: int('checkpoint-every', v['checkpoint-every'], 0),
      previews: v.previews.split(',').map((x) => x.trim()).filter(Boolean),
      quiet: v.quiet,
    });
  }
  if (command === 'sample') {
    if (!target) missing('sample', 'a checkpoint directory');
    if (!v.out) missing('sample', '--out FILE.png');
    const { runSample } = await import('./sample');
    return runSample({ checkpoint: target, out: v.out, backend, preview: v.preview, dataDir: v.data, imageFolders: images.folders });
  }
  if (command === 'export') {
    if (v.target !== 'typescript' && v.target !== 'pytorch') fail(issue('cli.target', { got: v.target }));
    if (!target) missing('export', v.target === 'pytorch' ? 'a graph file or a checkpoint directory' : 'a graph file');
    if (v.target === 'pytorch') {
      if (!v.out) missing('export', '--out DIR');
      const { runExportPyTorch } = await import('./export-pytorch');
      const seed = int('seed', v.seed, 0);
      if (target.endsWith('.tlckpt')) {
        const { readCheckpointFile } = await import('./export-pytorch');
        return runExportPyTorch({ ...(await readCheckpointFile(target)), out: v.out, seed, dataDir: v.data });
      }
      if ((await stat(target).catch(() => null))?.isDirectory()) {
        const { loadCheckpointDir } = await import('../runtime/checkpoint-files');
        const { doc, checkpoint } = await loadCheckpointDir(target);
        return runExportPyTorch({ doc, checkpoint, out: v.out, seed, dataDir: v.data });
      }
      return runExportPyTorch({ doc: await readGraphTold(target), out: v.out, seed, dataDir: v.data });
    }
    if (!v.out) missing('export', '--out FILE.ts');
    const { runExport } = await import('./export');
    return runExport(await readGraphTold(target), v.out);
  }
  if (command === 'export-model') {
    if (!target) missing('export-model', 'a checkpoint directory');
    if (!v.out) missing('export-model', '--out DIR');
    const { runExportModel } = await import('./export-model');
    return runExportModel({ checkpoint: target, out: v.out, model: v.model, backend, dataDir: v.data, imageFolders: images.folders });
  }
  return fail(issue('cli.unknownCommand', { command }));
}

/** A graph file for a command that does not analyse it in full: what loading it found is still said. */
async function readGraphTold(file: string): Promise<GraphDoc> {
  const { doc, diagnostics } = await readGraph(file);
  printDiagnostics(diagnostics.filter((d) => d.severity !== 'info'));
  return doc;
}

quietOnClosedPipes();
main(process.argv.slice(2)).then(exitAfterDrain, (err: unknown) => {
  if (err instanceof CliExit) return exitAfterDrain(err.code);
  if (err instanceof TensorloomError) process.stderr.write(`error: ${err.message}\n`);
  else process.stderr.write(`internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  return exitAfterDrain(err instanceof TensorloomError ? 1 : 70);
});
