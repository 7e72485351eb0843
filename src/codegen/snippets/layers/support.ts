// What the custom layer classes of the exported module share: their argument and shape types, and
// the unwrapping of tfjs's one-or-many inputs. Mirrors nodes/layers/custom/base.ts.
import { snippet } from '../../snippet';

export const layerSupport = snippet(
  'onlyTensor',
  'layers',
  `
/** The constructor args every tfjs layer takes (name, trainable, dtype, ...). */
type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;
/** Keyword args of Layer.call: \`training\` is the one these layers read. */
type Kwargs = Parameters<tf.layers.Layer['call']>[1];
type LayerShape = (number | null)[];

/** These layers take one input; tfjs may hand it over wrapped in an array. */
function onlyTensor(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
  const x = Array.isArray(inputs) ? inputs[0] : inputs;
  if (!x) throw new Error('expected one input tensor');
  return x;
}

function onlyShape(inputShape: LayerShape | LayerShape[]): LayerShape {
  const first = inputShape[0];
  return Array.isArray(first) ? first : (inputShape as LayerShape);
}
`,
  [],
  ['LayerArgs', 'Kwargs', 'LayerShape', 'onlyShape'],
);

/** Registered under the app's package name, as the app registers its own classes: models saved by either load with the other. */
export const REGISTER_AS = `'Tensorloom'`;
