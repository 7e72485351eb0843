// Conv2DBackpropInput (the input gradient of a convolution, and the forward pass of every
// Conv2DTranspose) as plain convolutions: one per output phase (conv-plan.ts), each with the
// filter taps that reach that phase, then the phases interleaved. tfjs's WebAssembly kernel is a
// scalar loop; this runs on the backend's Conv2D (XNNPACK, SIMD and threads) and multiplies by
// no inserted zero, so a stride-2 layer costs what its arithmetic costs.
import type * as TF from '@tensorflow/tfjs';
import type { TFModule } from '../../../nodes/spec';
import { compose, type Composer, type Info } from './compose';
import { inputGradPhases, type AxisPhase } from './conv-plan';

export interface BackpropInputAttrs {
  inputShape: [number, number, number, number];
  strides: number | [number, number];
  pad: 'same' | 'valid' | number | TF.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** The taps of the filter [kh, kw, in, out] for one phase pair, as a filter over dy: [th, tw, out, in]. */
function phaseFilter(c: Composer, filter: Info, py: AxisPhase, px: AxisPhase): Info {
  const [kh, kw] = filter.shape as [number, number];
  // taps in correlation order: all of them reversed (stride 1), or slices of one tap each,
  // concatenated (contiguous copies; tfjs's gather and strided slice go element by element)
  const allReversed = (t: number[], k: number) => t.length === k && t.every((tap, j) => tap === k - 1 - j);
  const pick = (x: Info, axis: 0 | 1, t: number[]): Info => {
    if (t.length === 1 && x.shape[axis] === 1) return x;
    const parts = t.map((tap) => c.run('Slice', { x }, { begin: axis === 0 ? [tap, 0, 0, 0] : [0, tap, 0, 0], size: axis === 0 ? [1, -1, -1, -1] : [-1, 1, -1, -1] }));
    return parts.length === 1 ? parts[0]! : c.run('Concat', parts, { axis });
  };
  const fullH = allReversed(py.taps, kh);
  const fullW = allReversed(px.taps, kw);
  const reversedDims = [...(fullH ? [0] : []), ...(fullW ? [1] : [])];
  let taps = reversedDims.length ? c.run('Reverse', { x: filter }, { dims: reversedDims }) : filter;
  if (!fullH) taps = pick(taps, 0, py.taps);
  if (!fullW) taps = pick(taps, 1, px.taps);
  return c.transpose(taps, [0, 1, 3, 2]);
}

/** dy in NHWC → dx in NHWC, for a filter [kh, kw, in, out]. */
export function backpropInputNHWC(c: Composer, dy: Info, filter: Info, info: TF.backend_util.Conv2DInfo): Info {
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: ci, outHeight: oh, outWidth: ow, strideHeight: sh, strideWidth: sw, filterHeight: kh, filterWidth: kw } = info;
  const rows = inputGradPhases(h, oh, kh, sh, info.padInfo.top);
  const cols = inputGradPhases(w, ow, kw, sw, info.padInfo.left);
  const phase = (py: AxisPhase, px: AxisPhase): Info => {
    if (!py.taps.length || !px.taps.length) return c.zeros([n, py.count, px.count, ci]);
    const padded = c.padOrCrop(dy, [[0, 0], py.pad, px.pad, [0, 0]]);
    const f = phaseFilter(c, filter, py, px);
    return c.run('Conv2D', { x: padded, filter: f }, { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [1, 1], dimRoundingMode: undefined });
  };
  if (rows.length === 1 && cols.length === 1) return phase(rows[0]!, cols[0]!);
  // interleave: every phase padded to ceil(h / sh) x ceil(w / sw); the phases of a row side by
  // side along a new axis after the width, then the rows along one after the height (copies of
  // contiguous runs, where one transpose of six axes would walk element by element)
  const hc = Math.ceil(h / sh);
  const wc = Math.ceil(w / sw);
  const rowsOut: Info[] = [];
  for (let py = 0; py < sh; py++) {
    const parts: Info[] = [];
    for (let px = 0; px < sw; px++) {
      const r = rows[py];
      const col = cols[px];
      parts.push(r && col ? c.padOrCrop(phase(r, col), [[0, 0], [0, hc - r.count], [0, wc - col.count], [0, 0]]) : c.zeros([n, hc, wc, ci]));
    }
    rowsOut.push(sw === 1 ? parts[0]! : c.reshape(c.run('Pack', parts, { axis: 3 }), [n, hc, wc * sw, ci]));
  }
  const full = sh === 1 ? rowsOut[0]! : c.reshape(c.run('Pack', rowsOut, { axis: 2 }), [n, hc * sh, wc * sw, ci]);
  return hc * sh === h && wc * sw === w ? full : c.padOrCrop(full, [[0, 0], [0, h - hc * sh], [0, w - wc * sw], [0, 0]]);
}

export function conv2dBackpropInput(tf: TFModule, backend: TF.KernelBackend, dy: Info, filter: Info, a: BackpropInputAttrs): Info {
  const format = tf.backend_util.convertConv2DDataFormat(a.dataFormat);
  const info = tf.backend_util.computeConv2DInfo(a.inputShape, filter.shape as [number, number, number, number], a.strides, 1, a.pad, a.dimRoundingMode, false, format);
  return compose(tf, backend, (c) => {
    if (format === 'channelsLast') return backpropInputNHWC(c, dy, filter, info);
    // the info's sizes and padding do not depend on the layout
    return c.transpose(backpropInputNHWC(c, c.transpose(dy, [0, 2, 3, 1]), filter, info), [0, 3, 1, 2]);
  });
}
