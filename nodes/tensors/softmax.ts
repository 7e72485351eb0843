import { issue, showShape } from '../../src/messages';
import { need, out } from '../shape-utils';
import { defineOp, fixedPorts } from '../spec';

export default defineOp({
  role: 'op',
  type: 'tensors.softmax',
  category: 'tensors',
  version: 1,
  title: 'Softmax',
  aliases: ['probabilities', 'normalize scores', 'logits to probabilities'],
  docs: {
    summary: 'Turns each row of scores into probabilities: positive, adding up to 1.',
    intuition:
      'softmax(x)_i = e^{x_i} / Σ_j e^{x_j}: the largest score gets the largest share, and adding the same number ' +
      'to every score changes nothing. Losses take the raw logits (categorical cross-entropy applies log-softmax ' +
      'itself, more exactly); use this node to look at what a classifier believes, or to feed probabilities on. ' +
      'Inside a model, the Activation layer has softmax too.',
    paper: { title: 'Deep Learning, chapter 6.2.2.3: Softmax Units', site: 'deeplearningbook.org', url: 'https://www.deeplearningbook.org/contents/mlp.html' },
  },
  params: {},
  inputs: fixedPorts({ name: 'in', kind: 'tensor', doc: 'scores [batch, ..., classes]' }),
  outputs: fixedPorts({ name: 'out', kind: 'tensor', doc: 'probabilities over the last axis, same shape' }),
  inferShape: (inputs) => {
    const x = need(inputs, 'in');
    if (x.length >= 2) return out(x);
    const hint = 'Softmax normalises each row of scores; one score per sample is not a row.';
    return { ok: false, port: 'in', issue: issue('shape.rank', { port: 'in', expected: 'rank-2 or higher [batch, ..., classes]', got: showShape(x), hint }) };
  },
  examples: [{ inputs: { in: [4, 10] }, outputs: { out: [4, 10] } }],
  run: (inputs, _p, { tf }) => ({ out: tf.softmax(inputs['in']!) }),
  torch: (_p, ctx) => `torch.softmax(${ctx.input('in')}, -1)`,
  emit: (_p, ctx) => `tf.softmax(${ctx.input('in')})`,
});
