// Records the shader keys of the programs the active tfjs webgpu backend runs (nothing on other
// backends), to check which path an op took.
import * as tf from '@tensorflow/tfjs';

type Run = (p: { shaderKey: string }, ...rest: unknown[]) => unknown;

export function recordPrograms(): { keys: string[]; stop: () => void } {
  const keys: string[] = [];
  const backend = tf.backend() as unknown as { runWebGPUProgram?: Run };
  const original = backend.runWebGPUProgram;
  if (!original) return { keys, stop: () => {} };
  backend.runWebGPUProgram = function (this: unknown, p, ...rest) {
    keys.push(p.shaderKey);
    return original.call(this, p, ...rest);
  };
  return { keys, stop: () => void (backend.runWebGPUProgram = original) };
}
