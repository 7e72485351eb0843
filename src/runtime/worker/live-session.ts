// The session the runner trains and what it tracks about it: the graph and checkpoint it belongs
// to, its loss log, the steps last saved and shown, and the span of the current run. The span
// moves by the pure rules below, so the loop only has to ask whether its end is reached.
import type { GraphDoc } from '../../graph/types';
import type { Session } from '../session';
import type { LossLog } from './loss-log';
import type { RunRequest, StartCommand } from './protocol';

/** Where the current run ends (null: until stopped) and where it began. */
export interface RunSpan {
  target: number | null;
  targetFrom: number;
}

export interface Live extends RunSpan {
  session: Session;
  doc: GraphDoc;
  fingerprint: string;
  log: LossLog;
  /** step of the last checkpoint saved (or restored); -1: none of this session */
  savedStep: number;
  /** step of the last previews sent */
  previewStep: number;
}

/** A session just started; `resumedFrom` is the step it resumed at (null: afresh). */
export function liveSession(session: Session, msg: StartCommand, log: LossLog, resumedFrom: number | null): Live {
  const step = session.step;
  // only the graph's own stored checkpoint is saved already: one from a file or another graph is not, under this graph
  const saved = resumedFrom !== null && !msg.checkpoint && msg.resumeFrom === msg.fingerprint;
  return { session, doc: msg.doc, fingerprint: msg.fingerprint, log, savedStep: saved ? step : -1, previewStep: -1, target: step, targetFrom: step };
}

/** The span of a run asked for at `step`; 'rest' keeps the current one. */
export function spanOf(request: RunRequest, step: number, current: RunSpan): RunSpan {
  if (request.kind === 'for') return { target: step + Math.max(1, Math.floor(request.iterations)), targetFrom: step };
  if (request.kind === 'untilStopped') return { target: null, targetFrom: step };
  return { target: current.target, targetFrom: current.targetFrom };
}

/** One step to `next`: beyond a finished run it carries the run's end along, so progress never reads "57 / 56". */
export function stepSpan(current: RunSpan, next: number): RunSpan {
  if (current.target !== null && current.target < next) return { target: next, targetFrom: next - 1 };
  return { target: current.target, targetFrom: current.targetFrom };
}
