// One Adam (or AdamW before its decay) step of one variable in one pass, in tfjs's AdamOptimizer's
// order of float32 operations:
//   m' = m * beta1 + g * (1 - beta1)
//   v' = v * beta2 + (g * g) * (1 - beta2)
//   x' = (m' / (1 - accBeta1)) / (sqrt(v' / (1 - accBeta2)) + epsilon) * -learningRate + x
// accBeta1 and accBeta2 (beta^t) are one-element tensors; 1 - beta is rounded to float32 by the caller.
import { at } from './simd';

export function adam(
  n: i32, x: usize, m: usize, v: usize, g: usize, xOut: usize, mOut: usize, vOut: usize,
  beta1: f32, oneMinusBeta1: f32, beta2: f32, oneMinusBeta2: f32, negLearningRate: f32, epsilon: f32,
  accBeta1: usize, accBeta2: usize,
): void {
  const c1 = <f32>1 - load<f32>(accBeta1);
  const c2 = <f32>1 - load<f32>(accBeta2);
  const b1 = f32x4.splat(beta1), o1 = f32x4.splat(oneMinusBeta1);
  const b2 = f32x4.splat(beta2), o2 = f32x4.splat(oneMinusBeta2);
  const vc1 = f32x4.splat(c1), vc2 = f32x4.splat(c2);
  const lr = f32x4.splat(negLearningRate), eps = f32x4.splat(epsilon);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const gi = v128.load(at(g, i));
    const mi = f32x4.add(f32x4.mul(v128.load(at(m, i)), b1), f32x4.mul(gi, o1));
    const vi = f32x4.add(f32x4.mul(v128.load(at(v, i)), b2), f32x4.mul(f32x4.mul(gi, gi), o2));
    const step = f32x4.div(f32x4.div(mi, vc1), f32x4.add(f32x4.sqrt(f32x4.div(vi, vc2)), eps));
    v128.store(at(mOut, i), mi);
    v128.store(at(vOut, i), vi);
    v128.store(at(xOut, i), f32x4.add(f32x4.mul(step, lr), v128.load(at(x, i))));
  }
  for (; i < n; i++) {
    const gi = load<f32>(at(g, i));
    const mi = load<f32>(at(m, i)) * beta1 + gi * oneMinusBeta1;
    const vi = load<f32>(at(v, i)) * beta2 + gi * gi * oneMinusBeta2;
    store<f32>(at(mOut, i), mi);
    store<f32>(at(vOut, i), vi);
    store<f32>(at(xOut, i), (mi / c1) / (Mathf.sqrt(vi / c2) + epsilon) * negLearningRate + load<f32>(at(x, i)));
  }
}
