// The 28x28 DCGAN hand-written in stock tfjs 4.22 (tf.sequential, tf.layers.*, optimizer.minimize,
// tf.randomNormal, stock Dropout): the "stock tfjs" baseline of bench/steps.ts. Nothing of
// Tensorloom's compiler or runtime is used here.
//
// Two layer sets:
// - 'reference': the layers of ../shared/gpu/reference/dcgan_tfjs.mjs (G: Dense 7*7*128 no bias, BN,
//   LeakyReLU 0.2, ConvT 64 k5 s2, BN, LeakyReLU, ConvT 1 k5 s2 tanh) — the step whose H100 figures
//   are in ../shared/gpu/README.md.
// - 'template': the same layers as templates/dcgan.json (G: Dense 7*7*256 no bias, BN, LeakyReLU,
//   ConvT 128 k5 s1 no bias, BN, LeakyReLU, ConvT 64 k5 s2 no bias, BN, LeakyReLU, ConvT 1 k5 s2
//   tanh no bias), so that the template and its hand-written twin do the same arithmetic.
// Both share the discriminator: Conv 64 k5 s2 same, LeakyReLU 0.2, Dropout 0.3, Conv 128 k5 s2,
// LeakyReLU, Dropout 0.3, Flatten, Dense 1 (logit). Adam lr 2e-4, beta1 0.5 for both models.
//
// One step mirrors the reference script's step: a D update (BCE-with-logits, real -> 1, G(z) -> 0,
// summed) then a G update (BCE(D(G(z')), 1)), every model call in training mode, fresh z per update.
// Like the reference, the "real" batch is one uniform [-1, 1] tensor made once and kept on the device
// (the template instead uploads a fresh MNIST batch per D update: one small upload per iteration).
import type * as TF from '@tensorflow/tfjs';

export type StockArch = 'reference' | 'template';
export const STOCK_ARCHS: readonly StockArch[] = ['reference', 'template'];

const Z = 100;

export interface StockDcgan {
  /** one D update then one G update; returns both losses, left on the device */
  step(): [TF.Scalar, TF.Scalar];
  dispose(): void;
}

function generator(tf: typeof TF, arch: StockArch): TF.Sequential {
  const L = tf.layers;
  const lrelu = () => L.leakyReLU({ alpha: 0.2 });
  if (arch === 'reference') {
    return tf.sequential({
      layers: [
        L.dense({ inputShape: [Z], units: 7 * 7 * 128, useBias: false }), L.batchNormalization(), lrelu(),
        L.reshape({ targetShape: [7, 7, 128] }),
        L.conv2dTranspose({ filters: 64, kernelSize: 5, strides: 2, padding: 'same', useBias: false }), L.batchNormalization(), lrelu(),
        L.conv2dTranspose({ filters: 1, kernelSize: 5, strides: 2, padding: 'same', activation: 'tanh' }),
      ],
    });
  }
  return tf.sequential({
    layers: [
      L.dense({ inputShape: [Z], units: 7 * 7 * 256, useBias: false }), L.batchNormalization(), lrelu(),
      L.reshape({ targetShape: [7, 7, 256] }),
      L.conv2dTranspose({ filters: 128, kernelSize: 5, strides: 1, padding: 'same', useBias: false }), L.batchNormalization(), lrelu(),
      L.conv2dTranspose({ filters: 64, kernelSize: 5, strides: 2, padding: 'same', useBias: false }), L.batchNormalization(), lrelu(),
      L.conv2dTranspose({ filters: 1, kernelSize: 5, strides: 2, padding: 'same', activation: 'tanh', useBias: false }),
    ],
  });
}

function discriminator(tf: typeof TF): TF.Sequential {
  const L = tf.layers;
  return tf.sequential({
    layers: [
      L.conv2d({ inputShape: [28, 28, 1], filters: 64, kernelSize: 5, strides: 2, padding: 'same' }), L.leakyReLU({ alpha: 0.2 }), L.dropout({ rate: 0.3 }),
      L.conv2d({ filters: 128, kernelSize: 5, strides: 2, padding: 'same' }), L.leakyReLU({ alpha: 0.2 }), L.dropout({ rate: 0.3 }),
      L.flatten(),
      L.dense({ units: 1 }),
    ],
  });
}

export function stockDcgan(tf: typeof TF, arch: StockArch, batch: number): StockDcgan {
  const G = generator(tf, arch);
  const D = discriminator(tf);
  const gOpt = tf.train.adam(2e-4, 0.5);
  const dOpt = tf.train.adam(2e-4, 0.5);
  const real = tf.randomUniform([batch, 28, 28, 1], -1, 1);
  const train = { training: true };
  const bce = (logits: TF.Tensor, label: number) => tf.losses.sigmoidCrossEntropy(tf.fill(logits.shape, label), logits);
  const dVars = D.trainableWeights.map((w) => w.read() as TF.Variable);
  const gVars = G.trainableWeights.map((w) => w.read() as TF.Variable);
  return {
    step() {
      return tf.tidy(() => {
        const z = tf.randomNormal([batch, Z]);
        const dLoss = dOpt.minimize(() => {
          const fake = G.apply(z, train) as TF.Tensor;
          return tf.add(bce(D.apply(real, train) as TF.Tensor, 1), bce(D.apply(fake, train) as TF.Tensor, 0)) as TF.Scalar;
        }, true, dVars)!;
        const gLoss = gOpt.minimize(() => bce(D.apply(G.apply(tf.randomNormal([batch, Z]), train), train) as TF.Tensor, 1) as TF.Scalar, true, gVars)!;
        return [dLoss, gLoss] as [TF.Scalar, TF.Scalar];
      });
    },
    dispose() {
      G.dispose();
      D.dispose();
      gOpt.dispose();
      dOpt.dispose();
      real.dispose();
    },
  };
}
