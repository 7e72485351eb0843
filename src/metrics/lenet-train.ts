// A training-only forward pass of the LeNet classifier whose gradients are fast on tfjs's CPU
// backend. That backend's Conv2DBackpropFilter is a naive loop: one batch-64 step of the plain
// layers model took ~7 s on this (shared, 2-core) machine, ~22 s of CPU in that kernel alone
// (tf.profile). Here the filter gradient is im2col (built in plain JS from the CPU backend's
// arrays) times the output gradient, one matMul; conv1, whose input is data, is im2col + matMul
// in the forward pass too. It reads and trains the very variables of the layers model from
// ./lenet.ts, so the trained weights are saved and used through that model; `fastForwardGap`
// measures how far the two forwards differ. Meant for the CPU backend (it reads tensors with
// dataSync, which is free there and a GPU sync elsewhere).
import type * as TF from '@tensorflow/tfjs';
import type { TFModule } from '../../nodes/spec';
import { LENET_IMAGE } from './lenet';

/** The classifier's trainable variables, by layer, in the layers model's own shapes. */
export interface LenetVariables {
  conv1: [kernel: TF.Variable, bias: TF.Variable];
  conv2: [kernel: TF.Variable, bias: TF.Variable];
  fc1: [kernel: TF.Variable, bias: TF.Variable];
  features: [kernel: TF.Variable, bias: TF.Variable];
  logits: [kernel: TF.Variable, bias: TF.Variable];
}

const LAYERS = ['conv1', 'conv2', 'fc1', 'features', 'logits'] as const;
const K = 5;

export function lenetVariables(model: TF.LayersModel): LenetVariables {
  const pair = (name: string): [TF.Variable, TF.Variable] => {
    const ws = model.getLayer(name).trainableWeights.map((w) => w.read() as TF.Variable);
    if (ws.length !== 2) throw new Error(`layer ${name} has ${ws.length} weights, expected kernel and bias`);
    return [ws[0]!, ws[1]!];
  };
  return Object.fromEntries(LAYERS.map((n) => [n, pair(n)])) as unknown as LenetVariables;
}

export const allVariables = (v: LenetVariables): TF.Variable[] => LAYERS.flatMap((n) => v[n]);

/**
 * im2col of row-major [b, h, w, c] values for a k x k kernel at stride 1 with `pad` zeros on each
 * side: rows are output pixels [b, oh, ow], columns (ky, kx, c), the order of a kernel [k, k, c, out].
 */
export function im2col(x: ArrayLike<number>, [b, h, w, c]: readonly [number, number, number, number], k: number, pad: number): Float32Array {
  const oh = h + 2 * pad - k + 1, ow = w + 2 * pad - k + 1;
  const width = k * k * c;
  const cols = new Float32Array(b * oh * ow * width);
  for (let n = 0; n < b; n++) {
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        const row = ((n * oh + oy) * ow + ox) * width;
        for (let ky = 0; ky < k; ky++) {
          const y = oy + ky - pad;
          if (y < 0 || y >= h) continue;
          for (let kx = 0; kx < k; kx++) {
            const xx = ox + kx - pad;
            if (xx < 0 || xx >= w) continue;
            const src = ((n * h + y) * w + xx) * c;
            const dst = row + (ky * k + kx) * c;
            for (let ch = 0; ch < c; ch++) cols[dst + ch] = x[src + ch]!;
          }
        }
      }
    }
  }
  return cols;
}

/** 'valid' 5x5 convolution + bias whose filter gradient is im2col(x)ᵀ · dy instead of Conv2DBackpropFilter. */
function conv2dFastGrad(tf: TFModule, x: TF.Tensor4D, kernel: TF.Tensor4D, bias: TF.Tensor1D): TF.Tensor4D {
  const op = tf.customGrad((...args) => {
    const [xi, ki, bi, save] = args as [TF.Tensor4D, TF.Tensor4D, TF.Tensor1D, TF.GradSaveFunc];
    const value = tf.add(tf.conv2d(xi, ki, 1, 'valid'), bi) as TF.Tensor4D;
    // the inputs are disposed after the forward pass unless saved for the gradient
    save([xi, ki]);
    const gradFunc = (dy: TF.Tensor4D, saved: TF.Tensor[]): TF.Tensor[] => {
      const [xs, ks] = saved as [TF.Tensor4D, TF.Tensor4D];
      const [b, oh, ow, out] = dy.shape;
      const c = xs.shape[3];
      const cols = tf.tensor2d(im2col(xs.dataSync(), xs.shape, K, 0), [b * oh * ow, K * K * c]);
      const dy2 = tf.reshape(dy, [b * oh * ow, out]);
      const dk = tf.reshape(tf.matMul(cols, dy2, true, false), ks.shape);
      const dx = tf.conv2dTranspose(dy, ks, xs.shape, 1, 'valid');
      return [dx, dk, tf.sum(dy2, 0)];
    };
    return { value, gradFunc };
  });
  return op(x, kernel, bias);
}

/**
 * Logits [batch, 10] of a batch of images, the same function as the layers model. `pixels` are the
 * images row-major [batch, 28, 28, 1] in [0, 1]: conv1's patches are cut from them in JS.
 */
export function fastLogits(tf: TFModule, v: LenetVariables, pixels: Float32Array, batch: number): TF.Tensor2D {
  const [h, w] = LENET_IMAGE;
  // conv1 is 'same' in the layers model: 2 zeros each side for a 5x5 kernel at stride 1
  const cols = tf.tensor2d(im2col(pixels, [batch, h, w, 1], K, 2), [batch * h * w, K * K]);
  const [k1, b1] = v.conv1;
  const c1 = tf.reshape(tf.add(tf.matMul(cols, tf.reshape(k1, [K * K, k1.shape[3]!])), b1), [batch, h, w, k1.shape[3]!]) as TF.Tensor4D;
  const p1 = tf.maxPool(tf.relu(c1), 2, 2, 'valid');
  const c2 = conv2dFastGrad(tf, p1, v.conv2[0] as TF.Tensor as TF.Tensor4D, v.conv2[1] as TF.Tensor as TF.Tensor1D);
  const p2 = tf.maxPool(tf.relu(c2), 2, 2, 'valid');
  const flat = tf.reshape(p2, [batch, -1]);
  const dense = (t: TF.Tensor, [k, b]: [TF.Variable, TF.Variable]) => tf.add(tf.matMul(t, k), b);
  const f1 = tf.relu(dense(flat, v.fc1));
  const f2 = tf.relu(dense(f1, v.features));
  return dense(f2, v.logits) as TF.Tensor2D;
}

/** Largest absolute difference between the layers model's logits and fastLogits on a batch. */
export async function fastForwardGap(tf: TFModule, model: TF.LayersModel, pixels: Float32Array, batch: number): Promise<number> {
  const gap = tf.tidy(() => {
    const x = tf.tensor4d(pixels, [batch, ...LENET_IMAGE]);
    return tf.max(tf.abs(tf.sub(model.predict(x) as TF.Tensor, fastLogits(tf, lenetVariables(model), pixels, batch))));
  });
  const value = (await gap.data())[0]!;
  gap.dispose();
  return value;
}
