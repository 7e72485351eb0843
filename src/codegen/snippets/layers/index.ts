// The custom layer classes an exported module may hold, by the class name emitted layer code uses
// (`new GroupNorm({...})`): the runtime's own classes, copied by npm run export-code, each made
// once for the module's tfjs, as the app makes them.
import { runtimeSnippet, type RuntimeName } from '../../runtime-code';
import { snippet, type Snippet } from '../../snippet';

const classOf = (className: string, factory: RuntimeName): Snippet =>
  snippet(className, 'layers', `const ${className} = ${factory}(tf);`, [runtimeSnippet(factory)]);

export const CUSTOM_LAYER_CLASSES: Readonly<Record<string, Snippet>> = {
  GroupNorm: classOf('GroupNorm', 'groupNormClass'),
  TimestepEmbedding: classOf('TimestepEmbedding', 'timestepEmbeddingClass'),
  SelfAttention2D: classOf('SelfAttention2D', 'selfAttention2DClass'),
  FreshMaskDropout: classOf('FreshMaskDropout', 'freshMaskDropoutClass'),
};
