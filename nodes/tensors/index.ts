import type { NodeSpec } from '../spec';
import arithmetic from './arithmetic';
import clip from './clip';
import concatenate from './concatenate';
import constant from './constant';
import interpolate from './interpolate';
import oneHot from './one-hot';
import reconstructionError from './reconstruction-error';
import scale from './scale';
import softmax from './softmax';
import tile from './tile';

export const tensorsNodes: readonly NodeSpec[] = [oneHot, constant, arithmetic, scale, clip, concatenate, interpolate, tile, softmax, reconstructionError];
