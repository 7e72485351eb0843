// Compiles the document into a session on the chosen backend. WebAssembly lacks some gradient
// kernels: a graph that needs one trains on the CPU instead, with a note that says which kernel
// and why.
import { issue, renderIssue } from '../../messages';
import type { BrowserBackendChoice } from '../backend-browser';
import { createSession, disposeSession, type Session } from '../session';
import { missingKernel } from './kernel-trial';
import type { StartCommand } from './protocol';
import type { RunnerDeps } from './runner-deps';

export async function compileSession(
  deps: Pick<RunnerDeps, 'tf' | 'selectBackend' | 'loadDataset'>,
  msg: StartCommand,
  chosen: BrowserBackendChoice,
): Promise<{ session: Session; backend: BrowserBackendChoice }> {
  const tf = deps.tf;
  // an earlier session of this worker may have fallen back to the CPU
  if (tf.getBackend() !== chosen.name) await tf.setBackend(chosen.name);
  const create = () => createSession(tf, msg.doc, { seed: msg.seed, loadDataset: deps.loadDataset });
  const session = await create();
  if (chosen.name !== 'wasm') return { session, backend: chosen };
  let kernel: string | null;
  try {
    kernel = await missingKernel(session);
  } catch (e) {
    disposeSession(session);
    throw e;
  }
  if (kernel === null) return { session, backend: chosen };
  disposeSession(session);
  const cpu = await deps.selectBackend('cpu');
  const note = renderIssue(issue('run.wasmKernelMissing', { kernel }));
  return { session: await create(), backend: { ...cpu, notes: [...chosen.notes, note, ...cpu.notes] } };
}
