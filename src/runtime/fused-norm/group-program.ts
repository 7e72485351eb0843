// The WGSL of GroupNorm, channels last: x is [B, ..., C] flat; the C channels form G groups of
// Cg = C / G; each (sample b, group g) is normalised over its M = S * Cg values, S the positions
// per sample. Stock tfjs spends about 35 programs per layer forward and backward (moments,
// broadcasts and the sums of their gradients); these are six.
//
//   stats  [2BG]  mean_bg, then var_bg = mean of (x - mean_bg)^2 (biased, as tf.moments)
//   normalize     y = ((x - mean) * inverseSqrt(var + eps)) * gamma_c + beta_c
//   dgamma [C]    sum over samples and positions of dy * xhat (dbeta: BatchNorm's channel sum of dy)
//   groups [2BG]  per (b, g): sum of dxhat = dy * gamma_c, and of dxhat * xhat
//   dx            invstd / M * (M dxhat - sum dxhat - xhat sum (dxhat xhat))
// Sums run in blocks of positions (as in program.ts) so that rounding grows with the block count.
import { flatProgram, type WebGpuProgram } from '../webgpu-programs';

export const GROUP_UNIFORMS = 'channels : i32, groups : i32, groupSize : i32, positions : i32, epsilon : f32,';

const BLOCK = 64;

/** WGSL helpers: the group of a flat index's channel, and its sample. */
const LOCATE = `let c = index % uniforms.channels;
    let b = index / (uniforms.channels * uniforms.positions);
    let bg = b * uniforms.groups + c / uniforms.groupSize;`;

/** WGSL: `name` = sum of `term` over the (b, g) group `bg` (an expression in `v`, the flat index). */
function groupSum(name: string, term: string): string {
  return `var ${name} = 0.0;
    {
      let b = bg / uniforms.groups;
      let first = (bg % uniforms.groups) * uniforms.groupSize;
      var s0 = 0;
      loop {
        if (s0 >= uniforms.positions) { break; }
        let s1 = min(s0 + ${BLOCK}, uniforms.positions);
        var block = 0.0;
        for (var s = s0; s < s1; s = s + 1) {
          let row = (b * uniforms.positions + s) * uniforms.channels + first;
          for (var k = 0; k < uniforms.groupSize; k = k + 1) {
            let v = row + k;
            block = block + ${term};
          }
        }
        ${name} = ${name} + block;
        s0 = s1;
      }
    }`;
}

const M = 'f32(uniforms.positions * uniforms.groupSize)';

/** Mean and biased variance per (sample, group): [mean_0 .. mean_BG-1, var_0 .. var_BG-1]. */
export function groupStatsProgram(pairs: number): WebGpuProgram {
  return flatProgram(
    'tensorloomGroupNormStats',
    [2 * pairs],
    ['x'],
    GROUP_UNIFORMS,
    `let bg = index;
    ${groupSum('total', 'x[v]')}
    let mean = total / ${M};
    result[bg] = mean;
    ${groupSum('deviations', '(x[v] - mean) * (x[v] - mean)')}
    result[uniforms.threads + bg] = deviations / ${M};`,
    pairs,
  );
}

/** y = ((x - mean) * inverseSqrt(var + eps)) * gamma + beta; inputs x, stats, gamma, beta. */
export function groupNormalizeProgram(shape: readonly number[]): WebGpuProgram {
  return flatProgram(
    'tensorloomGroupNormNormalize',
    shape,
    ['x', 'stats', 'gamma', 'beta'],
    `${GROUP_UNIFORMS} pairs : i32,`,
    `${LOCATE}
    let xHat = (x[index] - stats[bg]) * inverseSqrt(stats[uniforms.pairs + bg] + uniforms.epsilon);
    result[index] = xHat * gamma[c] + beta[c];`,
  );
}

/** Per channel: sum over samples and positions of dy * xhat; inputs dy, x, stats. */
export function groupDgammaProgram(channels: number): WebGpuProgram {
  return flatProgram(
    'tensorloomGroupNormDgamma',
    [channels],
    ['dy', 'x', 'stats'],
    `${GROUP_UNIFORMS} pairs : i32, samples : i32,`,
    `let c = index;
    let g = c / uniforms.groupSize;
    var total = 0.0;
    for (var b = 0; b < uniforms.samples; b = b + 1) {
      let bg = b * uniforms.groups + g;
      let mean = stats[bg];
      let invStd = inverseSqrt(stats[uniforms.pairs + bg] + uniforms.epsilon);
      var block = 0.0;
      for (var s = 0; s < uniforms.positions; s = s + 1) {
        let v = (b * uniforms.positions + s) * uniforms.channels + c;
        block = block + dy[v] * ((x[v] - mean) * invStd);
      }
      total = total + block;
    }
    result[index] = total;`,
    channels,
  );
}

/** Per (sample, group): sums of dxhat = dy * gamma and of dxhat * xhat, as [2BG]; inputs dy, x, stats, gamma. */
export function groupSumsProgram(pairs: number): WebGpuProgram {
  return flatProgram(
    'tensorloomGroupNormSums',
    [2 * pairs],
    ['dy', 'x', 'stats', 'gamma'],
    GROUP_UNIFORMS,
    `let bg = index;
    let mean = stats[bg];
    let invStd = inverseSqrt(stats[uniforms.threads + bg] + uniforms.epsilon);
    ${groupSum('plain', 'dy[v] * gamma[v % uniforms.channels]')}
    ${groupSum('weighted', 'dy[v] * gamma[v % uniforms.channels] * ((x[v] - mean) * invStd)')}
    result[bg] = plain;
    result[uniforms.threads + bg] = weighted;`,
    pairs,
  );
}

/** dx; inputs dy, x, stats, gamma, sums (groupSumsProgram's). */
export function groupDxProgram(shape: readonly number[]): WebGpuProgram {
  return flatProgram(
    'tensorloomGroupNormDx',
    shape,
    ['dy', 'x', 'stats', 'gamma', 'sums'],
    `${GROUP_UNIFORMS} pairs : i32,`,
    `${LOCATE}
    let invStd = inverseSqrt(stats[uniforms.pairs + bg] + uniforms.epsilon);
    let xHat = (x[index] - stats[bg]) * invStd;
    let m = ${M};
    result[index] = invStd / m * (m * dy[index] * gamma[c] - sums[bg] - xHat * sums[uniforms.pairs + bg]);`,
  );
}
