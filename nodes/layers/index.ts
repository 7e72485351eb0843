import type { NodeSpec } from '../spec';
import activation from './activation';
import add from './add';
import avgPool2d from './avg-pool2d';
import batchNorm from './batch-norm';
import concatenate from './concatenate';
import conv2d from './conv2d';
import conv2dTranspose from './conv2d-transpose';
import dense from './dense';
import dropout from './dropout';
import embedding from './embedding';
import flatten from './flatten';
import globalAvgPool from './global-avg-pool';
import groupNorm from './group-norm';
import layerNorm from './layer-norm';
import maxPool2d from './max-pool2d';
import multiply from './multiply';
import reshape from './reshape';
import selfAttention2d from './self-attention-2d';
import timestepEmbedding from './timestep-embedding';
import upSampling2d from './up-sampling2d';

/** In palette order: the basics, then convolutions and resizing, merges, normalisation, the rest. */
export const layerNodes: readonly NodeSpec[] = [
  dense,
  activation,
  dropout,
  flatten,
  reshape,
  embedding,
  conv2d,
  conv2dTranspose,
  upSampling2d,
  maxPool2d,
  avgPool2d,
  globalAvgPool,
  concatenate,
  add,
  multiply,
  batchNorm,
  layerNorm,
  groupNorm,
  timestepEmbedding,
  selfAttention2d,
];
