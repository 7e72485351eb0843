// Shared bits of the layer nodes: activation names tfjs layers accept, seeded initialisers.
import type { TFModule } from '../spec';

/** Activations a tfjs layer accepts by name (leaky ReLU has its own node param: see Activation). */
export const ACTIVATIONS = ['linear', 'relu', 'elu', 'tanh', 'sigmoid', 'swish', 'gelu', 'softplus'] as const;
export type ActivationName = (typeof ACTIVATIONS)[number];

/** Glorot-uniform kernels (the Keras default) drawn from the training seed, so runs repeat. */
export function initializers(tf: TFModule, seed: number) {
  return { kernelInitializer: tf.initializers.glorotUniform({ seed }) };
}
