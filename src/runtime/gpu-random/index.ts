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
// HOW A SAMPLER WOULD SWITCH (not done here: the nodes' owners decide; today's repeatability tests
// pin today's stream)
//   samplers.gaussian:   out: gpuRandomNormal(env.tf, [p.batchSize, ...p.shape], env.rng.seed(), 0, p.mean, p.std)
//   samplers.uniform:    out: gpuRandomUniform(env.tf, [p.batchSize, ...p.shape], env.rng.seed(), 0, p.low, p.high)
//   samplers.reparameterize: eps = gpuRandomNormal(tf, mu.shape, env.rng.seed())
//   FreshMaskDropout.call: seed === undefined ? tf.dropout(x, rate) : gpuDropout(tf, x, rate, seed)
//   Each still takes exactly one env.rng.seed() per draw (offset 0, the seed as the key), so the
//   training Rng, its checkpointed state and every other node's draws stay as they are; only the
//   values of the switched node change (another generator), and with them the losses of any test
//   that pins numbers. Same seed, same numbers, still; resume still exact.
//   samplers.diffusionForward would draw eps as above, and the timesteps on the device:
//     t = gpuRandomInt(tf, [b], s.T, env.rng.seed()); a = tf.gather(sqrtAbarTable, t), c likewise,
//   with the schedule tables as tensors made once; the t output becomes tf.cast(t, 'float32').
//   That takes two seeds instead of b next() calls and one seed, so every later draw of the step
//   moves too: switch it together with the others, in one change, and re-pin the numbers once.
export { GpuRandomStream, gpuDropout, gpuDropoutMask, gpuRandomBits, gpuRandomInt, gpuRandomNormal, gpuRandomPath, gpuRandomUniform } from './ops';
export type { GpuRandomPath } from './ops';
export { philox4x32, philoxDropoutMask, philoxInt, philoxNormal, philoxUint32, philoxUniform } from './philox';
