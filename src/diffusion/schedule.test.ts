import { describe, expect, it } from 'vitest';
import { Rng } from '../runtime/rng';
import {
  cosineBetas,
  ddimCoefficients,
  ddimStep,
  ddimTimesteps,
  linearBetas,
  makeSchedule,
  pSample,
  pSampleCoefficients,
  pSampleMean,
  predictX0FromEps,
  qPosterior,
  qSample,
  qSampleCoefficients,
  scheduleFromBetas,
} from './schedule';

const linear = makeSchedule({ T: 1000, schedule: 'linear', betaStart: 1e-4, betaEnd: 0.02 });
const cosine = makeSchedule({ T: 1000, schedule: 'cosine', betaStart: 1e-4, betaEnd: 0.02 });

/** standard normal draws from the project's RNG (Box-Muller) */
function normals(rng: Rng, n: number): Float64Array {
  const r = new Float64Array(n);
  for (let i = 0; i < n; i++) r[i] = Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  return r;
}
const v = (...xs: number[]) => Float64Array.from(xs);
const get = (a: Float64Array, i: number) => a[i] as number;

describe('beta schedules', () => {
  it('linear betas hit their endpoints and step evenly', () => {
    const b = linearBetas(1000, 1e-4, 0.02);
    expect(b.length).toBe(1000);
    expect(get(b, 0)).toBeCloseTo(1e-4, 15);
    expect(get(b, 999)).toBeCloseTo(0.02, 15);
    expect(get(b, 500) - get(b, 499)).toBeCloseTo((0.02 - 1e-4) / 999, 15);
  });

  it('abar is the running product of 1 - beta, strictly decreasing, and ends near 0', () => {
    for (const s of [linear, cosine]) {
      let prod = 1;
      for (let t = 0; t < s.T; t++) {
        prod *= 1 - get(s.betas, t);
        expect(get(s.alphasCumprod, t)).toBeCloseTo(prod, 12);
        if (t > 0) expect(get(s.alphasCumprod, t)).toBeLessThan(get(s.alphasCumprod, t - 1));
      }
      expect(get(s.alphasCumprod, s.T - 1)).toBeLessThan(1e-4);
    }
    // Ho et al.'s linear schedule leaves abar_T ~ 4e-5
    expect(get(linear.alphasCumprod, 999)).toBeCloseTo(4.04e-5, 6);
  });

  it('cosine schedule follows f(t)/f(0) and starts close to 1', () => {
    const f = (t: number) => Math.cos(((t / 1000 + 0.008) / 1.008) * (Math.PI / 2)) ** 2;
    expect(get(cosine.alphasCumprod, 0)).toBeGreaterThan(0.9999);
    expect(get(cosine.alphasCumprod, 0)).toBeLessThan(1);
    // before clipping sets in, abar_t = f(t+1) / f(0) exactly
    for (const t of [0, 10, 250, 500, 900]) expect(get(cosine.alphasCumprod, t)).toBeCloseTo(f(t + 1) / f(0), 10);
    // the last betas are clipped at 0.999
    expect(Math.max(...cosineBetas(1000))).toBe(0.999);
  });

  it('rejects impossible schedules', () => {
    expect(() => linearBetas(10, 0.02, 1e-4)).toThrow(/betaStart <= betaEnd/);
    expect(() => linearBetas(0, 1e-4, 0.02)).toThrow(/T must be/);
    expect(() => qSampleCoefficients(linear, 1000)).toThrow(/outside/);
  });
});

describe('forward process q', () => {
  it('q_sample on known numbers', () => {
    const s = scheduleFromBetas(v(0.1, 0.2, 0.5));
    // abar = 0.9, 0.72, 0.36
    expect(get(s.alphasCumprod, 2)).toBeCloseTo(0.36, 15);
    const xt = qSample(s, v(1, -1, 0.5), 2, v(0.5, 2, -1));
    expect(get(xt, 0)).toBeCloseTo(0.6 * 1 + 0.8 * 0.5, 14);
    expect(get(xt, 1)).toBeCloseTo(0.6 * -1 + 0.8 * 2, 14);
    expect(get(xt, 2)).toBeCloseTo(0.6 * 0.5 + 0.8 * -1, 14);
  });

  it('q_sample has mean sqrt(abar) x0 and variance 1 - abar', () => {
    const n = 200_000;
    const t = 300;
    const x0 = new Float64Array(n).fill(0.7);
    const xt = qSample(linear, x0, t, normals(new Rng(3), n));
    const mean = xt.reduce((a, b) => a + b, 0) / n;
    const variance = xt.reduce((a, b) => a + (b - mean) ** 2, 0) / n;
    const abar = get(linear.alphasCumprod, t);
    expect(Math.abs(mean - Math.sqrt(abar) * 0.7)).toBeLessThan(0.01);
    expect(Math.abs(variance - (1 - abar))).toBeLessThan(0.01);
  });

  it('predicting x0 from the true eps inverts q_sample', () => {
    const x0 = v(0.3, -0.8, 1);
    const eps = v(1.2, -0.4, 0.1);
    for (const t of [0, 17, 999]) {
      const back = predictX0FromEps(linear, qSample(linear, x0, t, eps), t, eps);
      for (let i = 0; i < 3; i++) expect(get(back, i)).toBeCloseTo(get(x0, i), 9);
    }
  });
});

describe('posterior q(x_{t-1} | x_t, x0)', () => {
  it('variance is beta tilde = beta (1 - abar_{t-1}) / (1 - abar_t), zero at t = 0', () => {
    for (const t of [1, 5, 500, 999]) {
      const beta = get(linear.betas, t);
      const expected = (beta * (1 - get(linear.alphasCumprod, t - 1))) / (1 - get(linear.alphasCumprod, t));
      expect(get(linear.posteriorVariance, t)).toBeCloseTo(expected, 15);
      expect(get(linear.posteriorVariance, t)).toBeLessThan(beta);
    }
    expect(get(linear.posteriorVariance, 0)).toBe(0);
  });

  it('the mean matches Bayes on a scalar Gaussian (precision-weighted)', () => {
    // q(x_{t-1}|x0) = N(sqrt(abar_{t-1}) x0, 1 - abar_{t-1}), q(x_t|x_{t-1}) = N(sqrt(alpha_t) x_{t-1}, beta_t)
    const s = scheduleFromBetas(v(0.1, 0.2, 0.5));
    const t = 2;
    const [x0, xt] = [0.4, -0.3];
    const alpha = 0.5, beta = 0.5, abarPrev = 0.72;
    const precision = 1 / (1 - abarPrev) + alpha / beta;
    const mean = ((Math.sqrt(abarPrev) * x0) / (1 - abarPrev) + (Math.sqrt(alpha) * xt) / beta) / precision;
    const post = qPosterior(s, v(x0), v(xt), t);
    expect(get(post.mean, 0)).toBeCloseTo(mean, 12);
    expect(post.variance).toBeCloseTo(1 / precision, 12);
  });
});

describe('reverse steps', () => {
  const x0 = v(0.5, -0.25, 0.9, -1);
  const eps = v(-1.1, 0.3, 0.7, 2.2);

  it('a DDPM step from a perfect eps predictor has the posterior mean', () => {
    for (const t of [0, 1, 40, 999]) {
      const xt = qSample(linear, x0, t, eps);
      const mean = pSampleMean(linear, xt, t, eps);
      const post = qPosterior(linear, x0, xt, t);
      for (let i = 0; i < 4; i++) expect(get(mean, i)).toBeCloseTo(get(post.mean, i), 9);
      // and the form Ho et al. write: (x_t - beta/sqrt(1-abar) eps) / sqrt(alpha)
      const beta = get(linear.betas, t);
      const ho = (get(xt, 0) - (beta / Math.sqrt(1 - get(linear.alphasCumprod, t))) * get(eps, 0)) / Math.sqrt(1 - beta);
      expect(get(mean, 0)).toBeCloseTo(ho, 9);
    }
  });

  it('the DDPM step adds sigma = sqrt(beta tilde) of noise, none at t = 0', () => {
    const z = v(1, 1, 1, 1);
    const xt = qSample(linear, x0, 10, eps);
    const step = pSample(linear, xt, 10, eps, z);
    const mean = pSampleMean(linear, xt, 10, eps);
    expect(get(step, 0) - get(mean, 0)).toBeCloseTo(Math.sqrt(get(linear.posteriorVariance, 10)), 12);
    expect(pSampleCoefficients(linear, 0).sigma).toBe(0);
  });

  it('clipping bounds the predicted x0 to [-1, 1]', () => {
    const xt = qSample(linear, v(3), 0, v(0));
    const unclipped = pSampleMean(linear, xt, 0, v(0));
    const clipped = pSampleMean(linear, xt, 0, v(0), true);
    expect(get(unclipped, 0)).toBeCloseTo(3, 9);
    expect(get(clipped, 0)).toBeCloseTo(1, 9);
  });

  it('DDIM with eta = 0 and a perfect predictor lands on x0 exactly, along any stride', () => {
    for (const s of [linear, cosine]) {
      for (const steps of [1, 10, 50]) {
        const ts = ddimTimesteps(s.T, steps);
        const tStart = ts[ts.length - 1]!;
        let x = qSample(s, x0, tStart, eps);
        for (let i = ts.length - 1; i >= 0; i--) {
          const t = ts[i]!;
          // a perfect predictor returns the eps that relates x to x0 at this t
          const { a, b } = qSampleCoefficients(s, t);
          const epsHat = x.map((xi, j) => (xi - a * get(x0, j)) / b);
          x = ddimStep(s, x, t, i > 0 ? ts[i - 1]! : -1, epsHat, 0, new Float64Array(4));
        }
        for (let j = 0; j < 4; j++) expect(get(x, j)).toBeCloseTo(get(x0, j), 8);
      }
    }
  });

  it('DDIM with eta = 1 between neighbours is the DDPM ancestral step', () => {
    for (const t of [1, 100, 999]) {
      const c = ddimCoefficients(linear, t, t - 1, 1);
      expect(c.sigma).toBeCloseTo(Math.sqrt(get(linear.posteriorVariance, t)), 12);
      const xt = qSample(linear, x0, t, eps);
      const z = v(0.2, -0.4, 1, 0);
      const a = ddimStep(linear, xt, t, t - 1, eps, 1, z);
      const b = pSample(linear, xt, t, eps, z);
      for (let j = 0; j < 4; j++) expect(get(a, j)).toBeCloseTo(get(b, j), 9);
    }
  });

  it('DDIM timesteps are an even, ascending subsequence starting at 0', () => {
    expect(ddimTimesteps(1000, 50).slice(0, 3)).toEqual([0, 20, 40]);
    expect(ddimTimesteps(1000, 50).at(-1)).toBe(980);
    expect(ddimTimesteps(10, 10)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(ddimTimesteps(10, 3)).toEqual([0, 3, 6]);
    expect(() => ddimTimesteps(10, 11)).toThrow(/steps <= T/);
  });
});
