import type { NodeSpec } from '../spec';
import call from './call';
import input from './input';
import output from './output';

export const modelNodes: readonly NodeSpec[] = [input, output, call];
