// The emit functions of the main-graph nodes, by node type: the node's own `emit` where its file
// has one, else the writer's table.
import { getSpec } from '../../../nodes';
import { dataEmitters } from './data';
import type { Use } from '../snippet';
import type { OpEmitter, OptimizerEmitter } from './types';

const opEmitters = new Map<string, OpEmitter>([...dataEmitters].map((e) => [e.type, e]));

export function opEmitterFor(type: string): OpEmitter | undefined {
  const spec = getSpec(type);
  if (spec && spec.role !== 'layer' && spec.role !== 'optimizer' && 'emit' in spec && spec.emit) {
    return { type, emit: spec.emit as OpEmitter['emit'] };
  }
  return opEmitters.get(type);
}

export function optimizerEmitterFor(type: string): OptimizerEmitter | undefined {
  const spec = getSpec(type);
  if (spec?.role === 'optimizer' && spec.emitCreate) {
    const emitter: OptimizerEmitter = { type, create: spec.emitCreate as OptimizerEmitter['create'] };
    const after = spec.emitAfterUpdate as ((p: unknown, variables: string, ctx: { use: Use }) => string) | undefined;
    if (after) emitter.after = (p, variables, use) => after(p, variables, { use });
    return emitter;
  }
  return undefined;
}
