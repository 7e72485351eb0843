// The emit functions of the main-graph nodes, by node type.
import { dataEmitters } from './data';
import { lossEmitters } from './losses';
import { optimizerEmitters } from './optimizers';
import { previewEmitters } from './previews';
import { samplerEmitters } from './samplers';
import type { OpEmitter, OptimizerEmitter } from './types';

const opEmitters = new Map<string, OpEmitter>([...dataEmitters, ...samplerEmitters, ...lossEmitters, ...previewEmitters].map((e) => [e.type, e]));
const optimizers = new Map<string, OptimizerEmitter>(optimizerEmitters.map((e) => [e.type, e]));

export const opEmitterFor = (type: string): OpEmitter | undefined => opEmitters.get(type);
export const optimizerEmitterFor = (type: string): OptimizerEmitter | undefined => optimizers.get(type);
