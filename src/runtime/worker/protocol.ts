// The messages between the page and the training worker, both ways. The page sends commands; the
// worker owns the session and reports what actually happens (its state is the truth).
import type { GraphDoc } from '../../graph/types';
import type { BrowserBackendChoice, BrowserBackendName } from '../backend-browser';
import type { StoredCheckpoint } from '../checkpoint-idb';

export interface RunSettings {
  /** iterations between loss read-backs; each read-back waits for the device */
  metricsEvery: number;
  /** iterations between preview refreshes; 0: only when training pauses */
  previewEvery: number;
  /** iterations between checkpoints; 0: only when training pauses or stops */
  checkpointEvery: number;
}

export const DEFAULT_SETTINGS: RunSettings = { metricsEvery: 10, previewEvery: 25, checkpointEvery: 100 };

/** How far a run goes: N more iterations, until stopped, or the rest of the last target. */
export type RunRequest = { kind: 'for'; iterations: number } | { kind: 'untilStopped' } | { kind: 'rest' };

export type ToWorker =
  | {
      type: 'start';
      doc: GraphDoc;
      fingerprint: string;
      seed: number;
      /** the fingerprint of a checkpoint to restore first (usually the doc's own); null: afresh */
      resumeFrom: string | null;
      backend: BrowserBackendName | 'auto';
      settings: RunSettings;
      /** null: compile and wait, paused */
      run: RunRequest | null;
      /** a checkpoint from a file to restore first, instead of the stored one named by resumeFrom */
      checkpoint?: StoredCheckpoint;
    }
  | { type: 'run'; request: RunRequest }
  | { type: 'pause' }
  /** one iteration, then paused */
  | { type: 'step' }
  | { type: 'settings'; settings: RunSettings }
  /** end the session: checkpoint it (or, with discard, delete its checkpoint) and free the device */
  | { type: 'stop'; discard: boolean }
  /** the learning rate of one optimizer node's update, from its next step on (this session only) */
  | { type: 'learningRate'; updateId: string; value: number }
  /** what flows on one wire now: its statistics (and images), answered with a 'probe' report */
  | { type: 'probe'; request: ProbeRequest }
  | ExportModelRequest;

export type StartCommand = Extract<ToWorker, { type: 'start' }>;

export interface ProbeRequest {
  /** chosen by the page, repeated in the answer */
  id: number;
  edgeId: string;
  /** the output port the wire leaves from */
  node: string;
  port: string;
}

export interface TensorStats {
  shape: number[];
  count: number;
  mean: number;
  std: number;
  min: number;
  max: number;
  /** values that are NaN or infinite (left out of everything else) */
  nonFinite: number;
  /** counts in `bins` equal bins from min to max */
  histogram: number[];
}

export type ProbeResult =
  | { ok: true; stats: TensorStats; step: number; image: { width: number; height: number; rgba: ArrayBuffer; count: number } | null }
  | { ok: false; message: string };

/** One charted series: an update's loss, or a Metric node's value. */
export interface UpdateInfo {
  /** the optimizer node's id, or the Metric node's */
  id: string;
  name: string;
  /** absent: a loss (histories stored before metrics existed) */
  kind?: 'loss' | 'metric';
}

/** A row's value for one series: the update's loss, or the Metric's value when it was evaluated (NaN else). */
export const seriesValue = (u: UpdateInfo, row: { losses: Record<string, number>; metrics?: Record<string, number> }): number =>
  (u.kind === 'metric' ? row.metrics?.[u.id] : row.losses[u.name]) ?? NaN;

/** Losses per iteration; `losses[i]` belongs to `updates[i]`. */
export interface LossHistory {
  steps: Float64Array;
  losses: Float32Array[];
}

export interface MemoryInfo {
  numTensors: number;
  numBytes: number;
  /** bytes the backend holds on the GPU, when it says */
  gpuBytes: number | null;
}

export type PreviewPayload =
  | { kind: 'image'; id: string; name: string; step: number; width: number; height: number; rgba: ArrayBuffer }
  | { kind: 'points'; id: string; name: string; step: number; points: Float32Array };

export type WorkerState = 'idle' | 'running' | 'paused';

export interface StateReport {
  type: 'state';
  state: WorkerState;
  step: number;
  /** the iteration the current target ends at; null: until stopped */
  target: number | null;
  /** the iteration the current target started from */
  targetFrom: number;
  /** tf.memory() now: after a stop it shows what the session gave back */
  memory: MemoryInfo;
}

export type FromWorker =
  | { type: 'backend'; choice: BrowserBackendChoice }
  | { type: 'ready'; fingerprint: string; step: number; resumedFrom: number | null; updates: UpdateInfo[]; history: LossHistory }
  | { type: 'metrics'; steps: number[]; losses: number[][]; step: number; itPerSec: number | null; memory: MemoryInfo }
  | { type: 'previews'; frames: PreviewPayload[] }
  | StateReport
  | { type: 'checkpoint'; step: number; fingerprint: string; savedAt: number }
  | { type: 'nonFinite'; step: number; updateId: string; updateName: string; message: string }
  /** something to tell the person that does not stop training */
  | { type: 'notice'; message: string }
  /** every update's learning rate now, by optimizer node id (after ready and after each change) */
  | { type: 'learningRates'; rates: Record<string, number> }
  | { type: 'probe'; id: number; edgeId: string; result: ProbeResult }
  /** the GPU device went away (driver reset, another tab, sleep): the session is gone */
  | { type: 'deviceLost'; message: string; step: number; fingerprint: string | null }
  | { type: 'error'; message: string }
  | SessionInfoReport
  | ExportModelReport;

// ── the session's models as tfjs files, and its batch size ─────────────────────────────────

/** One model of the live session as tfjs files (model.json + weights), answered with 'exportModel'. */
export interface ExportModelRequest {
  type: 'exportModel';
  /** chosen by the page, repeated in the answer */
  id: number;
  modelId: string;
}

export interface ExportModelReport {
  type: 'exportModel';
  id: number;
  modelId: string;
  /** ok: model.json as text (its manifest names weights.bin) and the weights' bytes, at iteration `step` */
  result: { ok: true; modelJson: string; weightsBin: ArrayBuffer; step: number } | { ok: false; message: string };
}

/** How many samples one iteration draws: the largest batch among the data nodes that feed the updates. */
export interface BatchInfo {
  size: number;
  /** every data node feeding the updates, with its batch size (largest first) */
  sources: { node: string; size: number }[];
  /** true when every one of them gives images (rank-4 tensors) */
  images: boolean;
}

/** Sent after 'ready': what the page needs to know about the compiled session. */
export interface SessionInfoReport {
  type: 'sessionInfo';
  /** null when no data node feeds the updates */
  batch: BatchInfo | null;
  /** the session's model ids, for downloading one */
  models: string[];
}
