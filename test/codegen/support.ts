// Test support for the TypeScript export: load an exported module in this process (on this
// process's tfjs, so both programs share one backend), type-check exported files the way a user's
// project would, and run the app and an exported module side by side.
import * as tf from '@tensorflow/tfjs';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import type { Dataset } from '../../nodes/spec';
import type { GraphDoc } from '../../src/graph/types';
import { createSession, disposeSession, type Session } from '../../src/runtime/session';
import { loadDataset } from '../../src/runtime/datasets/node';
import { readMetrics, readPreviews, train } from '../../src/runtime/trainer';

const REPO = path.resolve(__dirname, '../..');

/** What every exported module offers (the parts the tests call). */
export interface ExportedProgram {
  createTraining(seed: number, data?: Record<string, unknown>): ExportedTraining;
  trainStep(t: ExportedTraining): Record<string, tf.Scalar>;
  sample(t: ExportedTraining): Record<string, tf.Tensor>;
  /** only in modules of graphs with Metric nodes */
  evaluateMetrics?(t: ExportedTraining): Record<string, number>;
  imagesInMemory?(splits: { train?: Dataset; test?: Dataset }): unknown;
}
export interface ExportedTraining {
  models: Record<string, tf.LayersModel>;
  optimizers: Record<string, tf.Optimizer>;
  step: number;
}

/** Transpiles an exported module to CommonJS and runs it with `@tensorflow/tfjs` bound to this process's tfjs. */
export function loadExported(code: string): ExportedProgram {
  const js = ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const exports: Record<string, unknown> = {};
  const require = (id: string) => {
    if (id === '@tensorflow/tfjs') return tf;
    throw new Error(`the exported module imports "${id}"; it may only import @tensorflow/tfjs`);
  };
  new Function('require', 'exports', 'module', js)(require, exports, { exports });
  return exports as unknown as ExportedProgram;
}

/**
 * Type-checks files as a user's project would: written to a temporary directory with a strict
 * tsconfig, @tensorflow/tfjs resolved from this repository's node_modules. Returns the problems,
 * and every use of the type `any` (the export must not need it).
 */
export function typeCheck(files: Record<string, string>): string[] {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tensorloom-export-'));
  symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const names = Object.keys(files).map((f) => path.join(dir, f));
  for (const [f, code] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    writeFileSync(path.join(dir, f), code);
  }
  const compilerOptions = {
    target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2022', 'DOM'], types: [],
    strict: true, noUncheckedIndexedAccess: true, noImplicitOverride: true, noImplicitReturns: true,
    noFallthroughCasesInSwitch: true, isolatedModules: true, skipLibCheck: true, noEmit: true,
  };
  writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: Object.keys(files) }, null, 2));
  const config = ts.getParsedCommandLineOfConfigFile(path.join(dir, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  if (!config) throw new Error('cannot read the temporary tsconfig.json');
  const program = ts.createProgram({ rootNames: config.fileNames, options: config.options });
  const where = (d: ts.Diagnostic) => {
    if (!d.file || d.start === undefined) return '';
    const { line } = d.file.getLineAndCharacterOfPosition(d.start);
    return `${path.basename(d.file.fileName)}:${line + 1}: `;
  };
  const problems = ts.getPreEmitDiagnostics(program).map((d) => `${where(d)}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
  for (const file of names) {
    const source = program.getSourceFile(file);
    if (!source) continue;
    const visit = (node: ts.Node) => {
      if (node.kind === ts.SyntaxKind.AnyKeyword) {
        problems.push(`${path.basename(file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}: uses the type any`);
      }
      node.forEachChild(visit);
    };
    visit(source);
  }
  return problems;
}

/** The losses of the first `steps` iterations of the app's own training program. */
export async function appRun(doc: GraphDoc, seed: number, steps: number, previews = false) {
  await tf.setBackend('cpu');
  const s: Session = await createSession(tf, doc, { seed, loadDataset: (k) => loadDataset(k) });
  const losses: Record<string, number>[] = [];
  await train(s, { steps, metricsEvery: 1, onMetrics: (m) => void losses.push(...m.map((x) => x.losses)) });
  const shown = previews ? await readPreviews(s) : [];
  const byId = await readMetrics(s);
  const metrics = Object.fromEntries(s.program.metrics.map((m) => [m.name, byId[m.id]!]));
  const datasets = s.datasets;
  disposeSession(s);
  return { losses, previews: Object.fromEntries(shown.map((f) => [f.name, Array.from(Object.values(f.values)[0]!.data)])), metrics, datasets };
}

/** The ImageSource for each dataset the app loaded, keyed as the export's DataSources are. */
export function dataSources(program: ExportedProgram, datasets: Record<string, Dataset>): Record<string, unknown> {
  const byPrefix = new Map<string, { train?: Dataset; test?: Dataset }>();
  for (const [key, ds] of Object.entries(datasets)) {
    const m = /^(.*)-(train|test)$/.exec(key);
    if (!m) throw new Error(`unexpected dataset key ${key}`);
    const splits = byPrefix.get(m[1]!) ?? {};
    splits[m[2] as 'train' | 'test'] = ds;
    byPrefix.set(m[1]!, splits);
  }
  const camel = (s: string) => s.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
  return Object.fromEntries([...byPrefix].map(([prefix, splits]) => [camel(prefix), program.imagesInMemory!(splits)]));
}

/** The same through the exported module: losses of the first `steps` iterations, then what the previews show. */
export async function exportedRun(program: ExportedProgram, seed: number, steps: number, datasets: Record<string, Dataset>, previews = false) {
  await tf.setBackend('cpu');
  const t = program.createTraining(seed, Object.keys(datasets).length ? dataSources(program, datasets) : undefined);
  const losses: Record<string, number>[] = [];
  for (let i = 0; i < steps; i++) {
    const step = program.trainStep(t);
    losses.push(Object.fromEntries(Object.entries(step).map(([k, v]) => [k, v.dataSync()[0]!])));
    tf.dispose(Object.values(step));
  }
  const metrics = program.evaluateMetrics?.(t) ?? {};
  const shown: Record<string, number[]> = {};
  if (previews) {
    for (const [name, tensor] of Object.entries(program.sample(t))) {
      shown[name] = Array.from(tensor.dataSync());
      tensor.dispose();
    }
  }
  // outermost first (the export builds inner models first); tfjs frees an inner model with the last model holding it
  for (const m of Object.values(t.models).reverse()) {
    try {
      m.dispose();
    } catch (err) {
      if (!/already disposed/.test(String(err))) throw err;
    }
  }
  Object.values(t.optimizers).forEach((o) => o.dispose());
  return { losses, previews: shown, metrics };
}

/** Largest relative difference between two runs' losses (0 when they agree to the bit). */
export function largestRelativeDifference(a: Record<string, number>[], b: Record<string, number>[]): number {
  let worst = 0;
  a.forEach((step, i) => {
    for (const [k, v] of Object.entries(step)) {
      const w = b[i]?.[k];
      if (w === undefined) return (worst = Infinity);
      if (v !== w) worst = Math.max(worst, Math.abs(v - w) / Math.max(Math.abs(v), Math.abs(w)));
    }
  });
  return worst;
}
