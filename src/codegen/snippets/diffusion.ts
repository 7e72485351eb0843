// Diffusion for the exported program: the noise schedule tables, the forward noising q_sample, and
// the DDPM and DDIM reverse samplers, with the arithmetic of src/diffusion/schedule.ts and
// nodes/samplers/*.ts step for step, so that the same seed gives the same numbers.
import { snippet } from '../snippet';
import { philoxInts, philoxNormal, randomClass } from './random';

export const diffusionSchedule = snippet(
  'diffusionSchedule',
  'samplers',
  `
/**
 * A diffusion noise schedule: tables of length T indexed by timestep t = 0..T-1 (the papers'
 * t = 1..T). Names follow Ho et al. 2020; abar_t is the product of (1 − beta) up to t.
 */
interface DiffusionSchedule {
  T: number;
  alphasCumprod: Float64Array;
  /** q_sample: x_t = sqrt(abar_t) x0 + sqrt(1 − abar_t) eps */
  sqrtAlphasCumprod: Float64Array;
  sqrtOneMinusAlphasCumprod: Float64Array;
  /** x0 from x_t and eps: x0 = sqrt(1 / abar_t) x_t − sqrt(1 / abar_t − 1) eps */
  sqrtRecipAlphasCumprod: Float64Array;
  sqrtRecipm1AlphasCumprod: Float64Array;
  /** q(x_{t−1} | x_t, x0): mean coef1 x0 + coef2 x_t, variance beta tilde_t */
  posteriorMeanCoef1: Float64Array;
  posteriorMeanCoef2: Float64Array;
  posteriorVariance: Float64Array;
}

/**
 * "linear": betas from betaStart to betaEnd (Ho et al. 2020). "cosine": abar follows a squared
 * cosine, betas clipped at 0.999 (Nichol & Dhariwal 2021).
 */
function diffusionSchedule(
  o: { T: number; schedule: 'cosine' } | { T: number; schedule: 'linear'; betaStart: number; betaEnd: number },
): DiffusionSchedule {
  const { T } = o;
  const f = (t: number) => Math.cos(((t / T + 0.008) / (1 + 0.008)) * (Math.PI / 2)) ** 2;
  const betaAt = (t: number): number => {
    if (o.schedule === 'cosine') return Math.min(1 - f(t + 1) / f(t), 0.999);
    return T === 1 ? o.betaStart : o.betaStart + ((o.betaEnd - o.betaStart) * t) / (T - 1);
  };
  const table = () => new Float64Array(T);
  const s: DiffusionSchedule = {
    T,
    alphasCumprod: table(),
    sqrtAlphasCumprod: table(),
    sqrtOneMinusAlphasCumprod: table(),
    sqrtRecipAlphasCumprod: table(),
    sqrtRecipm1AlphasCumprod: table(),
    posteriorMeanCoef1: table(),
    posteriorMeanCoef2: table(),
    posteriorVariance: table(),
  };
  let abar = 1;
  for (let t = 0; t < T; t++) {
    const beta = betaAt(t);
    const alpha = 1 - beta;
    const abarPrev = abar;
    abar *= alpha;
    s.alphasCumprod[t] = abar;
    s.sqrtAlphasCumprod[t] = Math.sqrt(abar);
    s.sqrtOneMinusAlphasCumprod[t] = Math.sqrt(1 - abar);
    s.sqrtRecipAlphasCumprod[t] = Math.sqrt(1 / abar);
    s.sqrtRecipm1AlphasCumprod[t] = Math.sqrt(1 / abar - 1);
    s.posteriorVariance[t] = (beta * (1 - abarPrev)) / (1 - abar);
    s.posteriorMeanCoef1[t] = (beta * Math.sqrt(abarPrev)) / (1 - abar);
    s.posteriorMeanCoef2[t] = ((1 - abarPrev) * Math.sqrt(alpha)) / (1 - abar);
  }
  return s;
}
`,
  [],
  ['DiffusionSchedule'],
);

export const diffusionNoising = snippet(
  'diffusionNoising',
  'samplers',
  `
/**
 * q_sample: picks a timestep t per image, uniform on 0..T-1, and noises the clean images to
 * x_t = sqrt(abar_t) x0 + sqrt(1 − abar_t) eps. The network learns to predict eps from x_t and t.
 * Two draws, one seed each: the timesteps, then the noise.
 */
function diffusionNoising(x0: tf.Tensor, s: DiffusionSchedule, rng: Random): { xt: tf.Tensor; t: tf.Tensor; eps: tf.Tensor } {
  const b = x0.shape[0] ?? 1;
  const ts = philoxInts(b, s.T, rng.seed());
  const perSample = [b, ...x0.shape.slice(1).map(() => 1)];
  const a = tf.tensor(ts.map((t) => s.sqrtAlphasCumprod[t] ?? 0), perSample, 'float32');
  const c = tf.tensor(ts.map((t) => s.sqrtOneMinusAlphasCumprod[t] ?? 0), perSample, 'float32');
  const eps = philoxNormal(x0.shape, rng.seed());
  return { xt: tf.add(tf.mul(x0, a), tf.mul(eps, c)), t: tf.tensor2d(ts, [b, 1], 'float32'), eps };
}
`,
  [diffusionSchedule, randomClass, philoxInts, philoxNormal],
);

const predictNoise = snippet(
  'predictNoise',
  'samplers',
  `
/** eps_theta(x_t, t): the model's estimate of the noise in a batch at one timestep t. */
function predictNoise(net: tf.LayersModel, x: tf.Tensor, t: number): tf.Tensor {
  const y = net.apply([x, tf.fill([x.shape[0] ?? 1, 1], t)], { training: false });
  const eps = Array.isArray(y) ? y[0] : y;
  if (!(eps instanceof tf.Tensor)) throw new Error('the model gave no noise estimate');
  return eps;
}

/** The shape of one image the model denoises, read off its first input. */
function imageShapeOf(net: tf.LayersModel): number[] {
  return (net.inputs[0]?.shape.slice(1) ?? []).map((d) => d ?? 1);
}
`,
  [],
  ['imageShapeOf'],
);

export const ddpmSample = snippet(
  'ddpmSample',
  'samplers',
  `
/**
 * DDPM ancestral sampling (Ho et al. 2020): from pure noise, T steps from t = T − 1 down to 0, each
 * moving x_t to the posterior mean of x_{t−1} given the predicted clean image, plus fresh noise of
 * variance beta tilde_t (none at the last step).
 */
function ddpmSample(net: tf.LayersModel, s: DiffusionSchedule, batchSize: number, clipDenoised: boolean, rng: Random): tf.Tensor {
  let x: tf.Tensor = philoxNormal([batchSize, ...imageShapeOf(net)], rng.seed());
  for (let t = s.T - 1; t >= 0; t--) {
    const toX0 = { a: s.sqrtRecipAlphasCumprod[t]!, b: s.sqrtRecipm1AlphasCumprod[t]! };
    const coef1 = s.posteriorMeanCoef1[t]!;
    const coef2 = s.posteriorMeanCoef2[t]!;
    const sigma = t === 0 ? 0 : Math.sqrt(s.posteriorVariance[t]!);
    const seed = sigma > 0 ? rng.seed() : 0;
    const xt = x;
    x = tf.tidy(() => {
      const eps = predictNoise(net, xt, t);
      let x0 = tf.sub(tf.mul(xt, toX0.a), tf.mul(eps, toX0.b));
      if (clipDenoised) x0 = tf.clipByValue(x0, -1, 1);
      const mean = tf.add(tf.mul(x0, coef1), tf.mul(xt, coef2));
      return sigma > 0 ? tf.add(mean, philoxNormal(xt.shape, seed, 0, sigma)) : mean;
    });
    // free each x_t as soon as x_{t-1} exists, so memory stays flat over T steps
    xt.dispose();
  }
  return x;
}
`,
  [diffusionSchedule, predictNoise, randomClass, philoxNormal],
);

export const ddimSample = snippet(
  'ddimSample',
  'samplers',
  `
/**
 * DDIM sampling (Song et al. 2020, eq. 12): visits \`steps\` evenly spaced timesteps of the T, each
 * time estimating the clean image and jumping to the next visited step; eta = 0 adds no noise.
 */
function ddimSample(
  net: tf.LayersModel,
  s: DiffusionSchedule,
  o: { batchSize: number; steps: number; eta: number; clipDenoised: boolean },
  rng: Random,
): tf.Tensor {
  const ts = Array.from({ length: o.steps }, (_, i) => Math.floor((i * s.T) / o.steps));
  let x: tf.Tensor = philoxNormal([o.batchSize, ...imageShapeOf(net)], rng.seed());
  for (let i = ts.length - 1; i >= 0; i--) {
    const t = ts[i] ?? 0;
    const toX0 = { a: s.sqrtRecipAlphasCumprod[t]!, b: s.sqrtRecipm1AlphasCumprod[t]! };
    const noised = { a: s.sqrtAlphasCumprod[t]!, b: s.sqrtOneMinusAlphasCumprod[t]! };
    const abar = s.alphasCumprod[t]!;
    const abarPrev = i > 0 ? s.alphasCumprod[ts[i - 1] ?? 0]! : 1;
    const sigma = o.eta * Math.sqrt((1 - abarPrev) / (1 - abar)) * Math.sqrt(1 - abar / abarPrev);
    const toPrev = { x0: Math.sqrt(abarPrev), eps: Math.sqrt(Math.max(0, 1 - abarPrev - sigma * sigma)) };
    const seed = sigma > 0 ? rng.seed() : 0;
    const xt = x;
    x = tf.tidy(() => {
      let eps = predictNoise(net, xt, t);
      let x0 = tf.sub(tf.mul(xt, toX0.a), tf.mul(eps, toX0.b));
      if (o.clipDenoised) {
        x0 = tf.clipByValue(x0, -1, 1);
        // keep eps consistent with the clipped x0, so the step stays on the line through x_t and x0
        eps = tf.div(tf.sub(xt, tf.mul(x0, noised.a)), noised.b);
      }
      const prev = tf.add(tf.mul(x0, toPrev.x0), tf.mul(eps, toPrev.eps));
      return sigma > 0 ? tf.add(prev, philoxNormal(xt.shape, seed, 0, sigma)) : prev;
    });
    xt.dispose();
  }
  return x;
}
`,
  [diffusionSchedule, predictNoise, randomClass, philoxNormal],
);
