import type { NodeSpec } from '../spec';
import constant from './constant';
import oneHot from './one-hot';
import softmax from './softmax';

export const tensorsNodes: readonly NodeSpec[] = [oneHot, constant, softmax];
