// One case of the speed benchmark, measured inside its own child process (see ./child.ts), so that
// the GPU memory figures belong to that case alone.
//
// What is timed. The session is built the way `tensorloom train` builds it (selectNodeBackend,
// applyOverrides for the batch size, createSession), W warm-up iterations run (shader compilation,
// buffer pool growth), then K repeats of one call `train(session, { steps: N, metricsEvery: N })`:
// N iterations whose losses stay on the device and are read back once, in one batch, at the end of
// the call (as the trainer does every metricsEvery iterations; that read-back waits for the GPU, so
// the work of all N iterations is inside the time). ms/iteration = wall time of the call / N; the
// table gives the median over the K repeats (and the range). The stock step (bench/reference-dcgan.ts)
// is timed the same way: N steps, then its 2N losses stacked and read back once.
// One iteration runs every update of the template once (a GAN: one D update, then one G update;
// VAE-GAN: encoder, decoder and D updates); images/s = batch / (seconds per iteration), where batch is
// the batch size of the data node (every node with a batchSize param is set to it, like --batch-size
// of `tensorloom train`), counted once per iteration.
//
// Memory. After the warm-up and after the last repeat: the engine's tensor count and tensor bytes
// (these must stay flat over a run), and on WebGPU the bytes the tfjs buffer pool has created
// (`tf.memory().numBytesAllocatedInGPU`; the pool keeps freed buffers for reuse and never gives them
// back, so at the end of the case this is its high-water mark: the peak GPU memory of the case).
import * as tf from '@tensorflow/tfjs';
import { applyOverrides } from '../../src/graph/overrides';
import { renderIssue } from '../../src/messages';
import { selectNodeBackend } from '../../src/runtime/backend-node';
import { loadDataset } from '../../src/runtime/datasets/node';
import { createSession, disposeSession } from '../../src/runtime/session';
import { train } from '../../src/runtime/trainer';
import { TEMPLATES } from '../../templates';
import { stockDcgan, type StockArch } from '../reference-dcgan';
import { deviceLine } from '../table';
import { settingsText, type CaseSettings, type CaseSpec } from './settings';

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

export function stockModelName(arch: StockArch): string {
  return arch === 'template' ? 'dcgan' : 'dcgan-reference';
}

function memoryNow(): MemoryFigures {
  const m = tf.memory() as tf.MemoryInfo & { numBytesAllocatedInGPU?: number; numBytesInGPU?: number };
  return { tensors: m.numTensors, tensorBytes: m.numBytes, gpuAllocated: m.numBytesAllocatedInGPU, gpuInUse: m.numBytesInGPU };
}

/** How to run n iterations of the case, and what it is. */
interface Runner {
  model: string;
  updates: string[];
  parameters?: Record<string, number>;
  runIterations: (n: number) => Promise<void>;
  dispose: () => void;
}

async function templateRunner(id: string, batch: number, s: CaseSettings): Promise<Runner> {
  const t = TEMPLATES.find((x) => x.id === id);
  if (!t) throw new Error(`unknown template ${id}`);
  const { doc, problems } = applyOverrides(t.doc, { batchSize: batch });
  if (problems.length) throw new Error(problems.map(renderIssue).join('; '));
  const session = await createSession(tf, doc, { seed: s.seed, loadDataset: (k) => loadDataset(k, s.data) });
  const count = (m: tf.LayersModel) => m.trainableWeights.reduce((n, w) => n + w.shape.reduce<number>((a, b) => a * (b ?? 1), 1), 0);
  return {
    model: id,
    updates: session.program.updates.map((u) => (u.repeats > 1 ? `${u.name}×${u.repeats}` : u.name)),
    parameters: Object.fromEntries(Object.entries(session.models).map(([name, m]) => [name, count(m)])),
    runIterations: async (n) => {
      // one call of the product's training loop: n iterations, one loss read-back at the end
      const r = await train(session, { steps: n, metricsEvery: n });
      if (r.status !== 'done') throw new Error(r.status === 'nonFinite' ? renderIssue(r.issue) : `training ${r.status}`);
    },
    dispose: () => disposeSession(session),
  };
}

function stockRunner(arch: StockArch, batch: number): Runner {
  const m = stockDcgan(tf, arch, batch);
  return {
    model: stockModelName(arch),
    updates: ['D', 'G'],
    runIterations: async (n) => {
      const losses: tf.Scalar[] = [];
      for (let i = 0; i < n; i++) losses.push(...m.step());
      const stacked = tf.stack(losses);
      await stacked.data();
      stacked.dispose();
      tf.dispose(losses);
    },
    dispose: () => m.dispose(),
  };
}

/** Builds the case, warms it up and times its repeats (progress on stderr); a failure goes into `status`. */
export async function runCase(spec: CaseSpec, s: CaseSettings): Promise<CaseResult> {
  const choice = await selectNodeBackend(tf, s.backend);
  const runner = spec.kind === 'template' ? await templateRunner(spec.id, spec.batch, s) : stockRunner(spec.arch, spec.batch);
  const { model, updates, parameters } = runner;
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
    if (s.warmup > 0) await runner.runIterations(s.warmup);
    result.warm = memoryNow();
    for (let k = 0; k < s.repeats; k++) {
      const a = performance.now();
      await runner.runIterations(s.iterations);
      result.msPerIter.push((performance.now() - a) / s.iterations);
      process.stderr.write(`  ${model} (${result.impl}) batch ${spec.batch}: repeat ${k + 1}/${s.repeats} ${result.msPerIter.at(-1)!.toFixed(1)} ms/iteration\n`);
    }
    result.last = memoryNow();
  } catch (err) {
    result.status = err instanceof Error ? err.message.split('\n')[0]! : String(err);
  }
  runner.dispose();
  return result;
}
