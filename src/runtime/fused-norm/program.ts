// The WGSL of BatchNorm in training mode, channels last: x is [..., C], flat, channel = i % C.
// Stock tfjs spends about 35 programs on one BatchNorm layer's forward pass, moving-average update
// and gradient (moments, batchNorm, sub/mul/sub per running statistic, then the gradients of
// batchNorm and of the moments op by op); these are seven.
//
//   stats     [2C]  mean_c, then var_c = mean of (x - mean_c)^2 (biased, as tf.moments)
//   normalize [...] y = (x - mean_c) * inverseSqrt(var_c + eps) * gamma_c + beta_c
//   moving    [C]   m' = m - (m - stat_c) * (1 - momentum), for the running mean and variance
//   sums      [C]   sum of dy (= dbeta), or of dy * xhat (= dgamma), with xhat = (x - mean) / std
//   dx        [...] gamma_c * invstd_c / N * (N dy - dbeta_c - xhat dgamma_c)
//
// Per-channel sums run one invocation per channel (C of them, 32 to 512 in the templates) over the
// N = size / C values of that channel: consecutive invocations read consecutive addresses. Each
// sums blocks of 256 values and then adds the block sums, so the rounding error grows with
// 256 + N / 256 rather than with N.
import { flatProgram, type WebGpuProgram } from '../webgpu-programs';

const BLOCK = 256;

/** WGSL: `name` = sum over the channel's N values of `term` (an expression in `v`, the value's index). */
function channelSum(name: string, term: string): string {
  return `var ${name} = 0.0;
    var start = 0;
    loop {
      if (start >= uniforms.count) { break; }
      let stop = min(start + ${BLOCK}, uniforms.count);
      var block = 0.0;
      for (var k = start; k < stop; k = k + 1) {
        let v = k * uniforms.channels + index;
        block = block + ${term};
      }
      ${name} = ${name} + block;
      start = stop;
    }`;
}

const SHAPE_UNIFORMS = 'channels : i32, count : i32,';

/** Mean and biased variance per channel, as [mean_0 .. mean_C-1, var_0 .. var_C-1]. */
export function statsProgram(channels: number): WebGpuProgram {
  return flatProgram(
    'tensorloomBatchNormStats',
    [2 * channels],
    ['x'],
    SHAPE_UNIFORMS,
    `${channelSum('total', 'x[v]')}
    let mean = total / f32(uniforms.count);
    result[index] = mean;
    {
      ${channelSum('deviations', '(x[v] - mean) * (x[v] - mean)')}
      result[uniforms.channels + index] = deviations / f32(uniforms.count);
    }`,
    channels,
  );
}

/** y = (x - mean) * inverseSqrt(var + eps) * gamma + beta; inputs x, stats, gamma, beta. */
export function normalizeProgram(shape: readonly number[]): WebGpuProgram {
  return flatProgram(
    'tensorloomBatchNormNormalize',
    shape,
    ['x', 'stats', 'gamma', 'beta'],
    'channels : i32, epsilon : f32,',
    `let c = index % uniforms.channels;
    let invStd = inverseSqrt(stats[uniforms.channels + c] + uniforms.epsilon);
    result[index] = (x[index] - stats[c]) * invStd * gamma[c] + beta[c];`,
  );
}

/** The running mean (row 0) or variance (row 1): m - (m - stat) * decay; inputs moving, stats. */
export function movingProgram(row: 0 | 1, channels: number): WebGpuProgram {
  return flatProgram(
    `tensorloomBatchNormMoving_${row}`,
    [channels],
    ['moving', 'stats'],
    'channels : i32, decay : f32,',
    `result[index] = moving[index] - (moving[index] - stats[${row} * uniforms.channels + index]) * uniforms.decay;`,
  );
}

/** Per channel: sum of dy ('dy', the gradient of beta) or of dy * xhat ('dyXhat', of gamma). */
export function sumsProgram(kind: 'dy' | 'dyXhat', channels: number): WebGpuProgram {
  const term = kind === 'dy' ? 'dy[v]' : 'dy[v] * (x[v] - mean) * invStd';
  return flatProgram(
    `tensorloomBatchNormSums_${kind}`,
    [channels],
    kind === 'dy' ? ['dy'] : ['dy', 'x', 'stats'],
    `${SHAPE_UNIFORMS} epsilon : f32,`,
    `${kind === 'dy' ? '' : 'let mean = stats[index];\n    let invStd = inverseSqrt(stats[uniforms.channels + index] + uniforms.epsilon);'}
    ${channelSum('total', term)}
    result[index] = total;`,
    channels,
  );
}

/** dx of BatchNorm with batch statistics; inputs dy, x, stats, gamma, dbeta, dgamma. */
export function dxProgram(shape: readonly number[]): WebGpuProgram {
  return flatProgram(
    'tensorloomBatchNormDx',
    shape,
    ['dy', 'x', 'stats', 'gamma', 'dbeta', 'dgamma'],
    `${SHAPE_UNIFORMS} epsilon : f32,`,
    `let c = index % uniforms.channels;
    let invStd = inverseSqrt(stats[uniforms.channels + c] + uniforms.epsilon);
    let xHat = (x[index] - stats[c]) * invStd;
    let n = f32(uniforms.count);
    result[index] = gamma[c] * invStd / n * (n * dy[index] - dbeta[c] - xHat * dgamma[c]);`,
  );
}
