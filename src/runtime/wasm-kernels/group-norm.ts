// GroupNorm's SIMD kernels (assembly/group-norm.ts) on the kernel threads, each a range of samples
// (a KIND 4 job), where there are two samples or more and enough values to repay waking them;
// else on the calling thread. The gradients' dgamma and dbeta are summed per thread and added up
// after the job (gnTotals), in float64.
import type { KernelContext } from './context';
import { f32Word, POOL_MIN_VALUES } from './elementwise';

/** the words of a GroupNorm job, in the order assembly/group-norm.ts reads them */
const FIELDS = ['KIND', 'OP', 'B', 'S', 'C', 'G', 'X', 'DY', 'STATS', 'GAMMA', 'BETA', 'EPS', 'OUT', 'SCRATCH', 'SCRATCH_BYTES'] as const;
type Words = Partial<Record<(typeof FIELDS)[number], number>>;
const OPS = { stats: 0, normalize: 1, grads: 2 } as const;

/** x [B, S, C] in G groups */
export interface GroupDims {
  B: number; S: number; C: number; G: number;
}

export class GroupNorm {
  constructor(private readonly c: KernelContext, private readonly d: GroupDims) {}

  private get pooled(): boolean {
    const { B, S, C } = this.d;
    return this.c.threads > 1 && B > 1 && B * S * C >= POOL_MIN_VALUES;
  }

  /** a thread's scratch: 4C float64, then 5C + 2G float32 */
  private job(op: keyof typeof OPS, words: Words) {
    const { B, S, C, G } = this.d;
    return this.c.runJob(FIELDS, { KIND: 4, OP: OPS[op], B, S, C, G, ...words }, 32 * C + 4 * (5 * C + 2 * G));
  }

  /** out [2BG]: means, then biased variances */
  stats(x: number, out: number): void {
    const { B, S, C, G } = this.d;
    if (this.pooled) this.job('stats', { X: x, OUT: out });
    else this.c.k.gnStats(B, S, C, G, x, out, this.c.scratch(2 * C), this.c.scratch(2 * C));
  }

  normalize(x: number, stats: number, gamma: number, beta: number, eps: number, out: number): void {
    const { B, S, C, G } = this.d;
    if (this.pooled) this.job('normalize', { X: x, STATS: stats, GAMMA: gamma, BETA: beta, EPS: f32Word(eps), OUT: out });
    else this.c.k.gnNormalize(B, S, C, G, x, stats, gamma, beta, eps, out, this.c.scratch(2 * C));
  }

  grads(dy: number, x: number, stats: number, gamma: number, eps: number, dx: number, dgamma: number, dbeta: number): void {
    const { B, S, C, G } = this.d;
    if (!this.pooled) {
      this.c.k.gnGrads(B, S, C, G, dy, x, stats, gamma, eps, dx, dgamma, dbeta, this.c.scratch(8 * C), this.c.scratch(5 * C + 2 * G));
      return;
    }
    const { scratch, bytes } = this.job('grads', { DY: dy, X: x, STATS: stats, GAMMA: gamma, EPS: f32Word(eps), OUT: dx });
    this.c.k.gnTotals(this.c.threads, C, scratch, bytes, dgamma, dbeta);
  }
}
