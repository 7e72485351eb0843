import type { NodeSpec } from '../spec';

export const previewsNodes: readonly NodeSpec[] = [];
