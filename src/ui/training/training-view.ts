// What the training controller shows React: one snapshot of the session's state, its losses kept
// aside (too many to copy into every snapshot), and the problems it can report.
import type { CheckpointMeta } from '../../runtime/checkpoint-idb';
import type { BrowserBackendChoice, BrowserBackendName } from '../../runtime/backend-browser';
import type { BatchInfo, LossHistory, MemoryInfo, PreviewPayload, UpdateInfo } from '../../runtime/worker/protocol';
import type { DashboardPrefs, DashboardSettings } from './dashboard-settings';
import type { PreviewHistory } from './preview-history';
import type { WireView } from './wire';

export type Phase = 'idle' | 'starting' | 'running' | 'paused' | 'stopping';

export type Problem =
  | { kind: 'nonFinite'; text: string; nodeId: string; step: number }
  | { kind: 'error'; text: string }
  /** an uploaded checkpoint of another graph; `canOpen`: that graph can be opened to resume it */
  | { kind: 'upload'; text: string; canOpen: boolean }
  /** the GPU device was lost; `fingerprint`: the checkpoint to resume on another backend */
  | { kind: 'deviceLost'; text: string; fingerprint: string | null };

export interface TrainingView {
  open: boolean;
  phase: Phase;
  step: number;
  /** where the current run ends (null: until stopped) and where it began */
  target: number | null;
  targetFrom: number;
  backend: BrowserBackendChoice | null;
  updates: UpdateInfo[];
  itPerSec: number | null;
  memory: MemoryInfo | null;
  /** the fingerprint of the graph the live session trains; null when there is none */
  sessionFingerprint: string | null;
  /** the fingerprint of the document as it is now (committed edits) */
  docFingerprint: string;
  resumedFrom: number | null;
  lastCheckpoint: { step: number; savedAt: number } | null;
  /** checkpoints kept in this browser, newest first */
  stored: CheckpointMeta[];
  problem: Problem | null;
  notices: string[];
  /** the latest frame of each preview */
  previews: PreviewPayload[];
  /** the last frames of each preview, oldest first (bounded), for looking back */
  previewHistory: PreviewHistory;
  /** each update's learning rate in the live session, by optimizer node id */
  learningRates: Record<string, number>;
  /** the selected wire's values, while one wire of the training graph is selected */
  wire: WireView | null;
  settings: DashboardSettings;
  /** bumps whenever `losses` changed */
  lossVersion: number;
  /** the live session's batch size (for samples per second); null when unknown */
  batch: BatchInfo | null;
  /** the live session's model ids, for downloading one as tfjs files */
  models: string[];
  /** a model download asked of the worker and not yet answered */
  exporting: string | null;
  /** the backend training starts on: the person's choice in the dashboard (or ?backend=), or auto */
  wanted: BrowserBackendName | 'auto';
}

/** Every loss so far: `values[i]` belongs to `updates[i]`; read it, never change it. */
export interface LossTable {
  steps: number[];
  values: number[][];
}

/** The view before any session: the kept preferences, nothing trained. */
export function initialView(prefs: DashboardPrefs, wanted: BrowserBackendName | 'auto'): TrainingView {
  return {
    open: prefs.open, phase: 'idle', step: 0, target: null, targetFrom: 0, backend: null, updates: [], itPerSec: null, memory: null,
    sessionFingerprint: null, docFingerprint: '', resumedFrom: null, lastCheckpoint: null, stored: [], problem: null, notices: [], previews: [],
    previewHistory: {}, learningRates: {}, wire: null, settings: prefs.settings, lossVersion: 0, batch: null, models: [], exporting: null, wanted,
  };
}

/** The live session trains an earlier version of the document. */
export const graphChanged = (v: TrainingView): boolean => v.sessionFingerprint !== null && v.sessionFingerprint !== v.docFingerprint;

/** Whether a session lives in the worker that commands can go to. */
export const sessionLive = (v: TrainingView): boolean => v.sessionFingerprint !== null && (v.phase === 'running' || v.phase === 'paused');

export const lossTableOf = (h: LossHistory): LossTable => ({ steps: Array.from(h.steps), values: h.losses.map((l) => Array.from(l)) });

/** Shows a notice once, as the newest. */
export const withNotice = (notices: readonly string[], message: string): string[] => [...notices.filter((n) => n !== message), message];
