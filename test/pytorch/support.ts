// Runs exported PyTorch packages for the tests: Debian's python3 with python3-torch (CI installs
// them), one thread each so that two runs side by side do not fight over the cores.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exportPyTorch } from '../../src/codegen/pytorch';
import type { GraphDoc } from '../../src/graph/types';
import { appWeightsFiles } from '../../src/interop/app-weights';
import { train } from '../../src/runtime/trainer';
import { disposeSession } from '../../src/runtime/session';
import { cpuSession } from '../helpers/cpu-session';

/** Debian's interpreter, where python3-torch installs torch; else the one on the PATH. */
export const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
export const DATA_DIR = path.resolve(import.meta.dirname, '../../public/data');
const ENV = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', OMP_WAIT_POLICY: 'PASSIVE', PYTHONDONTWRITEBYTECODE: '1' };

/** Writes the package of `doc` into a new folder, with the app's initial weights for `seed`. */
export async function exportWithWeights(doc: GraphDoc, seed: number): Promise<string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tensorloom-pytorch-'));
  for (const [file, text] of Object.entries(exportPyTorch(doc).files)) writeFileSync(path.join(dir, file), text);
  const s = await cpuSession(doc, { seed });
  const w = await appWeightsFiles(s.models);
  disposeSession(s);
  writeFileSync(path.join(dir, 'app_weights.json'), w.manifest);
  writeFileSync(path.join(dir, 'app_weights.bin'), w.data);
  return dir;
}

/** The app's losses for `steps` iterations on the CPU backend. */
export async function appLosses(doc: GraphDoc, seed: number, steps: number): Promise<Record<string, number>[]> {
  const s = await cpuSession(doc, { seed });
  const losses: Record<string, number>[] = [];
  const r = await train(s, { steps, metricsEvery: 1, onMetrics: (m) => void losses.push(...m.map((x) => x.losses as Record<string, number>)) });
  disposeSession(s);
  if (r.status !== 'done') throw new Error(`the app's run ended ${r.status}`);
  return losses;
}

/**
 * Runs a command of the package in its folder, in a process group of its own (torchrun starts
 * workers), all of which are killed when it takes longer than `timeoutMs`; returns stdout, or
 * throws with stderr.
 */
export function inPackage(dir: string, command: string, args: string[], timeoutMs = 120_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: dir, env: ENV, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '', late = false;
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => {
      late = true;
      process.kill(-child.pid!, 'SIGKILL');
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0 && !late) resolve(out);
      else reject(new Error(`${command} ${args.join(' ')} ${late ? `ran past ${timeoutMs / 1000} s and was killed` : `exited ${code}`} in ${dir}:\n${err.slice(-4000) || out.slice(-2000)}`));
    });
  });
}

/** `python train.py ARGS` in the package; the losses of every iteration from OUT/metrics.jsonl. */
export async function trainPackage(dir: string, out: string, args: string[]): Promise<Record<string, number>[]> {
  await inPackage(dir, PYTHON, ['train.py', '--out', out, '--data', DATA_DIR, '--log-every', '1000', ...args]);
  return metricsOf(path.join(dir, out));
}

export function metricsOf(runDir: string): Record<string, number>[] {
  return readFileSync(path.join(runDir, 'metrics.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => (JSON.parse(l) as { losses: Record<string, number> }).losses);
}

/** The largest relative difference between two runs' losses, over every update and iteration. */
export function worstRelative(a: Record<string, number>[], b: Record<string, number>[]): number {
  if (a.length !== b.length) return Infinity;
  let worst = 0;
  a.forEach((row, i) => {
    for (const [k, v] of Object.entries(row)) {
      const w = b[i]![k];
      if (w === undefined) return (worst = Infinity);
      worst = Math.max(worst, Math.abs(v - w) / Math.max(Math.abs(v), Math.abs(w), 1e-12));
    }
  });
  return worst;
}
