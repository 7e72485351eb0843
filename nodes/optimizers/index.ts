import type { NodeSpec } from '../spec';
import adam from './adam';
import adamw from './adamw';
import rmsprop from './rmsprop';
import sgd from './sgd';

export const optimizersNodes: readonly NodeSpec[] = [adam, adamw, sgd, rmsprop];
