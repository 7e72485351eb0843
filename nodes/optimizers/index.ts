import type { NodeSpec } from '../spec';

export const optimizersNodes: readonly NodeSpec[] = [];
