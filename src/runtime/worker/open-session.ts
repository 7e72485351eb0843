// A start command's session: compiled on the chosen backend (compile-session.ts), resumed where
// its checkpoint left it (resume-session.ts), and announced to the page: the backend it runs on,
// then 'ready' with its loss history, then what the page needs to know about it.
import type { BrowserBackendChoice } from '../backend-browser';
import { batchInfo } from './batch-size';
import { compileSession } from './compile-session';
import { liveSession, type Live } from './live-session';
import { LossLog } from './loss-log';
import type { StartCommand, UpdateInfo } from './protocol';
import { resumeSession } from './resume-session';
import type { RunnerDeps } from './runner-deps';

export async function openSession(deps: RunnerDeps, msg: StartCommand, chosen: BrowserBackendChoice): Promise<Live> {
  const { session, backend } = await compileSession(deps, msg, chosen);
  deps.post({ type: 'backend', choice: backend });
  const updates: UpdateInfo[] = [
    ...session.program.updates.map((u) => ({ id: u.id, name: u.name, kind: 'loss' as const })),
    ...session.program.metrics.map((m) => ({ id: m.id, name: m.name, kind: 'metric' as const })),
  ];
  const log = new LossLog(updates);
  const resumedFrom = await resumeSession(session, log, msg, deps);
  const history = log.history();
  const transfer = [history.steps.buffer as ArrayBuffer, ...history.losses.map((l) => l.buffer as ArrayBuffer)];
  deps.post({ type: 'ready', fingerprint: msg.fingerprint, step: session.step, resumedFrom, updates, history }, transfer);
  deps.post({ type: 'sessionInfo', batch: batchInfo(msg.doc), models: Object.keys(session.models) });
  return liveSession(session, msg, log, resumedFrom);
}
