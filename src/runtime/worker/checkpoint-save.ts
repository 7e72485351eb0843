// Saves the live session's checkpoint (weights, optimizer state, learning rates, loss history)
// under its graph's fingerprint, once per step. A save that fails (a full disk, a private window)
// must not stop training: it becomes a notice and training goes on.
import { saveDocument } from '../../graph/save';
import { issue, renderIssue } from '../../messages';
import { captureCheckpoint, encodeCheckpoint } from '../checkpoint';
import type { CheckpointStore } from '../checkpoint-idb';
import { learningRates } from './learning-rate';
import type { Live } from './live-session';
import type { Post } from './runner-deps';

export async function saveCheckpoint(live: Live, store: CheckpointStore, post: Post): Promise<void> {
  const s = live.session;
  if (live.savedStep === s.step) return;
  try {
    const { header, body } = encodeCheckpoint({ ...(await captureCheckpoint(s)), learningRates: learningRates(s) });
    const savedAt = Date.now();
    await store.save({
      fingerprint: live.fingerprint, docName: live.doc.meta.name, step: s.step, savedAt, bytes: body.byteLength,
      graph: saveDocument(live.doc), header, body, history: live.log.stored(),
    });
    live.savedStep = s.step;
    post({ type: 'checkpoint', step: s.step, fingerprint: live.fingerprint, savedAt });
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    post({ type: 'notice', message: renderIssue(issue('run.checkpointSaveFailed', { detail })) });
    live.savedStep = s.step;
  }
}
