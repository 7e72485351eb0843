import type { NodeSpec } from '../spec';

export const samplersNodes: readonly NodeSpec[] = [];
