import { issue, showShape } from '../../src/messages';
import type * as TF from '@tensorflow/tfjs';
import { emitRuntimeCall, inputCode } from '../op-emit';
import { defineOp, fixedPorts, type TFModule } from '../spec';
import { expectRank, need, ok } from '../shape-utils';
import { tensorAt } from '../samplers/inputs';
import { py, pyCall } from '../torch-emit';

export const VALUE_RANGES = ['[-1,1]', '[0,1]'] as const;

/** The first `count` images of a batch, scaled from `range` to [0, 1] for display. */
export function imageGrid(tf: TFModule, images: TF.Tensor, count: number, range: '[-1,1]' | '[0,1]'): TF.Tensor {
  const first = tf.slice(images, 0, Math.min(count, images.shape[0] ?? 1));
  const scaled = range === '[-1,1]' ? tf.mul(tf.add(first, 1), 0.5) : first;
  return tf.clipByValue(scaled, 0, 1);
}

export default defineOp({
  role: 'preview',
  type: 'previews.imageGrid',
  category: 'previews',
  version: 1,
  title: 'Image Grid',
  aliases: ['preview', 'samples', 'show images', 'visualize', 'montage'],
  docs: {
    summary: 'Shows the first images of a batch as a grid on the dashboard while training runs.',
    intuition:
      'Loss curves say whether numbers go down; pictures say whether the model is learning what you want. ' +
      'Connect generated images (a generator\'s output, a decoder\'s reconstruction, a diffusion sampler) and ' +
      'this node shows them every few steps. Networks usually work with pixels scaled to [-1, 1] (tanh outputs) ' +
      'or [0, 1] (sigmoid outputs): pick the one your images use so they are shown with the right brightness. ' +
      'A preview only looks: it never changes training.',
    paper: { title: 'torchvision.utils.make_grid', site: 'torchvision docs', url: 'https://docs.pytorch.org/vision/stable/generated/torchvision.utils.make_grid.html' },
  },
  params: {
    count: { kind: 'int', default: 64, min: 1, max: 1024, doc: 'How many images of the batch to show (at most the batch size).' },
    range: { kind: 'enum', options: VALUE_RANGES, default: '[-1,1]', doc: 'The value range of the images, mapped to black..white; values outside are clipped.' },
  },
  inputs: fixedPorts({ name: 'images', kind: 'tensor', doc: 'images [batch, height, width, channels], 1 (grey) or 3 (RGB) channels' }),
  outputs: fixedPorts(),
  inferShape(inputs) {
    const x = need(inputs, 'images');
    const hint = x.length === 2 ? 'Insert a Reshape to [height, width, channels] before this preview.' : '';
    const bad = expectRank('images', x, 4, '[batch, height, width, channels]', hint);
    if (bad) return bad;
    const c = x[3] ?? null;
    if (c !== 1 && c !== 3) {
      const got = c === null ? 'an unknown number' : String(c);
      return { ok: false, port: 'images', issue: issue('shape.dim', { port: 'images', what: 'channels (last dim)', expected: '1 or 3', got: `${got} in ${showShape(x)}`, hint: 'End the generator with a layer of 1 or 3 channels.' }) };
    }
    return ok({});
  },
  run: (inputs, p, { tf }) => ({ image: imageGrid(tf, tensorAt(inputs, 'images'), p.count, p.range) }),
  torch: (p, ctx) => pyCall('tl.image_grid', [ctx.input('images'), py(p.count), py(p.range)]),
  emit: (p, ctx) => emitRuntimeCall(ctx, 'imageGrid', inputCode(ctx, 'images'), p.count, p.range),
});
