import type { NodeSpec } from '../spec';
import accuracy from './accuracy';
import metric from './metric';

export const metricsNodes: readonly NodeSpec[] = [metric, accuracy];
