// Counting the weights of layer nodes without tfjs: the pieces several layers share.
import type { ParamCount, Shape } from '../spec';

export const trained = (n: number): ParamCount => ({ trainable: n, nonTrainable: 0 });

/** For layers without weights: zero, even before the input shape is known. */
export const noWeights = (): ParamCount => trained(0);

/** The last dimension of the input when it is known: features or channels. */
export function channels(input: Shape | undefined): number | undefined {
  const c = input?.at(-1);
  return typeof c === 'number' && input!.length >= 2 ? c : undefined;
}

/** Layers with a few weights per input channel (the normalisations): trained ones and kept ones. */
export const perChannel =
  (trainable: number, kept = 0) =>
  (_params: unknown, input: Shape | undefined): ParamCount | undefined => {
    const c = channels(input);
    return c === undefined ? undefined : { trainable: trainable * c, nonTrainable: kept * c };
  };
