// One GroupNorm test case, the same on every backend: the layer with fixed gamma and beta, an input
// variable and the weights of the test's loss sum(y * weights), all drawn from the Philox stream.
import type * as tf from '@tensorflow/tfjs';
import { customLayerClasses } from '../../nodes/layers/custom';
import { philoxNormal, philoxUniform } from '../../src/runtime/gpu-random/philox';

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

export function groupNormCase(tfm: typeof tf, shape: number[], groups: number, name: string) {
  const { GroupNorm } = customLayerClasses(tfm);
  const channels = shape[shape.length - 1]!;
  const layer = new GroupNorm({ groups, epsilon: 1e-5 });
  layer.build(shape);
  layer.setWeights([tfm.tensor(philoxUniform(channels, 3, 0, 0.5, 1.5)), tfm.tensor(philoxNormal(channels, 4, 0))]);
  const [gamma, beta] = layer.trainableWeights.map((w) => w.read() as tf.Variable);
  const x = tfm.tidy(() => tfm.variable(tfm.tensor(philoxNormal(size(shape), 10, 0, 1, 2), shape), true, name));
  const weights = tfm.tensor(philoxNormal(size(shape), 20, 0), shape);
  return { layer, gamma: gamma!, beta: beta!, x, weights };
}
