// gpu-random: random numbers made on the device, for noise, timesteps and dropout masks.
//
// WHY
//   Stock tfjs makes every random tensor on the CPU (tf.randomUniform, tf.randomNormal and the mask
//   of tf.dropout are JavaScript loops over seedrandom) and uploads it, on every step, even on the
//   webgpu backend. These ops draw the numbers in a WGSL compute pass instead.
//
// THE GENERATOR
//   Philox4x32-10 (Salmon et al., SC 2011), a counter-based generator: a keyed bijection on 128-bit
//   counters, ten rounds of two 32x32->64-bit multiplies, xors and a key bump (Weyl sequence).
//   Written twice from that definition: philox.ts (TypeScript: the reference and the CPU path) and
//   program.ts (WGSL, as a tfjs WebGPU program; WGSL has only 32-bit integers, so the high word of
//   each product comes from four 16x16-bit products). Both reproduce the Random123 known answers.
//
//   Stream layout: the key is the seed (two 32-bit words, so any seed in [0, 2^53)); value p of a
//   seed's stream is word p % 4 of the block at counter (floor(p / 4) as two words, 0, 0). A draw
//   of n values at offset o returns values o .. o + n - 1, so draws at o and o + n never share a
//   value, and any value can be made by any thread, on any device, in any order.
//
//   From words to numbers (identical in both versions):
//   - uniform [0, 1): top 24 bits * 2^-24 (exact in float32); [low, high): low + (high - low) u;
//   - normal: Box-Muller on word pairs: words 2k, 2k+1 give values 2k, 2k+1 as r cos(pi v), r sin(pi v)
//     with r = sqrt(-2 ln u), u in (0, 1] from the first word, v in [-1, 1) from the second; the
//     WGSL computes ln, sin and cos with its own float32 series, because the WGSL built-ins need
//     only be accurate to 2^-21 (log) and 2^-11 (sin, cos) absolute and SwiftShader's are that coarse;
//   - whole numbers in [0, n): the high word of word * n (bias below n / 2^32);
//   - dropout mask: 1 / (1 - rate) where the uniform >= rate, else 0 (kept with probability 1 - rate).
//
// AGREEMENT (test/webgpu/gpu-random.test.ts, run on SwiftShader)
//   words, whole numbers, [0, 1) uniforms, dropout masks and dropout: bit for bit;
//   [low, high) uniforms: 1e-6 absolute (one float32 rounding; 0 seen);
//   standard normals: 2e-6 absolute (seen: 4.8e-7 over 10^6 draws, 1-2 float32 ulps of |z|).
//
// THE OPS (ops.ts)
//   gpuRandomUniform(tf, shape, seed, offset?, low?, high?), gpuRandomNormal(tf, shape, seed,
//   offset?, mean?, std?), gpuRandomInt(tf, shape, n, seed, offset?), gpuDropoutMask(tf, shape,
//   rate, seed, offset?), gpuDropout(tf, x, rate, seed, offset?) (one fused pass, differentiable),
//   gpuRandomBits (raw words) and GpuRandomStream (a seed and an offset that moves on by each draw).
//   On the webgpu backend they run the WGSL program; on any other backend they compute the same
//   numbers in TypeScript and upload them. So CPU and WebGPU runs draw the same numbers for the same
//   seed. `tf` is handed in, as everywhere in nodes/.
//
// WHO DRAWS FROM THEM
//   samplers.gaussian, samplers.uniform: gpuRandomNormal / gpuRandomUniform of [batchSize, ...shape];
//   samplers.reparameterize: eps = gpuRandomNormal(tf, mu.shape, seed);
//   samplers.diffusionForward: the b timesteps as philoxInt(b, seed, 0, T) (the reference, in JS:
//     they index the float64 schedule tables there; the same numbers gpuRandomInt makes), then
//     eps = gpuRandomNormal(tf, x0.shape, seed');
//   samplers.ddpm, samplers.ddim: x_T and every step's fresh noise, gpuRandomNormal;
//   FreshMaskDropout (layers.dropout): gpuDropout(tf, x, rate, seed); with no seed stream at all
//     (neither a training stream nor a saved seed) tf.dropout, unseeded, as before.
//   Each draw takes exactly one seed from env.rng.seed() (or the layer's seed stream) at offset 0,
//   the seed as the key; the training Rng stays the one source of randomness, so its checkpointed
//   state still resumes a run exactly, and the same seed still gives the same numbers.
//   The TypeScript export (src/codegen/snippets/random.ts) carries its own copy of the reference
//   path (philoxWords and friends), so exported programs draw the same numbers.
export { GpuRandomStream, gpuDropout, gpuNoise, gpuDropoutMask, gpuRandomBits, gpuRandomInt, gpuRandomNormal, gpuRandomPath, gpuRandomUniform } from './ops';
export type { GpuRandomPath } from './ops';
export { philox4x32, philoxDropoutMask, philoxInt, philoxNormal, philoxUint32, philoxUniform } from './philox';
