// Which layers a gradient penalty can differentiate twice: the penalty is a function of a model's
// gradient with respect to its input, and the optimizer takes that function's gradient again.
// Each entry was tried on the cpu and wasm backends (test/runtime/gradient-penalty.test.ts holds
// them to finite differences); what is missing has no second derivative in tfjs (pooling,
// up-sampling, ELU) or makes no sense for it (BatchNorm mixes a batch's samples, so one sample's
// gradient depends on the others: the WGAN-GP paper uses LayerNorm in the critic instead).

/** The activations whose derivatives tfjs can differentiate once more (not ELU, swish or softmax). */
const SMOOTH_ENOUGH = new Set(['linear', 'relu', 'leakyRelu', 'tanh', 'sigmoid', 'gelu', 'softplus']);

const WITH_ACTIVATION = new Set(['layers.dense', 'layers.conv2d', 'layers.conv2dTranspose', 'layers.activation']);
const PLAIN = new Set([
  'layers.flatten', 'layers.reshape', 'layers.dropout', 'layers.layerNorm', 'layers.groupNorm', 'layers.globalAvgPool',
  'layers.concatenate', 'layers.add', 'layers.multiply', 'layers.embedding', 'models.input', 'models.output',
]);

const WHY: Record<string, string> = {
  'layers.batchNorm': 'BatchNorm normalises over the batch, so one sample\'s gradient depends on the other samples; use LayerNorm in a critic (as the WGAN-GP paper does)',
  'layers.maxPool2d': 'tfjs has no second derivative of max pooling; use a Conv2D with strides 2 instead',
  'layers.avgPool2d': 'tfjs has no second derivative of average pooling; use a Conv2D with strides 2 instead',
  'layers.upSampling2d': 'tfjs has no second derivative of nearest-neighbour up-sampling; use a Conv2DTranspose instead',
};

/**
 * Null when a layer of this type and params may stand in a model a gradient penalty differentiates,
 * else why not, as a sentence that says what to use instead.
 */
export function secondOrderRefusal(type: string, params: Record<string, unknown>): string | null {
  if (PLAIN.has(type)) return null;
  if (WITH_ACTIVATION.has(type)) {
    const a = String(params['activation'] ?? 'linear');
    return SMOOTH_ENOUGH.has(a) ? null : `tfjs has no second derivative of the ${a} activation; use leakyRelu, relu, gelu or softplus instead`;
  }
  return WHY[type] ?? 'its gradient has not been checked to be differentiable again; build the critic from Dense, Conv2D, LayerNorm and activations like leakyRelu';
}
