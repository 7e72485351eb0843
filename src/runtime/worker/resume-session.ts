// A session just compiled resumes where a checkpoint left it (one sent with the start, from a file,
// else the one stored under the fingerprint asked for), with its learning rates and loss history.
// Without one, imported models begin from their imported weights. The session is freed if this fails.
import { decodeCheckpoint, restoreCheckpoint } from '../checkpoint';
import { disposeSession, type Session } from '../session';
import { keptFor } from './checkpoint-save';
import { applyInitialWeights } from './initial-weights';
import { setLearningRate } from './learning-rate';
import type { LossLog } from './loss-log';
import type { StartCommand } from './protocol';
import type { RunnerDeps } from './runner-deps';

/** Returns the step resumed at, or null for a session started afresh. */
export async function resumeSession(
  session: Session,
  log: LossLog,
  msg: StartCommand,
  deps: Pick<RunnerDeps, 'checkpoints' | 'initialWeights' | 'post'>,
): Promise<number | null> {
  try {
    const saved = msg.checkpoint ?? (msg.resumeFrom ? await deps.checkpoints.load(msg.resumeFrom) : null);
    if (saved) {
      const checkpoint = decodeCheckpoint(saved.header, saved.body);
      await restoreCheckpoint(session, checkpoint);
      for (const [id, lr] of Object.entries(checkpoint.learningRates ?? {})) setLearningRate(session, id, lr);
      log.restore(saved.history);
      log.truncate(session.step);
      // the graph's own stored checkpoint is the one to put back if its next iteration fails
      if (!msg.checkpoint && msg.resumeFrom === msg.fingerprint) keptFor(session).written(session.step, saved);
      return session.step;
    }
    // a checkpoint's weights win; afresh, imported models begin from their imported weights
    if (deps.initialWeights) {
      for (const message of await applyInitialWeights(session, deps.initialWeights)) deps.post({ type: 'notice', message });
    }
    return null;
  } catch (e) {
    disposeSession(session);
    throw e;
  }
}
