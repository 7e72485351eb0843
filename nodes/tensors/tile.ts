import { issue, showShape } from '../../src/messages';
import { need, out } from '../shape-utils';
import { defineOp, fixedPorts } from '../spec';
import { py } from '../torch-emit';

export default defineOp({
  role: 'op',
  type: 'tensors.tile',
  category: 'tensors',
  version: 1,
  title: 'Tile over Image',
  aliases: ['tile', 'broadcast', 'repeat', 'spread label', 'label map', 'condition image'],
  docs: {
    summary: 'Repeats a vector at every pixel: [batch, n] becomes [batch, height, width, n].',
    intuition:
      'A conditional critic must see which class an image claims to be. Tiling the one-hot label over the ' +
      'image\'s height and width gives one label channel per class at every pixel, which can be concatenated ' +
      'with the image\'s own channels.',
    paper: { title: 'Conditional Generative Adversarial Nets', authors: 'Mirza, Osindero', year: 2014, url: 'https://arxiv.org/abs/1411.1784' },
  },
  params: {
    height: { kind: 'int', default: 28, min: 1, max: 4096, doc: 'Rows of the map.' },
    width: { kind: 'int', default: 28, min: 1, max: 4096, doc: 'Columns of the map.' },
  },
  inputs: fixedPorts({ name: 'in', kind: 'tensor', doc: 'one vector per sample [batch, n]' }),
  outputs: fixedPorts({ name: 'out', kind: 'tensor', doc: 'the vector at every pixel [batch, height, width, n]' }),
  inferShape(inputs, p) {
    const x = need(inputs, 'in');
    if (x.length !== 2) {
      return { ok: false, port: 'in', issue: issue('shape.rank', { port: 'in', expected: 'rank-2 [batch, n]', got: showShape(x), hint: 'Flatten it, or feed a One-hot of class ids.' }) };
    }
    return out([x[0] ?? null, p.height, p.width, x[1] ?? null]);
  },
  examples: [{ params: { height: 3, width: 2 }, inputs: { in: [4, 10] }, outputs: { out: [4, 3, 2, 10] } }],
  run: (inputs, p, { tf }) => {
    const x = inputs['in']!;
    return { out: tf.tile(tf.reshape(x, [x.shape[0]!, 1, 1, x.shape[1]!]), [1, p.height, p.width, 1]) };
  },
  torch: (p, ctx) => `${ctx.input('in')}[:, None, None, :].repeat(1, ${py(p.height)}, ${py(p.width)}, 1)`,
  emit: (p, ctx) => {
    const x = ctx.local('vectors', ctx.input('in'));
    return `tf.tile(tf.reshape(${x}, [${x}.shape[0]!, 1, 1, ${x}.shape[1]!]), [1, ${p.height}, ${p.width}, 1])`;
  },
});
