// The elementwise SIMD kernels on the kernel threads (assembly/elementwise.ts, a KIND 3 job) where
// a tensor is large enough to repay waking them, else on the calling thread alone; the results are
// the same either way, bit for bit (each value is computed alone, and dropout's shares start at
// their own place in the Philox stream).
import type { KernelContext } from './context';

/** the words of an elementwise job, in the order assembly/elementwise.ts reads them */
const FIELDS = [
  'KIND', 'OP', 'N', 'X', 'DY', 'OUT', 'ALPHA', 'ALPHA64_LO', 'ALPHA64_HI', 'K0', 'K1', 'BLOCK_LO', 'BLOCK_HI', 'LANE0', 'RATE', 'SCALE', 'SCRATCH', 'SCRATCH_BYTES', 'ROWS',
] as const;
type Words = Partial<Record<(typeof FIELDS)[number], number>>;

const OPS = { swish: 0, swishGrad: 1, dropout: 2, leakyRelu: 3, leakyReluGrad: 4, reluGrad: 5, relu: 6, addRows: 7, sumRows: 8 } as const;

/** Below this many values one thread finishes before the others would have woken. */
export const POOL_MIN_VALUES = 1 << 15;

const bits = new ArrayBuffer(8);
const asF32 = new Float32Array(bits);
const asF64 = new Float64Array(bits);
const asI32 = new Int32Array(bits);
export const f32Word = (v: number): number => ((asF32[0] = v), asI32[0]!);
const f64Words = (v: number): [number, number] => ((asF64[0] = v), [asI32[0]!, asI32[1]!]);

/** the stream position of a dropout draw: the seed's words, the first block's, the first lane */
export interface DropoutDraw {
  k0: number; k1: number; blockLo: number; blockHi: number; lane0: number; rate: number; scale: number;
}

/** Elementwise kernels over n float32 values at the given pointers. */
export class Elementwise {
  constructor(private readonly c: KernelContext) {}

  private pooled(n: number): boolean {
    return this.c.threads > 1 && n >= POOL_MIN_VALUES;
  }

  /** scratch per thread: dropout's block of four Philox words, or a column sum's float64 sums */
  private job(op: keyof typeof OPS, n: number, words: Words, scratchBytes = 16): void {
    this.c.runJob(FIELDS, { KIND: 3, OP: OPS[op], N: n, ...words }, scratchBytes);
  }

  swish(n: number, x: number, alpha: number, out: number): void {
    if (this.pooled(n)) this.job('swish', n, { X: x, OUT: out, ALPHA: f32Word(alpha) });
    else this.c.k.swish(n, x, alpha, out);
  }

  swishGrad(n: number, dy: number, x: number, alpha: number, out: number): void {
    if (this.pooled(n)) this.job('swishGrad', n, { X: x, DY: dy, OUT: out, ALPHA: f32Word(alpha) });
    else this.c.k.swishGrad(n, dy, x, alpha, out);
  }

  /** alpha is multiplied as a float64, as the CPU backend does */
  leakyRelu(n: number, x: number, alpha: number, out: number): void {
    const [lo, hi] = f64Words(alpha);
    if (this.pooled(n)) this.job('leakyRelu', n, { X: x, OUT: out, ALPHA64_LO: lo, ALPHA64_HI: hi });
    else this.c.k.leakyRelu(n, x, alpha, out);
  }

  leakyReluGrad(n: number, dy: number, x: number, alpha: number, out: number): void {
    if (this.pooled(n)) this.job('leakyReluGrad', n, { X: x, DY: dy, OUT: out, ALPHA: f32Word(alpha) });
    else this.c.k.leakyReluGrad(n, dy, x, alpha, out);
  }

  reluGrad(n: number, dy: number, x: number, out: number): void {
    if (this.pooled(n)) this.job('reluGrad', n, { X: x, DY: dy, OUT: out });
    else this.c.k.reluGrad(n, dy, x, out);
  }

  relu(n: number, x: number, out: number): void {
    if (this.pooled(n)) this.job('relu', n, { X: x, OUT: out });
    else this.c.k.relu(n, x, out);
  }

  /** out[r, c] = a[r, c] + b[c]: a sum of equal shapes (rows 1) or a bias add */
  addRows(rows: number, cols: number, a: number, b: number, out: number): void {
    if (this.pooled(rows * cols)) this.job('addRows', rows * cols, { X: a, DY: b, OUT: out, ROWS: rows });
    else this.c.k.addRows(rows, cols, a, b, out);
  }

  /** out[c] = the sum over rows of x[r, c], accumulated in float64 */
  sumRows(rows: number, cols: number, x: number, out: number): void {
    // columns are shared out four at a time: fewer than eight leave a thread idle
    if (this.pooled(rows * cols) && cols >= 8) this.job('sumRows', rows * cols, { X: x, OUT: out, ROWS: rows }, 8 * cols + 16);
    else this.c.k.sumRows(rows, cols, x, out, this.c.scratch(2 * cols));
  }

  dropout(n: number, x: number, out: number, d: DropoutDraw): void {
    if (this.pooled(n)) {
      this.job('dropout', n, {
        X: x, OUT: out, K0: d.k0, K1: d.k1, BLOCK_LO: d.blockLo, BLOCK_HI: d.blockHi, LANE0: d.lane0, RATE: f32Word(d.rate), SCALE: f32Word(d.scale),
      });
    } else {
      this.c.k.dropout(n, x, out, d.k0, d.k1, d.blockLo, d.blockHi, d.lane0, d.rate, d.scale, this.c.scratch(4));
    }
  }
}
