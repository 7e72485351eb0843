// Sums over the leading axes: x viewed as [rows, cols] summed over rows (bias gradients, the sums
// of BatchNorm), accumulated in float64 (acc: cols float64 values of scratch).
import { accumulate, at, clear } from './simd';

export function sumRows(rows: i32, cols: i32, x: usize, out: usize, acc: usize): void {
  sumColumns(rows, cols, cols, x, out, acc);
}

/** sumRows over `cols` columns of rows `stride` values apart (a share of the columns, on one thread) */
export function sumColumns(rows: i32, cols: i32, stride: i32, x: usize, out: usize, acc: usize): void {
  clear(acc, cols);
  for (let r = 0; r < rows; r++) accumulate(acc, at(x, r * stride), cols);
  for (let c = 0; c < cols; c++) store<f32>(at(out, c), <f32>load<f64>(acc + (<usize>c << 3)));
}
