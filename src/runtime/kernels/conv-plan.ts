// The arithmetic behind the convolution gradients, one spatial axis at a time (pure; the kernels
// apply it to both axes). Notation: a forward convolution of an input of `size` elements with a
// filter of `kernel` taps, `stride` and `padBefore` zeros before the input gives `outSize` outputs:
//   y[o] = sum_k x[o * stride + k - padBefore] * w[k].

/**
 * The filter gradient, dw[k] = sum_o x[o * stride + k - padBefore] * dy[o], is a correlation of
 * the padded input with dy dilated by the stride: dw[k] = sum_o xp[k + o * stride] * dy[o], with
 * xp = x padded by `before` and `after` zeros (negative: that many elements dropped), so that it
 * yields exactly `kernel` outputs.
 */
export function filterGradPadding(size: number, outSize: number, kernel: number, stride: number, padBefore: number): [number, number] {
  return [padBefore, kernel + (outSize - 1) * stride - size - padBefore];
}

/** One phase of the input gradient along an axis: the outputs first, first + stride, ... */
export interface AxisPhase {
  first: number;
  count: number;
  /** the filter taps of this phase, in the order a correlation over dy uses them */
  taps: number[];
  /** zeros before and after dy so that a stride-1 correlation with the taps gives `count` outputs; negative: elements dropped */
  pad: [number, number];
}

/**
 * The input gradient (also the forward pass of a transposed convolution),
 *   dx[i] = sum_{o, k : o * stride + k - padBefore = i} dy[o] * w[k],
 * splits into `stride` phases by i mod stride. In phase p only the taps k = r, r + stride, ...
 * with r = (p + padBefore) mod stride reach dx, each output of the phase is a stride-1
 * correlation of dy with those taps reversed, and no product is ever a multiplication by an
 * inserted zero (as it would be in a convolution over a zero-dilated dy).
 */
export function inputGradPhases(size: number, outSize: number, kernel: number, stride: number, padBefore: number): AxisPhase[] {
  const phases: AxisPhase[] = [];
  for (let p = 0; p < Math.min(stride, size); p++) {
    const count = Math.ceil((size - p) / stride);
    const r = (((p + padBefore) % stride) + stride) % stride;
    const m = r < kernel ? Math.ceil((kernel - r) / stride) : 0;
    // dx[stride * i + p] = sum_{j < m} dy[i + q - (m - 1) + j] * w[r + stride * (m - 1 - j)]
    const q = (p + padBefore - r) / stride;
    const taps = Array.from({ length: m }, (_, j) => r + stride * (m - 1 - j));
    phases.push({ first: p, count, taps, pad: [m - 1 - q, q + count - outSize] });
  }
  return phases;
}
