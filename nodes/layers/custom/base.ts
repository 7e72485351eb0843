// What the custom tfjs layers share. tfjs is handed in, never imported at runtime here, so each
// layer class is made by a factory taking `tf`; the factory runs once per tfjs module and
// registers the class for (de)serialisation, so saved models load back with tf.loadLayersModel.
import type * as TF from '@tensorflow/tfjs';
import type { TFModule } from '../../spec';

/** The constructor args every tfjs layer takes (name, trainable, dtype, ...). */
export type LayerArgs = NonNullable<ConstructorParameters<TFModule['layers']['Layer']>[0]>;
/** Keyword args of Layer.call: `training` is the one these layers read. */
export type Kwargs = Parameters<TF.layers.Layer['call']>[1];
export type LayerShape = (number | null)[];
export type ConfigDict = TF.serialization.ConfigDict;

/** Registered as 'Tensorloom>ClassName' in saved models. */
export const PACKAGE = 'Tensorloom';

export { perTfModule } from '../../../src/runtime/per-tf-module';

/** These layers take one input; tfjs may hand it over wrapped in an array. */
export function onlyTensor(inputs: TF.Tensor | TF.Tensor[]): TF.Tensor {
  const x = Array.isArray(inputs) ? inputs[0] : inputs;
  if (!x) throw new Error('expected one input tensor');
  return x;
}

export function onlyShape(inputShape: LayerShape | LayerShape[]): LayerShape {
  const first = inputShape[0];
  return Array.isArray(first) ? first : (inputShape as LayerShape);
}

/** True only inside a training call: `model.apply(x, { training: true })`. */
export const isTraining = (kwargs: Kwargs): boolean => kwargs['training'] === true;
