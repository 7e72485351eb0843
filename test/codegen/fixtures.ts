// Small documents that between them use every node type the exporter knows, for the equivalence
// and type-check tests: tiny sizes, so a few iterations take well under a second on the CPU.
import type { GraphDoc } from '../../src/graph/types';
import { doc, graph } from '../helpers/build-doc';
import { edge, node } from '../fixtures/graph-docs';

/**
 * Toy adversarial training with every loss, every optimizer but Adam (the templates use Adam),
 * dropout, both normalisations without seeds, several model outputs, repeats and orders.
 */
export function everyLossDoc(): GraphDoc {
  return doc({
    name: 'every loss',
    models: {
      gen: graph(
        [
          ['z', 'models.input', { name: 'z', shape: [4] }],
          ['h', 'layers.dense', { units: 16, activation: 'relu' }],
          ['drop', 'layers.dropout', { rate: 0.25 }],
          ['bn', 'layers.batchNorm', {}],
          ['xy', 'layers.dense', { units: 2 }],
          ['x', 'models.output', { name: 'x' }],
        ],
        ['z.out -> h.in', 'h.out -> drop.in', 'drop.out -> bn.in', 'bn.out -> xy.in', 'xy.out -> x.in'],
      ),
      critic: graph(
        [
          ['x', 'models.input', { name: 'x', shape: [2] }],
          ['h', 'layers.dense', { units: 16 }],
          ['act', 'layers.activation', { activation: 'leakyRelu', alpha: 0.2 }],
          ['ln', 'layers.layerNorm', {}],
          ['score', 'layers.dense', { units: 1 }],
          ['s', 'models.output', { name: 'score' }],
          ['f', 'models.output', { name: 'features' }],
        ],
        ['x.out -> h.in', 'h.out -> act.in', 'act.out -> ln.in', 'ln.out -> score.in', 'score.out -> s.in', 'act.out -> f.in'],
      ),
      head: graph(
        [
          ['x', 'models.input', { name: 'x', shape: [2] }],
          ['d', 'layers.dense', { units: 2, activation: 'tanh' }],
          ['y', 'models.output', { name: 'y' }],
        ],
        ['x.out -> d.in', 'd.out -> y.in'],
      ),
    },
    main: graph(
      [
        ['spiral', 'data.toy2d', { distribution: 'spiral', batchSize: 8 }],
        ['moons', 'data.toy2d', { distribution: 'moons', batchSize: 8, noise: 0.1 }],
        ['noise', 'samplers.uniform', { batchSize: 8, shape: [4] }],
        ['gen', 'models.call', { model: 'gen' }],
        ['c_real', 'models.call', { model: 'critic' }],
        ['c_fake', 'models.call', { model: 'critic' }],
        ['c_moons', 'models.call', { model: 'critic' }],
        ['hinge_real', 'losses.hinge', { mode: 'real' }],
        ['hinge_fake', 'losses.hinge', { mode: 'fake' }],
        ['w_moons', 'losses.wasserstein', { sign: 'fake' }],
        ['critic_loss', 'losses.weightedSum', { count: 3, w2: 0.5, w3: 0.1 }],
        // not centered: tfjs 4.22's centered RMSProp takes sqrt(ms − mg² − ε), NaN wherever a gradient is 0
        ['opt_critic', 'optimizers.rmsprop', { learningRate: 0.01, momentum: 0.5, models: ['critic'], updatesPerIteration: 2 }],
        ['g_adv', 'losses.hinge', { mode: 'generator' }],
        ['fm', 'losses.featureMatching', { match: 'batchMean' }],
        ['fm2', 'losses.scale', { factor: 2 }],
        ['g_mae', 'losses.mae', {}],
        ['g_mse', 'losses.mse', { reduction: 'sumPerSample' }],
        ['g_bce', 'losses.bceLogits', { target: 'ones', labelSmoothing: 0.2 }],
        ['g_w', 'losses.wasserstein', { sign: 'real' }],
        ['gen_loss', 'losses.weightedSum', { count: 6, w4: 0.3 }],
        ['opt_gen', 'optimizers.sgd', { learningRate: 0.01, momentum: 0.9, nesterov: true, models: ['gen'], order: 1 }],
        ['head', 'models.call', { model: 'head' }],
        ['z', 'samplers.reparameterize', {}],
        ['kl', 'losses.klNormal', {}],
        ['head_fit', 'losses.mse', {}],
        ['head_bce', 'losses.bceLogits', { target: 'input', labelSmoothing: 0.1, reduction: 'sumPerSample' }],
        ['head_loss', 'losses.weightedSum', { count: 3, w1: 0.01 }],
        ['opt_head', 'optimizers.adamw', { learningRate: 0.01, weightDecay: 0.1, models: ['head'], order: 2 }],
        ['opt_head_sgd', 'optimizers.sgd', { learningRate: 0.05, models: ['head'], order: 3 }],
        ['gauss', 'samplers.gaussian', { batchSize: 6, shape: [4], mean: 0.5, std: 2 }],
        ['gen_preview', 'models.call', { model: 'gen' }],
        ['fakes', 'previews.scatter', { count: 5 }],
        ['spiral_points', 'previews.scatter', {}],
      ],
      [
        'noise.out -> gen.z', 'spiral.x -> c_real.x', 'gen.x -> c_fake.x', 'moons.x -> c_moons.x',
        'c_real.score -> hinge_real.logits', 'c_fake.score -> hinge_fake.logits', 'c_moons.score -> w_moons.critic',
        'hinge_real.loss -> critic_loss.loss1', 'hinge_fake.loss -> critic_loss.loss2', 'w_moons.loss -> critic_loss.loss3',
        'critic_loss.loss -> opt_critic.loss',
        'c_fake.score -> g_adv.logits', 'c_real.features -> fm.a', 'c_fake.features -> fm.b', 'fm.loss -> fm2.loss',
        'gen.x -> g_mae.pred', 'spiral.x -> g_mae.target', 'gen.x -> g_mse.pred', 'moons.x -> g_mse.target',
        'c_fake.score -> g_bce.logits', 'c_fake.score -> g_w.critic',
        'g_adv.loss -> gen_loss.loss1', 'fm2.loss -> gen_loss.loss2', 'g_mae.loss -> gen_loss.loss3',
        'g_mse.loss -> gen_loss.loss4', 'g_bce.loss -> gen_loss.loss5', 'g_w.loss -> gen_loss.loss6',
        'gen_loss.loss -> opt_gen.loss',
        'spiral.x -> head.x', 'head.y -> z.mu', 'head.y -> z.logvar', 'head.y -> kl.mu', 'moons.x -> kl.logvar',
        'z.z -> head_fit.pred', 'spiral.x -> head_fit.target', 'head.y -> head_bce.logits', 'moons.x -> head_bce.target',
        'kl.loss -> head_loss.loss1', 'head_fit.loss -> head_loss.loss2', 'head_bce.loss -> head_loss.loss3',
        'head_loss.loss -> opt_head.loss', 'head_fit.loss -> opt_head_sgd.loss',
        'gauss.out -> gen_preview.z', 'gen_preview.x -> fakes.points', 'spiral.x -> spiral_points.points',
      ],
    ),
  });
}

/**
 * A tiny denoising model with every custom layer (TimestepEmbedding, GroupNorm, SelfAttention2D,
 * FreshMaskDropout) trained on Fashion-MNIST with q_sample, previewed by DDPM and DDIM.
 */
export function diffusionDoc(): GraphDoc {
  return doc({
    name: 'tiny diffusion',
    models: {
      unet: graph(
        [
          ['x', 'models.input', { name: 'x', shape: [28, 28, 1] }],
          ['t', 'models.input', { name: 't', shape: [1] }],
          ['emb', 'layers.timestepEmbedding', { dim: 8, maxPeriod: 100 }],
          ['emb_d', 'layers.dense', { units: 784, activation: 'swish' }],
          ['emb_map', 'layers.reshape', { targetShape: [28, 28, 1] }],
          ['cat', 'layers.concatenate', { inputs: 2 }],
          ['c1', 'layers.conv2d', { filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }],
          ['gn', 'layers.groupNorm', { groups: 2 }],
          ['pool', 'layers.maxPool2d', { poolSize: 4, strides: 4 }],
          ['attn', 'layers.selfAttention2d', { heads: 2 }],
          ['drop', 'layers.dropout', { rate: 0.2 }],
          ['up', 'layers.upSampling2d', { size: 4 }],
          ['ct', 'layers.conv2dTranspose', { filters: 4, kernelSize: 3, strides: 1, padding: 'same' }],
          ['skip', 'layers.add', { inputs: 2 }],
          ['out', 'layers.conv2d', { filters: 1, kernelSize: 3, padding: 'same' }],
          ['eps', 'models.output', { name: 'eps' }],
        ],
        [
          't.out -> emb.in', 'emb.out -> emb_d.in', 'emb_d.out -> emb_map.in', 'x.out -> cat.in1', 'emb_map.out -> cat.in2',
          'cat.out -> c1.in', 'c1.out -> gn.in', 'gn.out -> pool.in', 'pool.out -> attn.in', 'attn.out -> drop.in',
          'drop.out -> up.in', 'up.out -> ct.in', 'ct.out -> skip.in1', 'c1.out -> skip.in2', 'skip.out -> out.in', 'out.out -> eps.in',
        ],
      ),
    },
    main: graph(
      [
        ['images', 'data.fashionMnist', { batchSize: 2 }],
        ['noising', 'samplers.diffusionForward', { T: 10, betaStart: 0.001, betaEnd: 0.2 }],
        ['unet', 'models.call', { model: 'unet' }],
        ['loss', 'losses.mse', {}],
        ['opt', 'optimizers.adam', { learningRate: 0.01, models: ['unet'] }],
        ['ddpm', 'samplers.ddpm', { model: 'unet', batchSize: 2, T: 10, betaStart: 0.001, betaEnd: 0.2 }],
        ['ddim', 'samplers.ddim', { model: 'unet', batchSize: 1, T: 10, schedule: 'cosine', steps: 4, eta: 0.5, clipDenoised: false }],
        ['test_images', 'data.mnist', { batchSize: 3, split: 'test' }],
        ['ddpm_grid', 'previews.imageGrid', { count: 2 }],
        ['ddim_grid', 'previews.imageGrid', { count: 1 }],
        ['test_grid', 'previews.imageGrid', { count: 3 }],
      ],
      [
        'images.x -> noising.x0', 'noising.xt -> unet.x', 'noising.t -> unet.t', 'unet.eps -> loss.pred', 'noising.eps -> loss.target',
        'loss.loss -> opt.loss', 'ddpm.images -> ddpm_grid.images', 'ddim.images -> ddim_grid.images', 'test_images.x -> test_grid.images',
      ],
    ),
  });
}

/** Labels and ids that make poor identifiers: spaces, digits first, reserved words, repeats, dashes. */
export function awkwardNamesDoc(): GraphDoc {
  const d = doc({
    name: 'awkward */ names',
    models: {
      'my-model': graph(
        [
          ['in', 'models.input', { name: 'x', shape: [3] }],
          ['class', 'layers.dense', { units: 2 }],
          ['out', 'models.output', { name: 'y' }],
        ],
        ['in.out -> class.in', 'class.out -> out.in'],
      ),
    },
    main: graph(
      [
        ['n1', 'samplers.gaussian', { batchSize: 4, shape: [3] }],
        ['n2', 'samplers.gaussian', { batchSize: 4, shape: [3] }],
        ['call1', 'models.call', { model: 'my-model' }],
        ['call2', 'models.call', { model: 'my-model' }],
        ['l1', 'losses.mse', {}],
        ['g1', 'optimizers.sgd', { models: ['my-model'] }],
        ['g2', 'optimizers.sgd', { models: ['my-model'], order: 1 }],
        ['p', 'previews.scatter', {}],
      ],
      ['n1.out -> call1.x', 'n2.out -> call2.x', 'call1.y -> l1.pred', 'call2.y -> l1.target', 'l1.loss -> g1.loss', 'l1.loss -> g2.loss', 'call1.y -> p.points'],
    ),
  });
  const labels: Record<string, string> = { n1: 'new', n2: '2nd noise', call1: 'same', call2: 'same', l1: 't', g1: 'G', g2: 'g', p: 'fake points' };
  for (const n of d.main.nodes) n.label = labels[n.id];
  return d;
}

/**
 * Two dropouts at the same depth on parallel branches, which the exported builder lists in another
 * order than the compiler builds them: their masks must still come out the same.
 */
export function parallelDropoutDoc(): GraphDoc {
  return doc({
    name: 'parallel dropout',
    models: {
      net: graph(
        [
          ['x', 'models.input', { name: 'x', shape: [4] }],
          ['a1', 'layers.dense', { units: 4 }],
          ['a2', 'layers.dense', { units: 4 }],
          ['d1', 'layers.dropout', { rate: 0.5 }],
          ['c1', 'layers.dense', { units: 4 }],
          ['d2', 'layers.dropout', { rate: 0.5 }],
          ['c2', 'layers.dense', { units: 4 }],
          ['sum', 'layers.add', { inputs: 2 }],
          ['y', 'models.output', { name: 'y' }],
        ],
        ['x.out -> a1.in', 'a1.out -> a2.in', 'a2.out -> d1.in', 'd1.out -> c1.in', 'c1.out -> sum.in1', 'x.out -> d2.in', 'd2.out -> c2.in', 'c2.out -> sum.in2', 'sum.out -> y.in'],
      ),
    },
    main: graph(
      [
        ['noise', 'samplers.gaussian', { batchSize: 8, shape: [4] }],
        ['target', 'samplers.gaussian', { batchSize: 8, shape: [4] }],
        ['net', 'models.call', { model: 'net' }],
        ['loss', 'losses.mse', {}],
        ['opt', 'optimizers.sgd', { learningRate: 0.1, models: ['net'] }],
      ],
      ['noise.out -> net.x', 'net.y -> loss.pred', 'target.out -> loss.target', 'loss.loss -> opt.loss'],
    ),
  });
}

/**
 * Models inside models: a residual block (dense, dropout, dense, plus its input) used twice inside
 * "net", one weight set for both, and "net" inside "head"; the block also runs on its own in the
 * training graph, under the same optimizer, so its weights are one set everywhere.
 */
export function nestedModelsDoc(): GraphDoc {
  return doc({
    name: 'nested models',
    models: {
      block: graph(
        [
          ['x', 'models.input', { name: 'x', shape: [6] }],
          ['fc1', 'layers.dense', { units: 6, activation: 'relu' }],
          ['drop', 'layers.dropout', { rate: 0.25 }],
          ['fc2', 'layers.dense', { units: 6 }],
          ['sum', 'layers.add', { inputs: 2 }],
          ['y', 'models.output', { name: 'y' }],
        ],
        ['x.out -> fc1.in', 'fc1.out -> drop.in', 'drop.out -> fc2.in', 'fc2.out -> sum.in1', 'x.out -> sum.in2', 'sum.out -> y.in'],
      ),
      net: graph(
        [
          ['x', 'models.input', { name: 'x', shape: [4] }],
          ['widen', 'layers.dense', { units: 6 }],
          ['first', 'models.call', { model: 'block' }],
          ['second', 'models.call', { model: 'block' }],
          ['narrow', 'layers.dense', { units: 4 }],
          ['y', 'models.output', { name: 'y' }],
          ['h', 'models.output', { name: 'h' }],
        ],
        ['x.out -> widen.in', 'widen.out -> first.x', 'first.y -> second.x', 'second.y -> narrow.in', 'narrow.out -> y.in', 'first.y -> h.in'],
      ),
      head: graph(
        [
          ['x', 'models.input', { name: 'x', shape: [4] }],
          ['body', 'models.call', { model: 'net' }],
          ['out', 'layers.dense', { units: 2 }],
          ['y', 'models.output', { name: 'y' }],
        ],
        ['x.out -> body.x', 'body.y -> out.in', 'out.out -> y.in'],
      ),
    },
    main: graph(
      [
        ['noise', 'samplers.gaussian', { batchSize: 8, shape: [4] }],
        ['wide', 'samplers.gaussian', { batchSize: 8, shape: [6] }],
        ['target', 'samplers.gaussian', { batchSize: 8, shape: [2] }],
        ['head', 'models.call', { model: 'head' }],
        ['alone', 'models.call', { model: 'block' }],
        ['fit', 'losses.mse', {}],
        ['keep', 'losses.mse', {}],
        ['total', 'losses.weightedSum', { count: 2, w1: 1, w2: 0.5 }],
        ['opt', 'optimizers.adam', { learningRate: 0.01, models: ['head'] }],
      ],
      [
        'noise.out -> head.x', 'head.y -> fit.pred', 'target.out -> fit.target',
        'wide.out -> alone.x', 'alone.y -> keep.pred', 'wide.out -> keep.target',
        'fit.loss -> total.loss1', 'keep.loss -> total.loss2', 'total.loss -> opt.loss',
      ],
    ),
  });
}

/** An image block (3x3 convolution plus its input) used twice inside a small convolutional net. */
export function nestedConvDoc(): GraphDoc {
  return doc({
    name: 'nested convolutions',
    models: {
      block: graph(
        [
          ['x', 'models.input', { name: 'x', shape: [4, 4, 2] }],
          ['conv', 'layers.conv2d', { filters: 2, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu' }],
          ['sum', 'layers.add', { inputs: 2 }],
          ['y', 'models.output', { name: 'y' }],
        ],
        ['x.out -> conv.in', 'conv.out -> sum.in1', 'x.out -> sum.in2', 'sum.out -> y.in'],
      ),
      net: graph(
        [
          ['x', 'models.input', { name: 'x', shape: [4, 4, 1] }],
          ['lift', 'layers.conv2d', { filters: 2, kernelSize: 1, strides: 1, padding: 'same' }],
          ['b1', 'models.call', { model: 'block' }],
          ['b2', 'models.call', { model: 'block' }],
          ['flat', 'layers.flatten', {}],
          ['score', 'layers.dense', { units: 1 }],
          ['y', 'models.output', { name: 'y' }],
        ],
        ['x.out -> lift.in', 'lift.out -> b1.x', 'b1.y -> b2.x', 'b2.y -> flat.in', 'flat.out -> score.in', 'score.out -> y.in'],
      ),
    },
    main: graph(
      [
        ['images', 'samplers.gaussian', { batchSize: 4, shape: [4, 4, 1] }],
        ['target', 'samplers.gaussian', { batchSize: 4, shape: [1] }],
        ['net', 'models.call', { model: 'net' }],
        ['loss', 'losses.mse', {}],
        ['opt', 'optimizers.adam', { learningRate: 0.01, models: ['net'] }],
      ],
      ['images.out -> net.x', 'net.y -> loss.pred', 'target.out -> loss.target', 'loss.loss -> opt.loss'],
    ),
  });
}

/** A two-layer block (Dense 5, then Dense 4 with its input's sizes free) used with its own weights twice, at two input widths. */
export function ownBlocksDoc(): GraphDoc {
  const doc = structuredClone(nestedModelsDoc());
  doc.models = {
    pair: {
      nodes: [
        node('x', 'models.input', { name: 'x', shape: [6] }),
        node('a', 'layers.dense', { units: 5, activation: 'relu' }),
        node('drop', 'layers.dropout', { rate: 0.25 }),
        node('b', 'layers.dense', { units: 4 }),
        node('y', 'models.output', { name: 'y' }),
      ],
      edges: [edge('p1', 'x', 'out', 'a', 'in'), edge('p2', 'a', 'out', 'drop', 'in'), edge('p3', 'drop', 'out', 'b', 'in'), edge('p4', 'b', 'out', 'y', 'in')],
    },
    head: {
      nodes: [
        node('x', 'models.input', { name: 'x', shape: [4] }),
        node('first', 'models.call', { model: 'pair', weights: 'own' }),
        node('second', 'models.call', { model: 'pair', weights: 'own' }),
        node('out', 'layers.dense', { units: 2 }),
        node('y', 'models.output', { name: 'y' }),
      ],
      edges: [edge('h1', 'x', 'out', 'first', 'x'), edge('h2', 'first', 'y', 'second', 'x'), edge('h3', 'second', 'y', 'out', 'in'), edge('h4', 'out', 'out', 'y', 'in')],
    },
  };
  doc.main.nodes = doc.main.nodes.filter((n) => !['alone', 'keep', 'wide', 'total'].includes(n.id));
  doc.main.edges = doc.main.edges.filter((e) => !['alone', 'keep', 'wide', 'total'].some((id) => e.source.node === id || e.target.node === id));
  doc.main.edges.push(edge('fit_opt', 'fit', 'loss', 'opt', 'loss'));
  return doc;
}
