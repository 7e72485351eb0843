// Checkpoints whose every value, and whose graph's name, is their step: after a crash, what a
// checkpoint directory holds shows at once which save it came from, and whether its parts match.
import type { GraphDoc } from '../../src/graph/types';
import type { Checkpoint } from '../../src/runtime/checkpoint';
import { TEMPLATES } from '../../templates';

/** a megabyte of weights, so that writing them takes a while */
const SIZE = 256 * 1024;

export function stepCheckpoint(step: number): Checkpoint {
  return {
    format: 'tensorloom-checkpoint', version: 1, step, seed: 1, rng: [step, 2, 3, 4],
    tensors: [
      { name: 'model/m/0/w', shape: [SIZE / 2], dtype: 'float32', data: new Float32Array(SIZE / 2).fill(step) },
      { name: 'optimizer/o/0/iter', shape: [], dtype: 'int32', data: Int32Array.of(step) },
      { name: 'optimizer/o/1/w/m', shape: [SIZE / 2], dtype: 'float32', data: new Float32Array(SIZE / 2).fill(-step) },
    ],
  };
}

export function stepDoc(step: number): GraphDoc {
  const doc = structuredClone(TEMPLATES.find((t) => t.id === 'gan-2d')!.doc);
  doc.meta.name = `step ${step}`;
  return doc;
}

/** The step a loaded checkpoint is all of, or a description of how its parts disagree. */
export function stepOf(doc: GraphDoc, c: Checkpoint): number | string {
  const steps = new Set<number>([c.step, c.rng[0], Number(doc.meta.name.replace('step ', ''))]);
  for (const t of c.tensors) for (const v of t.data) steps.add(Math.abs(v));
  return steps.size === 1 ? c.step : `a mix of steps ${[...steps].sort((a, b) => a - b).join(', ')}`;
}
