// The entry every thread of the pool (src/runtime/wasm-kernels/pool.ts) calls for a job: word 0 of
// the job names its kind, and each kind's function takes thread t's share of the work.
import { rowsJob } from './gemm';
import { filterGradJob } from './filter-grad';
import { elementwiseJob } from './elementwise';
import { groupNormJob } from './group-norm';

// KIND 0 and 1: a matrix product or an im2col convolution (gemm.ts); 2: a convolution's filter
// gradient read in place (filter-grad.ts); 3: an elementwise kernel split over the threads
// (elementwise.ts); 4: GroupNorm over ranges of samples (group-norm.ts)
export function run(job: usize, t: i32, threads: i32): void {
  const kind = load<i32>(job);
  if (kind == 2) filterGradJob(job, t, threads);
  else if (kind == 3) elementwiseJob(job, t, threads);
  else if (kind == 4) groupNormJob(job, t, threads);
  else rowsJob(job, t, threads);
}
