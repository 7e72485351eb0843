import type { NodeSpec } from '../spec';

export const lossesNodes: readonly NodeSpec[] = [];
