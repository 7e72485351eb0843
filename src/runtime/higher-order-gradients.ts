// Gradients of gradients, for the gradient penalties (WGAN-GP, R1): the penalty is a function of a
// critic's gradient with respect to its input, and its optimizer differentiates that once more.
// tfjs can, but it refuses any op on the way that has no gradient of its own:
// - comparisons (Greater, Less, Equal, ...), which LeakyReLU's and others' gradients use for their
//   masks: their outputs are piecewise constant, so their gradient is zero;
// - the product's one-pass ReLU and LeakyReLU gradient kernels on wasm (fused-activations.ts):
//   g(dy, x) = dy · f'(x) is linear in dy and, f' being piecewise constant, flat in x, so its own
//   gradient is the same kernel applied to the upstream gradient, and zero for x.
// And it gets some wrong without a word: the gradients of tanh, sigmoid, exp and pow read the op's
// saved output, which the tape does not link back to the op's input, so a second derivative
// through them misses the part that flows through that output (tf.grad(tf.grad(tf.tanh)) even
// throws). Their gradients are registered again here to recompute the output from the saved
// input: the same first derivative to the bit, one more element-wise op, and a second derivative
// that is right (test/runtime/gradient-penalty.test.ts checks it against finite differences).
// What is still refused (pooling and ELU gradients, BatchNorm, ...) is named by the penalty node's
// check (nodes/losses/gradient-penalty.ts), which only admits layers tested here.
import type * as TF from '@tensorflow/tfjs';
import type { TFModule } from '../../nodes/spec';
import { perTfModule } from './per-tf-module';

const COMPARISONS = ['Greater', 'GreaterEqual', 'Less', 'LessEqual', 'Equal', 'NotEqual', 'LogicalAnd', 'LogicalOr', 'LogicalNot'];
const MASKED_GRADIENTS = ['TensorloomReluGrad', 'TensorloomLeakyReluGrad'];

/** f'(x) from f(x) recomputed, for the element-wise ops whose stock gradient reads the saved output. */
const FROM_INPUT: Record<string, (tf: TFModule, x: TF.Tensor, dy: TF.Tensor) => TF.Tensor> = {
  Tanh: (tf, x, dy) => tf.mul(tf.sub(tf.scalar(1), tf.square(tf.tanh(x))), dy),
  Sigmoid: (tf, x, dy) => {
    const y = tf.sigmoid(x);
    return tf.mul(dy, tf.mul(y, tf.sub(tf.scalar(1), y)));
  },
  Exp: (tf, x, dy) => tf.mul(dy, tf.exp(x)),
};

/** Pow's gradient as tfjs writes it, with y = a^b recomputed instead of read back. */
function powGradient(tf: TFModule, a: TF.Tensor, b: TF.Tensor, dy: TF.Tensor) {
  const outShape = tf.broadcast_util.assertAndGetBroadcastShape(a.shape, b.shape);
  const reduced = (res: TF.Tensor, shape: number[]) => {
    const axes = tf.broadcast_util.getReductionAxes(shape, outShape);
    return tf.reshape(axes.length > 0 ? tf.sum(res, axes) : res, shape);
  };
  return {
    a: () => {
      const expFloat = tf.cast(b, 'float32');
      return reduced(tf.mul(dy, tf.mul(expFloat, tf.pow(a, tf.sub(expFloat, tf.scalar(1))))), a.shape);
    },
    b: () => {
      const logBase = tf.where(tf.greater(a, 0), tf.log(a), tf.zerosLike(a));
      return reduced(tf.mul(dy, tf.mul(tf.pow(a, b), logBase)), b.shape);
    },
  };
}

export const registerHigherOrderGradients = perTfModule((tf: TFModule): true => {
  for (const [kernelName, derivative] of Object.entries(FROM_INPUT)) {
    tf.registerGradient({
      kernelName,
      inputsToSave: ['x'],
      gradFunc: (dy, saved: TF.Tensor[]) => ({ x: () => derivative(tf, saved[0]!, Array.isArray(dy) ? dy[0]! : dy) }),
    });
  }
  tf.registerGradient({
    kernelName: 'Pow',
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, saved: TF.Tensor[]) => powGradient(tf, saved[0]!, saved[1]!, Array.isArray(dy) ? dy[0]! : dy),
  });
  for (const kernelName of COMPARISONS) {
    if (tf.getGradient(kernelName)) continue;
    tf.registerGradient({
      kernelName,
      inputsToSave: ['a', 'b'],
      gradFunc: (_dy, saved: TF.Tensor[]) => ({ a: () => tf.zerosLike(saved[0]!), b: () => tf.zerosLike(saved[1] ?? saved[0]!) }),
    });
  }
  for (const kernelName of MASKED_GRADIENTS) {
    tf.registerGradient({
      kernelName,
      inputsToSave: ['x'],
      gradFunc: (dy, saved: TF.Tensor[], attrs) => {
        const x = saved[0]!;
        const upstream = Array.isArray(dy) ? dy[0]! : dy;
        return {
          dy: () => tf.engine().runKernel(kernelName, { dy: upstream, x }, attrs) as TF.Tensor,
          x: () => tf.zerosLike(x),
        };
      },
    });
  }
  return true;
});
