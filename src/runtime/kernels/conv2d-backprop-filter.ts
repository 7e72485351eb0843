// Conv2DBackpropFilter (the gradient of a convolution's filter) as one convolution of the backend:
// with the batch moved to the channel axis, dw = x ⋆ dy is a convolution of x [in, h, w, batch]
// with dy [oh, ow, batch, out] as the filter, dilated by the stride (conv-plan.ts). tfjs's
// WebAssembly backend has no kernel for it, and the CPU backend's reads every element through
// TensorBuffer.get with the batch loop innermost; here the backend's Conv2D does the work
// (XNNPACK with SIMD and threads on WebAssembly).
import type * as TF from '@tensorflow/tfjs';
import type { TFModule } from '../../../nodes/spec';
import { compose, type Composer, type Info } from './compose';
import { filterGradPadding } from './conv-plan';

export interface BackpropFilterAttrs {
  filterShape: [number, number, number, number];
  strides: number | [number, number];
  pad: 'same' | 'valid' | number | TF.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** x, dy in NHWC → dw [kh, kw, in, out]. */
export function backpropFilterNHWC(c: Composer, x: Info, dy: Info, info: TF.backend_util.Conv2DInfo): Info {
  const { inHeight: h, inWidth: w, outHeight: oh, outWidth: ow, strideHeight: sh, strideWidth: sw, filterHeight: kh, filterWidth: kw } = info;
  const rows = filterGradPadding(h, oh, kh, sh, info.padInfo.top);
  const cols = filterGradPadding(w, ow, kw, sw, info.padInfo.left);
  const xt = c.padOrCrop(c.transpose(x, [3, 1, 2, 0]), [[0, 0], rows, cols, [0, 0]]);
  const dyt = c.transpose(dy, [1, 2, 0, 3]);
  // along an axis with one output the dilation multiplies nothing: leave it at 1
  const dilations = [oh > 1 ? sh : 1, ow > 1 ? sw : 1];
  const dw = c.run('Conv2D', { x: xt, filter: dyt }, { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations, dimRoundingMode: undefined });
  return c.transpose(dw, [1, 2, 0, 3]);
}

export function conv2dBackpropFilter(tf: TFModule, backend: TF.KernelBackend, x: Info, dy: Info, a: BackpropFilterAttrs): Info {
  const format = tf.backend_util.convertConv2DDataFormat(a.dataFormat);
  const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], a.filterShape, a.strides, 1, a.pad, a.dimRoundingMode, false, format);
  return compose(tf, backend, (c) => {
    if (format === 'channelsLast') return backpropFilterNHWC(c, x, dy, info);
    // the info's sizes and padding do not depend on the layout
    return backpropFilterNHWC(c, c.transpose(x, [0, 2, 3, 1]), c.transpose(dy, [0, 2, 3, 1]), info);
  });
}
