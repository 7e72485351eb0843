// The custom layer classes an exported module may hold, by the class name emitted layer code uses.
import type { Snippet } from '../../snippet';
import { freshMaskDropoutClass } from './fresh-mask-dropout';
import { groupNormClass } from './group-norm';
import { selfAttention2DClass } from './self-attention-2d';
import { timestepEmbeddingClass } from './timestep-embedding';

export const CUSTOM_LAYER_CLASSES: Readonly<Record<string, Snippet>> = {
  GroupNorm: groupNormClass,
  TimestepEmbedding: timestepEmbeddingClass,
  SelfAttention2D: selfAttention2DClass,
  FreshMaskDropout: freshMaskDropoutClass,
};
