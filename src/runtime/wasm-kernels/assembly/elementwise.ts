// Elementwise kernels as a job of the pool (KIND 3): each thread takes a contiguous share of the n
// values (a multiple of 4 long, so every share but the last runs whole SIMD steps) and runs the
// one-thread kernel on it. Dropout's share starts `lo` words into the draw: its first block and
// lane move by lo (a 64-bit block counter, as the one-thread kernel counts).
import { addRows, leakyRelu, leakyReluGrad, relu, reluGrad, swish, swishGrad } from './activations';
import { dropout } from './dropout';
import { sumColumns } from './reduce';
import { uword, word } from './job';
import { at } from './simd';

// ── the job: i32 words (src/runtime/wasm-kernels/elementwise.ts ELEMENTWISE_FIELDS writes them); word 0 is KIND = 3 ──
const OP = 1;
const N = 2;
const X = 3;
const DY = 4;
const OUT = 5;
// float32 bits
const ALPHA = 6;
// float64 bits in two words (LeakyRelu multiplies by a float64, as the CPU backend's JavaScript)
const ALPHA64 = 7;
const K0 = 9;
const K1 = 10;
const BLOCK_LO = 11;
const BLOCK_HI = 12;
const LANE0 = 13;
const RATE = 14;
const SCALE = 15;
const SCRATCH = 16;
const SCRATCH_BYTES = 17;
// ADD_ROWS: out[r, c] = x[r, c] + dy[c] over ROWS rows of N / ROWS values; SUM_ROWS: out[c] = the
// sum over ROWS rows of x[r, c], each thread a share of the columns (its float64 sums in its scratch)
const ROWS = 18;

// the operations (ElementwiseOp in elementwise.ts)
const SWISH = 0;
const SWISH_GRAD = 1;
const DROPOUT = 2;
const LEAKY_RELU = 3;
const LEAKY_RELU_GRAD = 4;
const RELU_GRAD = 5;
const RELU = 6;
const ADD_ROWS = 7;
const SUM_ROWS = 8;

@inline function f32Word(job: usize, field: i32): f32 {
  return load<f32>(job + (<usize>field << 2));
}

/** a sum with a row broadcast over rows (more than one): each thread takes whole rows */
function addRowsShare(job: usize, t: i32, threads: i32): void {
  const rows = word(job, ROWS), cols = word(job, N) / rows;
  const share = (rows + threads - 1) / threads;
  const lo = min(rows, t * share);
  const count = min(rows, lo + share) - lo;
  if (count <= 0) return;
  const first = lo * cols;
  addRows(count, cols, at(<usize>word(job, X), first), <usize>word(job, DY), at(<usize>word(job, OUT), first));
}

/** column sums: thread t sums a range of columns (a multiple of 4 wide) over every row */
function sumRowsShare(job: usize, t: i32, threads: i32): void {
  const rows = word(job, ROWS), cols = word(job, N) / rows;
  const share = (((cols + threads - 1) / threads + 3) >> 2) << 2;
  const lo = min(cols, t * share);
  const count = min(cols, lo + share) - lo;
  if (count <= 0) return;
  const acc = <usize>word(job, SCRATCH) + <usize>t * <usize>word(job, SCRATCH_BYTES);
  sumColumns(rows, count, cols, at(<usize>word(job, X), lo), at(<usize>word(job, OUT), lo), acc);
}

export function elementwiseJob(job: usize, t: i32, threads: i32): void {
  if (word(job, OP) == SUM_ROWS) {
    sumRowsShare(job, t, threads);
    return;
  }
  if (word(job, OP) == ADD_ROWS && word(job, ROWS) > 1) {
    addRowsShare(job, t, threads);
    return;
  }
  const n = word(job, N);
  const share = (((n + threads - 1) / threads + 3) >> 2) << 2;
  const lo = min(n, t * share);
  const count = min(n, lo + share) - lo;
  if (count <= 0) return;
  const x = at(<usize>word(job, X), lo), dy = at(<usize>word(job, DY), lo), out = at(<usize>word(job, OUT), lo);
  const op = word(job, OP);
  if (op == SWISH) swish(count, x, f32Word(job, ALPHA), out);
  else if (op == SWISH_GRAD) swishGrad(count, dy, x, f32Word(job, ALPHA), out);
  else if (op == LEAKY_RELU) leakyRelu(count, x, load<f64>(job + (<usize>ALPHA64 << 2)), out);
  else if (op == LEAKY_RELU_GRAD) leakyReluGrad(count, dy, x, f32Word(job, ALPHA), out);
  else if (op == RELU_GRAD) reluGrad(count, dy, x, out);
  else if (op == RELU) relu(count, x, out);
  // one row: a sum of equal shapes, split like the others
  else if (op == ADD_ROWS) addRows(1, count, x, dy, out);
  else if (op == DROPOUT) {
    const lane = <u64>uword(job, LANE0) + <u64>lo;
    const first = ((<u64>uword(job, BLOCK_HI)) << 32 | <u64>uword(job, BLOCK_LO)) + (lane >> 2);
    const words = <usize>word(job, SCRATCH) + <usize>t * <usize>word(job, SCRATCH_BYTES);
    dropout(count, x, out, uword(job, K0), uword(job, K1), <u32>first, <u32>(first >> 32), <i32>(lane & 3), f32Word(job, RATE), f32Word(job, SCALE), words);
  }
}
