import type { NodeSpec } from '../spec';

export const dataNodes: readonly NodeSpec[] = [];
