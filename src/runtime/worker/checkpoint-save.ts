// Saves the live session's checkpoint (weights, optimizer state, learning rates, loss history)
// under its graph's fingerprint, once per step. A save that fails (a full disk, a private window)
// must not stop training: it becomes a notice and training goes on. Weights that are no longer
// finite are not saved. What was saved is remembered, so that after a non-finite loss the newest
// checkpoint whose next iteration was finite can be put back (checkpoint-keep.ts).
import { saveDocument } from '../../graph/save';
import { issue, renderIssue } from '../../messages';
import { captureCheckpoint, encodeCheckpoint } from '../checkpoint';
import { nonFiniteValue } from '../checkpoint-check';
import type { CheckpointStore, StoredCheckpoint } from '../checkpoint-idb';
import { KeptCheckpoints } from '../checkpoint-keep';
import type { Session } from '../session';
import { learningRates } from './learning-rate';
import type { Live } from './live-session';
import type { Post } from './runner-deps';

const kept = new WeakMap<Session, KeptCheckpoints<StoredCheckpoint>>();

/** The checkpoints of `s` written to the store so far (a resumed one included, by resume-session.ts). */
export function keptFor(s: Session): KeptCheckpoints<StoredCheckpoint> {
  let k = kept.get(s);
  if (!k) kept.set(s, (k = new KeptCheckpoints()));
  return k;
}

export async function saveCheckpoint(live: Live, store: CheckpointStore, post: Post): Promise<void> {
  const s = live.session;
  if (live.savedStep === s.step) return;
  try {
    const c = { ...(await captureCheckpoint(s)), learningRates: learningRates(s) };
    const bad = nonFiniteValue(c.tensors);
    if (bad) {
      post({ type: 'notice', message: renderIssue(issue('run.nonFiniteState', { step: s.step, tensor: `tensor ${bad.tensor}` })) });
      return;
    }
    const { header, body } = encodeCheckpoint(c);
    const savedAt = Date.now();
    const record: StoredCheckpoint = {
      fingerprint: live.fingerprint, docName: live.doc.meta.name, step: s.step, savedAt, bytes: body.byteLength,
      graph: saveDocument(live.doc), header, body, history: live.log.stored(),
    };
    await store.save(record);
    keptFor(s).written(s.step, record);
    live.savedStep = s.step;
    post({ type: 'checkpoint', step: s.step, fingerprint: live.fingerprint, savedAt });
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    post({ type: 'notice', message: renderIssue(issue('run.checkpointSaveFailed', { detail })) });
    live.savedStep = s.step;
  }
}

/**
 * After iteration `step` gave a non-finite loss: where the checkpoint stored last is of that very
 * iteration, its weights lead there again, so the one saved before it goes back in its place (or,
 * with none, it goes). To be called before the session is closed.
 */
export async function keepLastGood(live: Live, store: CheckpointStore, post: Post, step: number): Promise<number | null> {
  const k = keptFor(live.session);
  const after = k.afterNonFinite(step);
  try {
    if (after.kind === 'restore') {
      await store.save(after.value);
      live.savedStep = after.step;
      post({ type: 'checkpoint', step: after.step, fingerprint: live.fingerprint, savedAt: after.value.savedAt });
    } else if (after.kind === 'remove') {
      await store.remove(live.fingerprint);
      live.savedStep = -1;
    }
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    post({ type: 'notice', message: renderIssue(issue('run.checkpointSaveFailed', { detail })) });
    return null;
  }
  return k.keptStep(after);
}
