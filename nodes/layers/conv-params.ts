// The params Conv2D and Conv2DTranspose share (square kernels and strides, as in most image models).
import type { ParamCount, ParamValues, Shape } from '../spec';
import { ACTIVATIONS } from './common';
import { channels, trained } from './param-count';
import type { TorchWeight } from '../torch-emit';

export const PADDINGS = ['same', 'valid'] as const;

export const convParams = {
  filters: { kind: 'int', default: 32, min: 1, max: 4096, doc: 'Number of output channels: one learned filter each.' },
  kernelSize: { kind: 'int', default: 3, min: 1, max: 15, doc: 'Height and width of each filter window.' },
  strides: { kind: 'int', default: 1, min: 1, max: 8, doc: 'Step between window positions; 2 halves (Conv2D) or doubles (Conv2DTranspose) height and width.' },
  padding: {
    kind: 'enum',
    options: PADDINGS,
    default: 'same',
    doc: '"same" pads the border so size only changes by the stride; "valid" uses only full windows.',
  },
  activation: { kind: 'enum', options: ACTIVATIONS, default: 'linear', doc: 'Non-linearity applied to the output.' },
  useBias: { kind: 'bool', default: true, doc: 'Add a learned bias to each output channel.' },
} as const;

type ConvValues = ParamValues<typeof convParams>;

/** The zoomed-out face of a convolution: filters, window, stride where it is not 1, activation where there is one. */
export const convFace = (p: ConvValues): string =>
  [`${p.filters} · ${p.kernelSize}×${p.kernelSize}${p.strides > 1 ? ` /${p.strides}` : ''}`, p.activation !== 'linear' ? p.activation : ''].filter(Boolean).join(' · ');

/** The tfjs constructor args, shared by `build` and `emit` so the emitted code builds the same layer. */
export const convArgs = (p: ConvValues, name: string) => ({
  name,
  filters: p.filters,
  kernelSize: p.kernelSize,
  strides: p.strides,
  padding: p.padding,
  activation: p.activation,
  useBias: p.useBias,
});

/** A kernelSize² × channels × filters kernel and a bias per filter, in either direction. */
export function convParamCount(p: ConvValues, input: Shape | undefined): ParamCount | undefined {
  const c = channels(input);
  return c === undefined ? undefined : trained(p.kernelSize * p.kernelSize * c * p.filters + (p.useBias ? p.filters : 0));
}

/** The app's kernel and bias of a convolution as the PyTorch module's weight and bias. */
export const torchConvWeights = (p: { useBias: boolean }): readonly TorchWeight[] => [
  ['kernel', 'weight', 'conv'],
  ...(p.useBias ? [['bias', 'bias', 'same'] as const] : []),
];
