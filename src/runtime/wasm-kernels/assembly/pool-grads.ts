// Gradients of the pooling and resizing layers, NHWC, as scatters of dy: tfjs's WebAssembly kernels
// for these are wrong (MaxPoolGrad starts its running maximum at the smallest positive float, so a
// window of negative values sends its gradient to the window's first element; the nearest-neighbour
// resize gradient mixes up rows), and these replace them.
import { at } from './simd';

/**
 * MaxPool's gradient: dy of each window goes to the window's first largest input (a strict
 * greater-than, as the CPU backend picks it); a window with no number in it passes nothing.
 */
export function maxPoolGrad(
  n: i32, h: i32, w: i32, c: i32, oh: i32, ow: i32, strideH: i32, strideW: i32, dilationH: i32, dilationW: i32,
  filterH: i32, filterW: i32, padTop: i32, padLeft: i32, x: usize, dy: usize, dx: usize,
): void {
  memory.fill(dx, 0, <usize>(n * h * w * c) << 2);
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        const g = (((b * oh + oy) * ow) + ox) * c;
        for (let ch = 0; ch < c; ch++) {
          let best: f32 = -Infinity;
          let pos = -1;
          for (let ky = 0; ky < filterH; ky += dilationH) {
            const iy = oy * strideH - padTop + ky;
            if (iy < 0 || iy >= h) continue;
            for (let kx = 0; kx < filterW; kx += dilationW) {
              const ix = ox * strideW - padLeft + kx;
              if (ix < 0 || ix >= w) continue;
              const i = (((b * h + iy) * w) + ix) * c + ch;
              const v = load<f32>(at(x, i));
              if (v > best) {
                best = v;
                pos = i;
              }
            }
          }
          if (pos >= 0) store<f32>(at(dx, pos), load<f32>(at(dx, pos)) + load<f32>(at(dy, g + ch)));
        }
      }
    }
  }
}

/**
 * The nearest-neighbour resize's gradient: dy[b, y, x] is added to dx[b, rows[y], cols[x]], where
 * rows and cols (int32) are the source row and column the forward resize read for each output
 * row and column (the caller computes them as the forward kernel does).
 */
export function resizeNearestGrad(n: i32, h: i32, w: i32, c: i32, oh: i32, ow: i32, rows: usize, cols: usize, dy: usize, dx: usize): void {
  memory.fill(dx, 0, <usize>(n * h * w * c) << 2);
  for (let b = 0; b < n; b++) {
    for (let y = 0; y < oh; y++) {
      const sy = load<i32>(rows + (<usize>y << 2));
      for (let xo = 0; xo < ow; xo++) {
        const sx = load<i32>(cols + (<usize>xo << 2));
        const src = at(dy, (((b * oh + y) * ow) + xo) * c);
        const dst = at(dx, (((b * h + sy) * w) + sx) * c);
        let ch = 0;
        for (; ch + 4 <= c; ch += 4) v128.store(dst + (<usize>ch << 2), f32x4.add(v128.load(dst + (<usize>ch << 2)), v128.load(src + (<usize>ch << 2))));
        for (; ch < c; ch++) store<f32>(dst + (<usize>ch << 2), load<f32>(dst + (<usize>ch << 2)) + load<f32>(src + (<usize>ch << 2)));
      }
    }
  }
}
