// The emit functions of the main-graph nodes and optimizers, by node type: each node's own.
import { getSpec } from '../../../nodes';
import type { Use } from '../snippet';
import type { OpEmitter, OptimizerEmitter } from './types';

export function opEmitterFor(type: string): OpEmitter | undefined {
  const spec = getSpec(type);
  if (!spec || spec.role === 'layer' || spec.role === 'optimizer' || !('emit' in spec) || !spec.emit) return undefined;
  return { type, emit: spec.emit as OpEmitter['emit'] };
}

export function optimizerEmitterFor(type: string): OptimizerEmitter | undefined {
  const spec = getSpec(type);
  if (spec?.role !== 'optimizer' || !spec.emitCreate) return undefined;
  const emitter: OptimizerEmitter = { type, create: spec.emitCreate as OptimizerEmitter['create'] };
  const after = spec.emitAfterUpdate as ((p: unknown, variables: string, ctx: { use: Use }) => string) | undefined;
  if (after) emitter.after = (p, variables, use) => after(p, variables, { use });
  return emitter;
}
