// Philox4x32-10 in WGSL, as a tfjs WebGPU program (the shape tfjs-backend-webgpu 4.22 expects of its
// own programs: outputShape, shaderKey, dispatchLayout, dispatch, variableNames, uniforms,
// workgroupSize, size, getUserCode; run by `backend.runWebGPUProgram`). The backend package is not
// imported here: importing it before Dawn is up would keep it from registering itself.
//
// Each invocation computes one Philox block (four words) and writes the up to four output values
// that fall in it. The same words as `philoxUint32` in philox.ts, bit for bit; the float
// conversions follow philox.ts step by step, in f32.

export type PhiloxKind = 'bits' | 'uniform' | 'normal' | 'int' | 'dropoutMask' | 'dropout';

/** the input of the fused dropout program: float32, flattened to [size] */
const DROPOUT_INPUT = 'dropoutInput';

const WORKGROUP = 64;

/** the scalar uniforms after tfjs's own (NAN, INFINITY, outShape, outShapeStrides, size) */
const UNIFORMS = 'seedLo : u32, seedHi : u32, blockLo : u32, blockHi : u32, lane0 : u32, threads : u32, p0 : f32, p1 : f32, n : u32,';

/** The WGSL of the shared generator: 32x32 -> 64-bit products from 16-bit halves, ten rounds. */
export const PHILOX_WGSL = /* wgsl */ `
const PHILOX_M0 : u32 = 0xd2511f53u;
const PHILOX_M1 : u32 = 0xcd9e8d57u;
const PHILOX_W0 : u32 = 0x9e3779b9u;
const PHILOX_W1 : u32 = 0xbb67ae85u;

// high word of a * b: WGSL has only 32-bit integers, so from four 16x16-bit products
fn philoxMulhi(a : u32, b : u32) -> u32 {
  let aL = a & 0xffffu;
  let aH = a >> 16u;
  let bL = b & 0xffffu;
  let bH = b >> 16u;
  let ll = aL * bL;
  let lh = aL * bH;
  let hl = aH * bL;
  let hh = aH * bH;
  let mid = (ll >> 16u) + (lh & 0xffffu) + (hl & 0xffffu);
  return hh + (lh >> 16u) + (hl >> 16u) + (mid >> 16u);
}

fn philoxBlock(counter : vec4<u32>, key : vec2<u32>) -> vec4<u32> {
  var x = counter;
  var k = key;
  for (var r = 0; r < 10; r = r + 1) {
    if (r > 0) {
      k = k + vec2<u32>(PHILOX_W0, PHILOX_W1);
    }
    let hi0 = philoxMulhi(PHILOX_M0, x.x);
    let lo0 = PHILOX_M0 * x.x;
    let hi1 = philoxMulhi(PHILOX_M1, x.z);
    let lo1 = PHILOX_M1 * x.z;
    x = vec4<u32>(hi1 ^ x.y ^ k.x, lo1, hi0 ^ x.w ^ k.y, lo0);
  }
  return x;
}

// [0, 1), exact: the top 24 bits times 2^-24
fn philoxUnit(w : u32) -> f32 {
  return f32(w >> 8u) * 5.9604644775390625e-8;
}
// (0, 1]
fn philoxUnitOpen(w : u32) -> f32 {
  return f32((w >> 8u) + 1u) * 5.9604644775390625e-8;
}
// [-1, 1), exact
fn philoxSigned(w : u32) -> f32 {
  return f32(w >> 8u) * 1.1920928955078125e-7 - 1.0;
}

// The built-in log, sin and cos need only be accurate to about 2^-21 and 2^-11 absolute (the WGSL
// and Vulkan minimums; SwiftShader's are that coarse), so Box-Muller uses these instead: a few
// float32 ulps on every device.

// ln(u) for a normal float u > 0: u = m 2^e with m in [sqrt(1/2), sqrt(2)),
// ln m = 2 atanh(s) with s = (m - 1) / (m + 1), |s| < 0.172, odd series to s^11
fn philoxLog(u : f32) -> f32 {
  let b = bitcast<u32>(u);
  var e = f32(i32(b >> 23u) - 127);
  var m = bitcast<f32>((b & 0x7fffffu) | 0x3f800000u);
  if (m > 1.41421356237) {
    m = m * 0.5;
    e = e + 1.0;
  }
  let s = (m - 1.0) / (m + 1.0);
  let s2 = s * s;
  let tail = s2 * (0.33333333333 + s2 * (0.2 + s2 * (0.14285714286 + s2 * (0.11111111111 + s2 * 0.09090909091))));
  // ln 2 split in two (Cody and Waite) so that e * hi is exact
  return e * 0.693145751953125 + (e * 1.4286068202862268e-6 + (2.0 * s + 2.0 * s * tail));
}

// (sin(pi v), cos(pi v)): v = q / 2 + f with whole q and |f| <= 1/4, Taylor series in f
fn philoxSinCosPi(v : f32) -> vec2<f32> {
  let q = round(2.0 * v);
  let f = v - 0.5 * q;
  let f2 = f * f;
  let sf = f * (3.14159265359 + f2 * (-5.16771278005 + f2 * (2.55016403988 + f2 * (-0.599264529321 + f2 * 0.0821458866111))));
  let cf = 1.0 + f2 * (-4.93480220054 + f2 * (4.05871212642 + f2 * (-1.33526276885 + f2 * (0.235330630359 + f2 * -0.0258068913900))));
  switch (i32(q) & 3) {
    case 0: { return vec2<f32>(sf, cf); }
    case 1: { return vec2<f32>(cf, -sf); }
    case 2: { return vec2<f32>(-sf, -cf); }
    default: { return vec2<f32>(-cf, sf); }
  }
}
`;

function valuesOf(kind: PhiloxKind): string {
  switch (kind) {
    case 'bits':
      return 'let v = bitcast<vec4<i32>>(w);';
    case 'uniform':
      return `let v = vec4<f32>(uniforms.p0) + uniforms.p1 *
        vec4<f32>(philoxUnit(w.x), philoxUnit(w.y), philoxUnit(w.z), philoxUnit(w.w));`;
    case 'normal':
      return `let ra = sqrt(-2.0 * philoxLog(philoxUnitOpen(w.x)));
      let ta = philoxSinCosPi(philoxSigned(w.y));
      let rb = sqrt(-2.0 * philoxLog(philoxUnitOpen(w.z)));
      let tb = philoxSinCosPi(philoxSigned(w.w));
      let v = vec4<f32>(uniforms.p0) + uniforms.p1 * vec4<f32>(ra * ta.y, ra * ta.x, rb * tb.y, rb * tb.x);`;
    case 'int':
      return `let v = vec4<i32>(i32(philoxMulhi(w.x, uniforms.n)), i32(philoxMulhi(w.y, uniforms.n)),
        i32(philoxMulhi(w.z, uniforms.n)), i32(philoxMulhi(w.w, uniforms.n)));`;
    case 'dropoutMask':
    case 'dropout':
      return `let u = vec4<f32>(philoxUnit(w.x), philoxUnit(w.y), philoxUnit(w.z), philoxUnit(w.w));
      let v = select(vec4<f32>(0.0), vec4<f32>(uniforms.p1), u >= vec4<f32>(uniforms.p0));`;
  }
}

export function outputDtype(kind: PhiloxKind): 'float32' | 'int32' {
  return kind === 'bits' || kind === 'int' ? 'int32' : 'float32';
}

/**
 * A tfjs WebGPU program drawing `size` values of one kind; see philox.ts for the stream layout.
 * 'dropout' multiplies its one input (float32, flat) by the dropout mask in the same pass.
 */
export class PhiloxProgram {
  readonly variableNames: string[];
  readonly outputShape: number[];
  readonly workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];
  readonly dispatchLayout = { x: [0] };
  dispatch: [number, number, number];
  shaderKey: string;
  readonly uniforms = UNIFORMS;
  readonly size = true;
  readonly threads: number;

  constructor(
    readonly kind: PhiloxKind,
    size: number,
    lane0: number,
  ) {
    this.variableNames = kind === 'dropout' ? [DROPOUT_INPUT] : [];
    this.outputShape = [size];
    this.threads = Math.ceil((lane0 + size) / 4);
    this.dispatch = [Math.ceil(this.threads / WORKGROUP), 1, 1];
    this.shaderKey = `tensorloomPhilox_${kind}`;
  }

  getUserCode(): string {
    return `
${PHILOX_WGSL}
fn main(index : i32) {
  let t = u32(index);
  if (t >= uniforms.threads) {
    return;
  }
  // block number = first block + t, with the carry into the high word
  let lo = uniforms.blockLo + t;
  let hi = uniforms.blockHi + select(0u, 1u, lo < t);
  let w = philoxBlock(vec4<u32>(lo, hi, 0u, 0u), vec2<u32>(uniforms.seedLo, uniforms.seedHi));
  ${valuesOf(this.kind)}
  let base = i32(t * 4u) - i32(uniforms.lane0);
  for (var l = 0; l < 4; l = l + 1) {
    let i = base + l;
    if (i >= 0 && i < uniforms.size) {
      result[i] = ${this.kind === 'dropout' ? `v[l] * ${DROPOUT_INPUT}[i]` : 'v[l]'};
    }
  }
}
`;
  }
}
