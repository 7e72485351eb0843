import { issue, showShape } from '../../src/messages';
import { definePlumbing, type Shape } from '../spec';
import { ok } from '../shape-utils';

const sameSample = (a: Shape, b: Shape) => a.length === b.length && a.every((d, i) => i === 0 || d === b[i]);

export default definePlumbing({
  role: 'model-call',
  type: 'models.call',
  category: 'models',
  version: 1,
  title: 'Model',
  aliases: ['instance', 'network', 'call', 'apply'],
  docs: {
    summary: 'Runs a model of this document on its inputs, in the training graph or inside another model; instances of one model share weights.',
    intuition:
      'A Model node applies a whole network (a generator, a discriminator, an encoder) as one step of the ' +
      'training graph. Put the same model down twice and both copies use the same weights: that is how a GAN ' +
      'judges real and fake images with one discriminator, and how a diffusion sampler reuses the trained U-Net. ' +
      'Inside a model it is a block (a residual block, an encoder stage): the block\'s layers become part of the ' +
      'model, and the optimizer that trains the model trains them. Select layers and press Ctrl+G to make a block of them.',
    paper: { title: 'The Functional API', authors: 'F. Chollet', year: 2019, url: 'https://keras.io/guides/functional_api/' },
  },
  params: {
    model: { kind: 'model', default: '', doc: 'Which model of the document this node runs.' },
    weights: {
      kind: 'enum', options: ['shared', 'own'], default: 'shared',
      doc: '"shared": the model\'s one set of weights, as every shared instance of it uses. "own" (inside a model): a copy of the model\'s layers with weights of its own, trained with the model holding it, whose inputs may have other sizes than its Model Inputs declare (a residual block used at every level of a U-Net).',
    },
  },
  inputs: (p, ctx) =>
    (ctx.models[p.model]?.inputs ?? []).map((i) => ({ name: i.name, kind: 'tensor' as const, dtype: i.dtype, doc: `model input ${showShape(i.shape)}` })),
  outputs: (p, ctx) =>
    (ctx.models[p.model]?.outputs ?? []).map((o) => ({ name: o.name, kind: 'tensor' as const, doc: `model output ${showShape(o.shape)}` })),
  inferShape(inputs, p, ctx) {
    const sig = ctx.models[p.model];
    if (!sig) {
      return { ok: false, issue: issue('graph.unknownModel', { model: p.model, models: Object.keys(ctx.models).join(', ') }) };
    }
    let batch: number | null = null;
    let batchFrom = '';
    for (const i of sig.inputs) {
      const got = inputs[i.name];
      if (!got) continue;
      const b = got[0] ?? null;
      // one call runs one batch: every input must bring the same number of samples
      if (batch !== null && b !== null && b !== batch) {
        return { ok: false, port: i.name, issue: issue('shape.batch', { a: batchFrom, b: i.name, batchA: batch, batchB: b }) };
      }
      // an own copy takes the sizes of what feeds it (its shapes come from the copied layers)
      if (p.weights !== 'own' && !sameSample(got, i.shape)) {
        return {
          ok: false,
          port: i.name,
          issue: issue('shape.modelInput', { port: i.name, model: p.model, expected: showShape(i.shape), got: showShape(got) }),
        };
      }
      if (batch === null && b !== null) [batch, batchFrom] = [b, i.name];
    }
    const outputs: Record<string, Shape> = {};
    for (const o of sig.outputs) if (o.shape) outputs[o.name] = [batch, ...o.shape.slice(1)];
    return ok(outputs);
  },
});
