// Shared bits of the layer nodes: activation names tfjs layers accept, seeded initialisers, the
// numbered ports of nodes that combine several tensors.
import type { PortSpec, SeedExpressions, TFModule } from '../spec';
import { code } from './emit';

/** Activations a tfjs layer accepts by name (leaky ReLU has its own node param: see Activation). */
export const ACTIVATIONS = ['linear', 'relu', 'elu', 'tanh', 'sigmoid', 'swish', 'gelu', 'softplus', 'softmax'] as const;
export type ActivationName = (typeof ACTIVATIONS)[number];

/** Glorot-uniform kernels (the Keras default) drawn from the training seed, so runs repeat. */
export function initializers(tf: TFModule, seed: number) {
  return { kernelInitializer: tf.initializers.glorotUniform({ seed }) };
}

/**
 * The same initialiser in emitted code: seeded as `build` seeds it when given the seed expressions,
 * else by name. It must be spelt out: tfjs's own default for Dense and Conv kernels is
 * Glorot-normal, not the Keras Glorot-uniform.
 */
export const emittedInitializers = (seeds: SeedExpressions | undefined) => ({
  kernelInitializer: seeds ? code(`tf.initializers.glorotUniform({ seed: ${seeds.seed} })`) : 'glorotUniform',
});

/**
 * The Glorot-uniform initialiser of the k-th kernel of a layer with several kernels (attention's
 * query, key, value, output): one seed each, or all kernels would start out identical.
 */
export function kthKernelInitializer(tf: TFModule, seed: number | undefined, k: number) {
  return tf.initializers.glorotUniform(seed === undefined ? {} : { seed: seed + k });
}

/** Port names in1..inN of a node that combines `count` tensors, in the order the layer receives them. */
export const numberedPortNames = (count: number): string[] => Array.from({ length: count }, (_, i) => `in${i + 1}`);

export function numberedPorts(count: number, doc: string): PortSpec[] {
  return numberedPortNames(count).map((name) => ({ name, kind: 'tensor', doc }));
}

/** The `inputs` param of merge nodes: how many ports they show. */
export const inputCountParam = {
  kind: 'int',
  default: 2,
  min: 2,
  max: 8,
  doc: 'How many tensors to combine; the node shows one input port per tensor.',
} as const;
