// Noise schedules and the per-timestep coefficients of DDPM and DDIM, as pure functions over
// Float64Array tables (no tfjs): the tfjs sampler nodes read their numbers from here, and the tests
// check them against closed forms. Names follow the papers:
//   Ho, Jain & Abbeel 2020, "Denoising Diffusion Probabilistic Models" (DDPM)
//   Nichol & Dhariwal 2021, "Improved Denoising Diffusion Probabilistic Models" (cosine schedule)
//   Song, Meng & Ermon 2020, "Denoising Diffusion Implicit Models" (DDIM)
// Timesteps run 0..T-1 as in code (the paper's t = 1..T): index t holds beta_{t+1} of the paper.

export type ScheduleKind = 'linear' | 'cosine';

export interface ScheduleOptions {
  /** number of diffusion steps T */
  T: number;
  schedule: ScheduleKind;
  /** linear schedule only: beta at the first and the last step (Ho et al.: 1e-4 and 0.02 for T = 1000) */
  betaStart: number;
  betaEnd: number;
}

/** Every table a forward or reverse step needs, each of length T, indexed by timestep t. */
export interface DiffusionSchedule {
  T: number;
  /** beta_t: the variance of the noise added at step t */
  betas: Float64Array;
  /** alpha_t = 1 - beta_t */
  alphas: Float64Array;
  /** abar_t = prod_{s<=t} alpha_s: how much of x0 is left in x_t */
  alphasCumprod: Float64Array;
  /** abar_{t-1}, with abar_{-1} = 1 (nothing has been noised before the first step) */
  alphasCumprodPrev: Float64Array;
  /** q_sample: x_t = sqrt(abar_t) x0 + sqrt(1 - abar_t) eps */
  sqrtAlphasCumprod: Float64Array;
  sqrtOneMinusAlphasCumprod: Float64Array;
  /** x0 from x_t and eps: x0 = sqrt(1/abar_t) x_t - sqrt(1/abar_t - 1) eps */
  sqrtRecipAlphasCumprod: Float64Array;
  sqrtRecipm1AlphasCumprod: Float64Array;
  /** beta tilde_t = beta_t (1 - abar_{t-1}) / (1 - abar_t): the variance of q(x_{t-1} | x_t, x0) */
  posteriorVariance: Float64Array;
  /** mean of q(x_{t-1} | x_t, x0) = coef1 x0 + coef2 x_t (Ho et al. eq. 7) */
  posteriorMeanCoef1: Float64Array;
  posteriorMeanCoef2: Float64Array;
}

/** Ho et al.: betas rising linearly from betaStart to betaEnd. */
export function linearBetas(T: number, betaStart: number, betaEnd: number): Float64Array {
  checkT(T);
  if (!(betaStart > 0 && betaEnd < 1 && betaStart <= betaEnd)) {
    throw new RangeError(`linear schedule needs 0 < betaStart <= betaEnd < 1, got ${betaStart} and ${betaEnd}`);
  }
  const betas = new Float64Array(T);
  for (let t = 0; t < T; t++) betas[t] = T === 1 ? betaStart : betaStart + ((betaEnd - betaStart) * t) / (T - 1);
  return betas;
}

/** Offset s of the cosine schedule: keeps beta_0 from being vanishingly small (Nichol & Dhariwal). */
export const COSINE_S = 0.008;
/** Betas are clipped here so the last steps do not become singular near t = T. */
export const COSINE_MAX_BETA = 0.999;

/**
 * Nichol & Dhariwal eq. 17: abar(t) = f(t) / f(0), f(t) = cos(((t/T + s) / (1 + s)) * pi/2)^2, and
 * beta_t = min(1 - abar(t+1) / abar(t), 0.999). Destroys information more evenly than the linear one.
 */
export function cosineBetas(T: number, s = COSINE_S, maxBeta = COSINE_MAX_BETA): Float64Array {
  checkT(T);
  const f = (t: number) => Math.cos((((t / T) + s) / (1 + s)) * (Math.PI / 2)) ** 2;
  const betas = new Float64Array(T);
  for (let t = 0; t < T; t++) betas[t] = Math.min(1 - f(t + 1) / f(t), maxBeta);
  return betas;
}

export function makeBetas(o: ScheduleOptions): Float64Array {
  return o.schedule === 'cosine' ? cosineBetas(o.T) : linearBetas(o.T, o.betaStart, o.betaEnd);
}

/** All tables of a schedule from its betas. */
export function scheduleFromBetas(betas: Float64Array): DiffusionSchedule {
  const T = betas.length;
  checkT(T);
  const table = () => new Float64Array(T);
  const s: DiffusionSchedule = {
    T,
    betas: Float64Array.from(betas),
    alphas: table(),
    alphasCumprod: table(),
    alphasCumprodPrev: table(),
    sqrtAlphasCumprod: table(),
    sqrtOneMinusAlphasCumprod: table(),
    sqrtRecipAlphasCumprod: table(),
    sqrtRecipm1AlphasCumprod: table(),
    posteriorVariance: table(),
    posteriorMeanCoef1: table(),
    posteriorMeanCoef2: table(),
  };
  let abar = 1;
  for (let t = 0; t < T; t++) {
    const beta = at(betas, t);
    const alpha = 1 - beta;
    const abarPrev = abar;
    abar *= alpha;
    s.alphas[t] = alpha;
    s.alphasCumprod[t] = abar;
    s.alphasCumprodPrev[t] = abarPrev;
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

const cache = new Map<string, DiffusionSchedule>();

/**
 * The schedule for these options. Memoised (a sampler asks on every evaluation); callers must not
 * write into the tables they get.
 */
export function makeSchedule(o: ScheduleOptions): DiffusionSchedule {
  const key = o.schedule === 'cosine' ? `cosine/${o.T}` : `linear/${o.T}/${o.betaStart}/${o.betaEnd}`;
  let s = cache.get(key);
  if (!s) {
    s = scheduleFromBetas(makeBetas(o));
    if (cache.size > 32) cache.clear();
    cache.set(key, s);
  }
  return s;
}

// ── per-timestep coefficients ───────────────────────────────────────────────────────────────────

/** q_sample(x0, t, eps) = a x0 + b eps. */
export function qSampleCoefficients(s: DiffusionSchedule, t: number): { a: number; b: number } {
  checkStep(s, t);
  return { a: at(s.sqrtAlphasCumprod, t), b: at(s.sqrtOneMinusAlphasCumprod, t) };
}

/** The clean image implied by x_t and a noise estimate: x0 = a x_t - b eps (Ho et al. eq. 4 solved for x0). */
export function predictX0Coefficients(s: DiffusionSchedule, t: number): { a: number; b: number } {
  checkStep(s, t);
  return { a: at(s.sqrtRecipAlphasCumprod, t), b: at(s.sqrtRecipm1AlphasCumprod, t) };
}

/**
 * One DDPM ancestral step: x_{t-1} = coef1 x0_hat + coef2 x_t + sigma z, where x0_hat is the clean
 * image predicted from the model's eps (optionally clipped) and sigma^2 = beta tilde_t, the posterior
 * variance ("fixed small" in Ho et al.); sigma is 0 at t = 0, so the last step adds no noise.
 */
export function pSampleCoefficients(s: DiffusionSchedule, t: number): { coef1: number; coef2: number; sigma: number } {
  checkStep(s, t);
  return {
    coef1: at(s.posteriorMeanCoef1, t),
    coef2: at(s.posteriorMeanCoef2, t),
    sigma: t === 0 ? 0 : Math.sqrt(at(s.posteriorVariance, t)),
  };
}

/**
 * One DDIM step from t to tPrev (tPrev < t, or -1 for the final step to abar = 1), Song et al.
 * eq. 12: x_prev = sqrt(abar_prev) x0_hat + sqrt(1 - abar_prev - sigma^2) eps + sigma z, with
 * sigma = eta sqrt((1 - abar_prev) / (1 - abar_t)) sqrt(1 - abar_t / abar_prev). eta = 0 is the
 * deterministic DDIM; eta = 1 on every step is DDPM's ancestral sampling.
 */
export function ddimCoefficients(
  s: DiffusionSchedule,
  t: number,
  tPrev: number,
  eta: number,
): { x0: number; eps: number; sigma: number } {
  checkStep(s, t);
  if (!Number.isInteger(tPrev) || tPrev < -1 || tPrev >= t) throw new RangeError(`DDIM step needs -1 <= tPrev < t, got t=${t}, tPrev=${tPrev}`);
  const abar = at(s.alphasCumprod, t);
  const abarPrev = tPrev < 0 ? 1 : at(s.alphasCumprod, tPrev);
  const sigma = eta * Math.sqrt((1 - abarPrev) / (1 - abar)) * Math.sqrt(1 - abar / abarPrev);
  // rounding can push 1 - abar_prev - sigma^2 a hair below 0 when eta = 1 and abar_prev = 1
  return { x0: Math.sqrt(abarPrev), eps: Math.sqrt(Math.max(0, 1 - abarPrev - sigma * sigma)), sigma };
}

/** The strided timesteps DDIM visits, ascending: floor(i T / steps) for i < steps (Song et al.'s "uniform" skip). */
export function ddimTimesteps(T: number, steps: number): number[] {
  checkT(T);
  if (!Number.isInteger(steps) || steps < 1 || steps > T) throw new RangeError(`DDIM needs 1 <= steps <= T (${T}), got ${steps}`);
  return Array.from({ length: steps }, (_, i) => Math.floor((i * T) / steps));
}

// ── the same steps on plain arrays (reference implementation; tests and teaching) ───────────────

/** x_t = sqrt(abar_t) x0 + sqrt(1 - abar_t) eps */
export function qSample(s: DiffusionSchedule, x0: Float64Array, t: number, eps: Float64Array): Float64Array {
  const { a, b } = qSampleCoefficients(s, t);
  return combine(x0, a, eps, b);
}

/** x0_hat = sqrt(1/abar_t) x_t - sqrt(1/abar_t - 1) eps */
export function predictX0FromEps(s: DiffusionSchedule, xt: Float64Array, t: number, eps: Float64Array): Float64Array {
  const { a, b } = predictX0Coefficients(s, t);
  return combine(xt, a, eps, -b);
}

/** Mean and variance of q(x_{t-1} | x_t, x0). */
export function qPosterior(s: DiffusionSchedule, x0: Float64Array, xt: Float64Array, t: number): { mean: Float64Array; variance: number } {
  checkStep(s, t);
  return { mean: combine(x0, at(s.posteriorMeanCoef1, t), xt, at(s.posteriorMeanCoef2, t)), variance: at(s.posteriorVariance, t) };
}

/** Mean of p(x_{t-1} | x_t) from the predicted noise; clip bounds x0_hat to [-1, 1] first. */
export function pSampleMean(s: DiffusionSchedule, xt: Float64Array, t: number, epsPred: Float64Array, clip = false): Float64Array {
  let x0 = predictX0FromEps(s, xt, t, epsPred);
  if (clip) x0 = x0.map((v) => Math.min(1, Math.max(-1, v)));
  const { coef1, coef2 } = pSampleCoefficients(s, t);
  return combine(x0, coef1, xt, coef2);
}

/** One DDPM ancestral step: mean + sigma z. */
export function pSample(s: DiffusionSchedule, xt: Float64Array, t: number, epsPred: Float64Array, z: Float64Array, clip = false): Float64Array {
  return combine(pSampleMean(s, xt, t, epsPred, clip), 1, z, pSampleCoefficients(s, t).sigma);
}

/** One DDIM step (eq. 12); z is only used when eta > 0. */
export function ddimStep(
  s: DiffusionSchedule,
  xt: Float64Array,
  t: number,
  tPrev: number,
  epsPred: Float64Array,
  eta: number,
  z: Float64Array,
): Float64Array {
  const c = ddimCoefficients(s, t, tPrev, eta);
  const x0 = predictX0FromEps(s, xt, t, epsPred);
  return combine(combine(x0, c.x0, epsPred, c.eps), 1, z, c.sigma);
}

// ── helpers ─────────────────────────────────────────────────────────────────────────────────────

function checkT(T: number) {
  if (!Number.isInteger(T) || T < 1) throw new RangeError(`T must be a whole number >= 1, got ${T}`);
}

function checkStep(s: DiffusionSchedule, t: number) {
  if (!Number.isInteger(t) || t < 0 || t >= s.T) throw new RangeError(`timestep ${t} is outside [0, ${s.T})`);
}

const at = (a: Float64Array, i: number): number => a[i] as number;

/** a x + b y, elementwise */
function combine(x: Float64Array, a: number, y: Float64Array, b: number): Float64Array {
  if (x.length !== y.length) throw new RangeError(`arrays differ in length (${x.length} and ${y.length})`);
  const r = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) r[i] = a * at(x, i) + b * at(y, i);
  return r;
}
