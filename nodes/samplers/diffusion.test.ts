import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ddimStep, ddimTimesteps, makeSchedule, pSample } from '../../src/diffusion/schedule';
import { philoxNormal } from '../../src/runtime/gpu-random';
import { Rng } from '../../src/runtime/rng';
import type { ModelSignature, OpNodeSpec, ShapeContext } from '../spec';
import ddim from './ddim';
import ddpm from './ddpm';
import diffusionForward from './diffusion-forward';
import { makeEnv, paramsOf, runAndRead } from './test-support';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A tiny noise predictor: image [b,4,4,1] and timestep [b,1] in, a [b,4,4,1] "noise" out. */
function tinyUnet(): tf.LayersModel {
  const x = tf.input({ shape: [4, 4, 1], name: 'x' });
  const t = tf.input({ shape: [1], name: 't' });
  const init = (seed: number) => ({ kernelInitializer: tf.initializers.glorotUniform({ seed }) });
  const hx = tf.layers.dense({ units: 16, ...init(1) }).apply(tf.layers.flatten().apply(x)) as tf.SymbolicTensor;
  const ht = tf.layers.dense({ units: 16, activation: 'tanh', ...init(2) }).apply(t) as tf.SymbolicTensor;
  const sum = tf.layers.add().apply([hx, ht]) as tf.SymbolicTensor;
  const out = tf.layers.reshape({ targetShape: [4, 4, 1] }).apply(tf.layers.dense({ units: 16, ...init(3) }).apply(sum)) as tf.SymbolicTensor;
  return tf.model({ inputs: [x, t], outputs: out });
}

const unetSig: ModelSignature = {
  inputs: [{ name: 'x', shape: [null, 4, 4, 1], dtype: 'float32' }, { name: 't', shape: [null, 1], dtype: 'float32' }],
  outputs: [{ name: 'eps', shape: [null, 4, 4, 1] }],
};
const ctx: ShapeContext = { models: { unet: unetSig } };
let unet: tf.LayersModel;
const models = () => ({ unet });
const small = { model: 'unet', T: 10, betaEnd: 0.2 };

beforeAll(() => {
  unet = tinyUnet();
});
afterAll(() => unet.dispose());

describe('samplers.diffusionForward', () => {
  it.each([
    { shape: [3, 4, 4, 1], params: {} },
    { shape: [5, 6], params: { T: 50, schedule: 'cosine' } },
    { shape: [2, 3, 3, 3], params: { T: 7, betaEnd: 0.3 } },
  ])('inferShape agrees with run for $shape $params', ({ shape, params }) => {
    const p = paramsOf(diffusionForward, params);
    const r = diffusionForward.inferShape({ x0: [null, ...shape.slice(1)] }, p, ctx);
    expect(r).toEqual({ ok: true, outputs: { xt: [null, ...shape.slice(1)], t: [null, 1], eps: [null, ...shape.slice(1)] } });
    const concrete = diffusionForward.inferShape({ x0: shape }, p, ctx);
    const got = runAndRead(tf, diffusionForward, { x0: tf.ones(shape) }, p, makeEnv(tf, 1));
    expect(concrete.ok && concrete.outputs).toEqual({ xt: got.xt?.shape, t: got.t?.shape, eps: got.eps?.shape });
  });

  it('gives integer timesteps in [0, T) and x_t = sqrt(abar_t) x0 + sqrt(1 - abar_t) eps per sample', () => {
    const p = paramsOf(diffusionForward, { T: 20 });
    const s = makeSchedule(p);
    const b = 64;
    const x0 = tf.randomUniform([b, 2, 2, 1], -1, 1, 'float32', 9);
    const x0v = x0.dataSync();
    const { xt, t, eps } = runAndRead(tf, diffusionForward, { x0 }, p, makeEnv(tf, 3));
    const ts = Array.from(t!.values);
    expect(ts.every((v) => Number.isInteger(v) && v >= 0 && v < 20)).toBe(true);
    expect(new Set(ts).size).toBeGreaterThan(10);
    for (let i = 0; i < b * 4; i++) {
      const ti = ts[Math.floor(i / 4)]!;
      const want = s.sqrtAlphasCumprod[ti]! * x0v[i]! + s.sqrtOneMinusAlphasCumprod[ti]! * eps!.values[i]!;
      expect(xt!.values[i]).toBeCloseTo(want, 5);
    }
    x0.dispose();
  });

  it('repeats with the same seed and differs with another', () => {
    const p = paramsOf(diffusionForward, { T: 100 });
    const x0 = tf.zeros([8, 3]);
    const a = runAndRead(tf, diffusionForward, { x0 }, p, makeEnv(tf, 4));
    const b = runAndRead(tf, diffusionForward, { x0 }, p, makeEnv(tf, 4));
    const c = runAndRead(tf, diffusionForward, { x0 }, p, makeEnv(tf, 5));
    expect(a).toEqual(b);
    expect(a.t?.values).not.toEqual(c.t?.values);
    expect(a.eps?.values).not.toEqual(c.eps?.values);
    x0.dispose();
  });

  it('says what is wrong with a rank-1 input or a falling schedule', () => {
    expect(diffusionForward.inferShape({ x0: [null] }, paramsOf(diffusionForward), ctx)).toMatchObject({
      ok: false, port: 'x0', issue: { code: 'shape.rank' },
    });
    expect(diffusionForward.inferShape({ x0: [null, 2] }, paramsOf(diffusionForward, { betaStart: 0.1, betaEnd: 0.01 }), ctx)).toMatchObject({
      ok: false, issue: { code: 'param.invalid', args: { param: 'betaStart' } },
    });
  });
});

describe.each([
  ['ddpm', ddpm as OpNodeSpec, {}],
  ['ddim', ddim as OpNodeSpec, { steps: 4 }],
])('samplers.%s', (_name, spec, extra) => {
  it.each([1, 3])('makes finite images of the inferred shape (batch %i)', (batchSize) => {
    const p = paramsOf(spec, { ...small, ...extra, batchSize });
    const r = spec.inferShape({}, p, ctx);
    expect(r).toEqual({ ok: true, outputs: { images: [batchSize, 4, 4, 1] } });
    const before = tf.memory().numTensors;
    const { images } = runAndRead(tf, spec, {}, p, makeEnv(tf, 1, models()));
    expect(tf.memory().numTensors).toBe(before);
    expect(images?.shape).toEqual([batchSize, 4, 4, 1]);
    expect(images?.values.every(Number.isFinite)).toBe(true);
    // with clipDenoised the last step returns the clipped estimate of x0
    expect(images?.values.every((v) => v >= -1 && v <= 1)).toBe(true);
  });

  it('declares the model it runs', () => {
    expect(spec.models?.(paramsOf(spec, small))).toEqual(['unet']);
  });

  it('repeats with the same seed and differs with another', () => {
    const p = paramsOf(spec, { ...small, ...extra, batchSize: 2, clipDenoised: false });
    const a = runAndRead(tf, spec, {}, p, makeEnv(tf, 11, models())).images?.values;
    const b = runAndRead(tf, spec, {}, p, makeEnv(tf, 11, models())).images?.values;
    const c = runAndRead(tf, spec, {}, p, makeEnv(tf, 12, models())).images?.values;
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('says what to do about an unknown or unfit model', () => {
    const p = (model: string) => paramsOf(spec, { ...small, ...extra, model });
    expect(spec.inferShape({}, p('nope'), ctx)).toMatchObject({ ok: false, issue: { code: 'graph.unknownModel', args: { models: 'unet' } } });
    const oneInput: ModelSignature = { inputs: [unetSig.inputs[0]!], outputs: unetSig.outputs };
    const swapped: ModelSignature = { inputs: [unetSig.inputs[1]!, unetSig.inputs[0]!], outputs: unetSig.outputs };
    const wrongOut: ModelSignature = { inputs: unetSig.inputs, outputs: [{ name: 'eps', shape: [null, 16] }] };
    const unknownOut: ModelSignature = { inputs: unetSig.inputs, outputs: [{ name: 'eps', shape: undefined }] };
    const bad: ShapeContext = { models: { oneInput, swapped, wrongOut, unknownOut } };
    expect(spec.inferShape({}, p('oneInput'), bad)).toMatchObject({ ok: false, issue: { code: 'sampler.modelInputs' } });
    expect(spec.inferShape({}, p('swapped'), bad)).toMatchObject({ ok: false, issue: { code: 'sampler.modelInputs' } });
    expect(spec.inferShape({}, p('wrongOut'), bad)).toMatchObject({
      ok: false, issue: { code: 'sampler.modelOutput', args: { expected: '[batch, 4, 4, 1]', got: '[batch, 16]' } },
    });
    // output shapes are not known until the model's own shapes are inferred: no complaint yet
    expect(spec.inferShape({}, p('unknownOut'), bad)).toMatchObject({ ok: true });
  });
});

describe('the tfjs samplers follow the reference maths of src/diffusion', () => {
  const b = 2;
  const size = b * 16;
  const eps = (x: Float64Array, t: number) =>
    Float64Array.from((unet.predict([tf.tensor(Float32Array.from(x), [b, 4, 4, 1]), tf.fill([b, 1], t)]) as tf.Tensor).dataSync());
  /** the same normal draws the node makes from the same seed (Philox, the TypeScript reference) */
  const normal = (seed: number) => Float64Array.from(philoxNormal(size, seed, 0));

  it('DDPM: T ancestral steps from x_T', () => {
    const p = paramsOf(ddpm, { ...small, batchSize: b, clipDenoised: false });
    const s = makeSchedule(p);
    const rng = new Rng(21);
    let want: Float64Array = new Float64Array(size);
    tf.tidy(() => {
      want = normal(rng.seed());
      for (let t = s.T - 1; t >= 0; t--) {
        const z = t > 0 ? normal(rng.seed()) : new Float64Array(size);
        want = pSample(s, want, t, eps(want, t), z);
      }
    });
    const got = runAndRead(tf, ddpm, {}, p, makeEnv(tf, 21, models())).images!.values;
    for (let i = 0; i < size; i++) expect(got[i]).toBeCloseTo(want[i]!, 4);
  });

  it.each([0, 0.5])('DDIM: strided steps with eta = %s', (eta) => {
    const p = paramsOf(ddim, { ...small, batchSize: b, steps: 4, eta, clipDenoised: false });
    const s = makeSchedule(p);
    const ts = ddimTimesteps(s.T, p.steps);
    const rng = new Rng(22);
    let want: Float64Array = new Float64Array(size);
    tf.tidy(() => {
      want = normal(rng.seed());
      for (let i = ts.length - 1; i >= 0; i--) {
        const z = eta > 0 ? normal(rng.seed()) : new Float64Array(size);
        want = ddimStep(s, want, ts[i]!, i > 0 ? ts[i - 1]! : -1, eps(want, ts[i]!), eta, z);
      }
    });
    const got = runAndRead(tf, ddim, {}, p, makeEnv(tf, 22, models())).images!.values;
    for (let i = 0; i < size; i++) expect(got[i]).toBeCloseTo(want[i]!, 4);
  });

  it('DDIM refuses more steps than T', () => {
    expect(ddim.inferShape({}, paramsOf(ddim, { ...small, steps: 11 }), ctx)).toMatchObject({
      ok: false, issue: { code: 'param.invalid', args: { param: 'steps' } },
    });
  });
});
