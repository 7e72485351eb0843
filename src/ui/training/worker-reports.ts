// What each report of the worker changes in the training view, as a pure function of the view and
// the report. The controller applies the change and does whatever else a report calls for (the
// losses themselves, the wire view, files, the next start).
import type { FromWorker } from '../../runtime/worker/protocol';
import { addFrames } from './preview-history';
import { withNotice, type TrainingView } from './training-view';

/** The change `m` makes to `v`; null when it changes nothing there. `now`: the time (ms) for an unknown save time. */
export function viewPatch(v: TrainingView, m: FromWorker, now: number): Partial<TrainingView> | null {
  switch (m.type) {
    case 'backend':
      return { backend: m.choice };
    case 'ready': {
      const savedAt = v.stored.find((c) => c.fingerprint === m.fingerprint)?.savedAt ?? now;
      return {
        updates: m.updates, step: m.step, sessionFingerprint: m.fingerprint, resumedFrom: m.resumedFrom,
        lastCheckpoint: m.resumedFrom === null ? null : { step: m.resumedFrom, savedAt },
        previews: [], previewHistory: {}, lossVersion: v.lossVersion + 1, itPerSec: null,
      };
    }
    case 'metrics':
      return { step: m.step, itPerSec: m.itPerSec, memory: m.memory, lossVersion: v.lossVersion + 1 };
    case 'previews': {
      const byId = new Map(v.previews.map((p) => [p.id, p]));
      for (const f of m.frames) byId.set(f.id, f);
      return { previews: [...byId.values()], previewHistory: addFrames(v.previewHistory, m.frames) };
    }
    case 'learningRates':
      return { learningRates: m.rates };
    case 'state': {
      const idle = m.state === 'idle';
      // a command sent after this report was written (pause, stop) is still on its way
      const pending = v.phase === 'stopping' && !idle;
      return {
        phase: pending ? 'stopping' : m.state, step: m.step, target: m.target, targetFrom: m.targetFrom, memory: m.memory,
        ...(idle ? { sessionFingerprint: null, itPerSec: null, learningRates: {}, models: [], exporting: null } : {}),
      };
    }
    case 'checkpoint':
      return { lastCheckpoint: { step: m.step, savedAt: m.savedAt } };
    case 'nonFinite':
      return { problem: { kind: 'nonFinite', text: m.message, nodeId: m.updateId, step: m.step } };
    case 'notice':
      return { notices: withNotice(v.notices, m.message) };
    case 'error':
      return { problem: { kind: 'error', text: m.message } };
    case 'deviceLost':
      return { problem: { kind: 'deviceLost', text: m.message, fingerprint: m.fingerprint } };
    case 'sessionInfo':
      return { batch: m.batch, models: m.models };
    case 'probe':
    case 'exportModel':
      return null; // answers to one question each: the asker takes them
  }
}
