// Whether a session can train on the backend that runs now. Some backends lack kernels that
// training needs (tfjs's WebAssembly backend has no Conv2DBackpropFilter, the gradient of a
// convolution's weights), and tfjs only finds out when an op runs. So one trial iteration computes
// every update's loss and gradients and every preview, then puts back what it changed (the models'
// weights, e.g. batch-norm statistics, and the random stream): the run itself is untouched.
import type * as TF from '@tensorflow/tfjs';
import type { TFModule } from '../../../nodes/spec';
import { Rng } from '../rng';
import { runEnv, type Session } from '../session';

const MISSING = /Kernel '([^']+)' not registered for backend/;

/** The kernel an error says a backend lacks, or null when it says something else. */
export function missingKernelOf(e: unknown): string | null {
  const m = MISSING.exec(e instanceof Error ? e.message : String(e));
  return m ? m[1]! : null;
}

/**
 * A backward pass that threw leaves the tensors its tape saved behind: tfjs frees them only after a
 * backward pass that finished. Free them here (engine state, read defensively).
 */
function dropTape(tf: TFModule): void {
  const state = (tf.engine() as unknown as { state?: { gradientDepth?: number; activeTape?: { saved?: TF.Tensor[] }[] | null } }).state;
  if (!state?.activeTape || state.gradientDepth !== 0) return;
  for (const node of state.activeTape) for (const t of node.saved ?? []) t.dispose();
  state.activeTape = null;
}

/** The first kernel the session needs that the backend lacks; null when it has them all. Other errors are thrown. */
export async function missingKernel(s: Session): Promise<string | null> {
  const tf = s.tf;
  const rng = s.rng.state();
  const saved: TF.Tensor[][] = Object.values(s.models).map((m) => tf.tidy(() => m.getWeights().map((w) => w.clone())));
  try {
    for (const u of s.program.updates) {
      tf.tidy(() => {
        tf.variableGrads(() => u.loss(runEnv(s, true)), u.variables);
      });
    }
    for (const p of s.program.previews) {
      tf.tidy(() => {
        p.run(runEnv(s, false));
      });
    }
    return null;
  } catch (e) {
    dropTape(tf);
    const kernel = missingKernelOf(e);
    if (kernel === null) throw e;
    return kernel;
  } finally {
    Object.values(s.models).forEach((m, i) => m.setWeights(saved[i]!));
    tf.dispose(saved.flat());
    s.rng = new Rng(rng);
  }
}
