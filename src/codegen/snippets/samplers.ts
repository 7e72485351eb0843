// Samplers of the exported program that need more than one tfjs call.
import { snippet } from '../snippet';
import { philoxNormal, randomClass } from './random';

export const reparameterize = snippet(
  'reparameterize',
  'samplers',
  `
/** z = mu + exp(logvar / 2) · eps, eps ~ N(0, 1): a Gaussian sample gradients pass through. */
function reparameterize(mu: tf.Tensor, logvar: tf.Tensor, rng: Random): tf.Tensor {
  const eps = philoxNormal(mu.shape, rng.seed());
  return tf.add(mu, tf.mul(tf.exp(tf.mul(logvar, 0.5)), eps));
}
`,
  [randomClass, philoxNormal],
);
