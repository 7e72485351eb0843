// The custom tfjs layers of the catalogue, for the compiler, for loaders and for emitted code.
import type { TFModule } from '../../spec';
import { freshMaskDropoutClass } from './fresh-mask-dropout';
import { groupNormClass } from './group-norm';
import { selfAttention2DClass } from './self-attention-2d';
import { timestepEmbeddingClass } from './timestep-embedding';

/**
 * The classes by the names emitted code uses (`new GroupNorm({...})`): emitted programs get them
 * with `const { GroupNorm, ... } = customLayerClasses(tf)`.
 */
export function customLayerClasses(tf: TFModule) {
  return {
    GroupNorm: groupNormClass(tf),
    FreshMaskDropout: freshMaskDropoutClass(tf),
    TimestepEmbedding: timestepEmbeddingClass(tf),
    SelfAttention2D: selfAttention2DClass(tf),
  };
}

/** Registers every custom layer for deserialisation; call before tf.loadLayersModel. */
export function registerCustomLayers(tf: TFModule): void {
  customLayerClasses(tf);
}
