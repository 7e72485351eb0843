// What MaxPool2D and AvgPool2D share: params, the output shape, the tfjs constructor args.
import { convOutDim, need, out } from '../shape-utils';
import type { ParamValues, Shape, ShapeResult } from '../spec';
import { expectImage, expectNonEmpty } from './checks';
import { PADDINGS } from './conv-params';

export const poolParams = {
  poolSize: { kind: 'int', default: 2, min: 1, max: 8, doc: 'Height and width of the window summarised into one value.' },
  strides: { kind: 'int', default: 2, min: 1, max: 8, doc: 'Step between windows; equal to the pool size, windows do not overlap.' },
  padding: {
    kind: 'enum',
    options: PADDINGS,
    default: 'valid',
    doc: '"valid" uses only full windows; "same" pads the border so the size is divided exactly by the stride, rounded up.',
  },
} as const;

type PoolValues = ParamValues<typeof poolParams>;

export function poolShape(inputs: Record<string, Shape>, p: PoolValues): ShapeResult {
  const x = need(inputs, 'in');
  const bad = expectImage('in', x);
  if (bad) return bad;
  const [b, h, w, c] = x;
  const oh = convOutDim(h ?? null, p.poolSize, p.strides, p.padding);
  const ow = convOutDim(w ?? null, p.poolSize, p.strides, p.padding);
  const what = `a ${p.poolSize}x${p.poolSize} pool with stride ${p.strides} and "${p.padding}" padding`;
  return expectNonEmpty('in', x, [oh, ow], what) ?? out([b ?? null, oh, ow, c ?? null]);
}

/** Shared by `build` and `emit`, so the emitted code builds the same layer. */
export const poolArgs = (p: PoolValues, name: string) => ({
  name,
  poolSize: p.poolSize,
  strides: p.strides,
  padding: p.padding,
});
