// The worker's checkpoints around a non-finite loss: saved at each healthy read-back, and, once a
// loss is not finite, the newest one whose next iteration was finite put back in the store (the
// one of the very iteration that overflowed would overflow again on resume).
import { describe, expect, it } from 'vitest';
import { memoryStore } from '../../../test/helpers/runner-harness';
import { cpuSession } from '../../../test/helpers/cpu-session';
import { divergingDoc } from '../../../test/helpers/diverging-doc';
import { decodeCheckpoint, restoreCheckpoint } from '../checkpoint';
import { disposeSession, type Session } from '../session';
import { train } from '../trainer';
import { keepLastGood, saveCheckpoint } from './checkpoint-save';
import { trainingFingerprint } from './fingerprint';
import { liveSession, type Live } from './live-session';
import { LossLog } from './loss-log';
import type { FromWorker, StartCommand } from './protocol';
import { resumeSession } from './resume-session';

const doc = divergingDoc();
const fingerprint = trainingFingerprint(doc);
const start = (resumeFrom: string | null): StartCommand => ({
  type: 'start', doc, fingerprint, seed: 1, resumeFrom, backend: 'cpu', settings: { metricsEvery: 1, previewEvery: 0, checkpointEvery: 1 }, run: null,
});

async function open(store: ReturnType<typeof memoryStore>, resumeFrom: string | null): Promise<Live> {
  const session = await cpuSession(doc);
  const log = new LossLog(session.program.updates.map((u) => ({ id: u.id, name: u.name })));
  const msg = start(resumeFrom);
  return liveSession(session, msg, log, await resumeSession(session, log, msg, { checkpoints: store, post: () => undefined }));
}

/** Trains as the runner does (a checkpoint at each read-back) until the loss overflows. */
async function trainUntilNonFinite(live: Live, store: ReturnType<typeof memoryStore>, seen: FromWorker[]): Promise<number> {
  const post = (m: FromWorker) => void seen.push(m);
  const r = await train(live.session, { steps: 100, metricsEvery: 1, onHealthy: () => saveCheckpoint(live, store, post) });
  if (r.status !== 'nonFinite') throw new Error(`training ended ${r.status}`);
  const kept = await keepLastGood(live, store, post, r.step);
  expect(kept).toBe(store.records.get(live.fingerprint)?.step ?? null); // the step it names is the one stored
  disposeSession(live.session);
  return r.step;
}

async function nextLoss(s: Session): Promise<number> {
  let loss = NaN;
  await train(s, { steps: 1, metricsEvery: 1, onMetrics: (m) => void (loss = m[0]!.losses.opt!) });
  return loss;
}

describe('the worker\'s checkpoint after a non-finite loss', () => {
  it('is the one before the iteration that overflowed, and trains on from there', async () => {
    const store = memoryStore();
    const seen: FromWorker[] = [];
    const bad = await trainUntilNonFinite(await open(store, null), store, seen);
    expect(bad).toBe(42);
    const stored = store.records.get(fingerprint)!;
    expect(stored.step).toBe(41);
    expect(seen.filter((m) => m.type === 'checkpoint').at(-1)).toMatchObject({ step: 41 });
    const s = await cpuSession(doc);
    await restoreCheckpoint(s, decodeCheckpoint(stored.header, stored.body));
    expect(Number.isFinite(await nextLoss(s))).toBe(true);
    disposeSession(s);
  });

  it('is the stored one a session resumed from, when the session saved none good since', async () => {
    const store = memoryStore();
    const first = await open(store, null);
    await train(first.session, { steps: 41, metricsEvery: 1 });
    await saveCheckpoint(first, store, () => undefined);
    disposeSession(first.session);
    expect(store.records.get(fingerprint)!.step).toBe(41);
    await trainUntilNonFinite(await open(store, fingerprint), store, []);
    expect(store.records.get(fingerprint)!.step).toBe(41);
  });
});
