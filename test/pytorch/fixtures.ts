// A small document whose training graph uses the tensor nodes and the pooling and Multiply layers
// the templates do not, for the PyTorch export's equivalence test.
import type { GraphDoc } from '../../src/graph/types';
import { TEMPLATES } from '../../templates';
import { doc, graph } from '../helpers/build-doc';

/** An MNIST classifier (Conv2D, AvgPool2D "same", GlobalAvgPool, Multiply) and a loss made with every tensor node. */
export function tensorNodesDoc(): GraphDoc {
  return doc({
    name: 'tensor nodes',
    models: {
      net: graph(
        [
          ['x', 'models.input', { name: 'x', shape: [28, 28, 1] }],
          ['conv', 'layers.conv2d', { filters: 4, kernelSize: 3, activation: 'relu' }],
          ['pool', 'layers.avgPool2d', { poolSize: 3, strides: 2, padding: 'same' }],
          ['pool2', 'layers.avgPool2d', { poolSize: 2, strides: 2 }],
          ['gap', 'layers.globalAvgPool', {}],
          ['gate', 'layers.dense', { units: 4, activation: 'sigmoid' }],
          ['mul', 'layers.multiply', {}],
          ['logits', 'layers.dense', { units: 10 }],
          ['y', 'models.output', { name: 'logits' }],
        ],
        ['x.out -> conv.in', 'conv.out -> pool.in', 'pool.out -> pool2.in', 'pool2.out -> gap.in', 'gap.out -> gate.in', 'gap.out -> mul.in1', 'gate.out -> mul.in2', 'mul.out -> logits.in', 'logits.out -> y.in'],
      ),
    },
    main: graph(
      [
        ['data', 'data.mnist', { batchSize: 8, normalize: '[0,1]' }],
        ['net', 'models.call', { model: 'net' }],
        ['probs', 'tensors.softmax', {}],
        ['ids', 'tensors.constant', { values: '0..7', dtype: 'int32' }],
        ['asked', 'tensors.oneHot', { classes: 10 }],
        ['truth', 'tensors.oneHot', { classes: 10 }],
        ['diff', 'tensors.arithmetic', { op: 'subtract' }],
        ['scaled', 'tensors.scale', { scale: 2, shift: 0.5 }],
        ['clipped', 'tensors.clip', { min: -1, max: 1 }],
        ['both', 'tensors.concatenate', {}],
        ['targets', 'tensors.concatenate', {}],
        ['tiled', 'tensors.tile', { height: 2, width: 3 }],
        ['tiled_targets', 'tensors.tile', { height: 2, width: 3 }],
        ['fit', 'losses.mse', { reduction: 'sumPerSample' }],
        ['spread', 'losses.mae', {}],
        ['total', 'losses.weightedSum', { count: 2, w2: 0.5 }],
        ['opt', 'optimizers.adam', { learningRate: 0.01, models: ['net'] }],
      ],
      [
        'data.x -> net.x', 'net.logits -> probs.in', 'ids.out -> asked.ids', 'data.label -> truth.ids',
        'probs.out -> diff.a', 'truth.out -> diff.b', 'diff.out -> scaled.in', 'scaled.out -> clipped.in',
        'probs.out -> both.in1', 'clipped.out -> both.in2', 'truth.out -> targets.in1', 'asked.out -> targets.in2',
        'both.out -> tiled.in', 'targets.out -> tiled_targets.in',
        'tiled.out -> fit.pred', 'tiled_targets.out -> fit.target', 'probs.out -> spread.pred', 'asked.out -> spread.target',
        'fit.loss -> total.loss1', 'spread.loss -> total.loss2', 'total.loss -> opt.loss',
      ],
    ),
  });
}

/** The 2-D GAN with the latent-exploration samplers as previews: fixed noise and walks through the generator, the grid itself. */
export function latentExplorationDoc(): GraphDoc {
  const d = structuredClone(TEMPLATES.find((t) => t.id === 'gan-2d')!.doc);
  const extra = graph(
    [
      ['fixed_z', 'samplers.fixedNoise', { batchSize: 16, shape: [8], seed: 4 }],
      ['gen_fixed', 'models.call', { model: 'generator' }],
      ['fixed_points', 'previews.scatter', { count: 16 }],
      ['walk_z', 'samplers.latentInterpolation', { steps: 4, shape: [8], seed: 2 }],
      ['gen_walk', 'models.call', { model: 'generator' }],
      ['walk_points', 'previews.scatter', { count: 16 }],
      ['walk_linear_z', 'samplers.latentInterpolation', { steps: 3, shape: [8], path: 'linear' }],
      ['gen_walk_linear', 'models.call', { model: 'generator' }],
      ['walk_linear_points', 'previews.scatter', { count: 9 }],
      ['grid', 'samplers.latentGrid', { side: 5, extent: 1.5 }],
      ['grid_points', 'previews.scatter', { count: 25 }],
    ],
    [
      'fixed_z.out -> gen_fixed.z', 'gen_fixed.x -> fixed_points.points',
      'walk_z.out -> gen_walk.z', 'gen_walk.x -> walk_points.points',
      'walk_linear_z.out -> gen_walk_linear.z', 'gen_walk_linear.x -> walk_linear_points.points',
      'grid.out -> grid_points.points',
    ],
  );
  d.main.nodes.push(...extra.nodes.map((n) => ({ ...n, position: { x: n.position.x, y: 900 } })));
  d.main.edges.push(...extra.edges.map((e) => ({ ...e, id: `latent_${e.id}` })));
  return d;
}

/** The MLP VAE with a Reconstruction Error of Fashion-MNIST images charted by a Metric: the anomaly score of the README. */
export function anomalyDoc(): GraphDoc {
  const d = structuredClone(TEMPLATES.find((t) => t.id === 'vae-mlp')!.doc);
  const extra = graph(
    [
      ['fashion', 'data.fashionMnist', { batchSize: 8, normalize: '[0,1]' }],
      ['enc_f', 'models.call', { model: 'encoder' }],
      ['dec_f', 'models.call', { model: 'decoder' }],
      ['fashion_error', 'tensors.reconstructionError', {}],
      ['fashion_squared', 'tensors.reconstructionError', { likelihood: 'squared' }],
      ['fashion_score', 'metrics.metric', { every: 1 }],
      ['fashion_squared_score', 'metrics.metric', { every: 1 }],
    ],
    [
      'fashion.x -> enc_f.x', 'enc_f.mu -> dec_f.z', 'dec_f.logits -> fashion_error.reconstruction', 'fashion.x -> fashion_error.target',
      'dec_f.image -> fashion_squared.reconstruction', 'fashion.x -> fashion_squared.target',
      'fashion_error.error -> fashion_score.value', 'fashion_squared.error -> fashion_squared_score.value',
    ],
  );
  d.main.nodes.push(...extra.nodes.map((n) => ({ ...n, position: { x: n.position.x, y: 1100 } })));
  d.main.edges.push(...extra.edges.map((e) => ({ ...e, id: `anomaly_${e.id}` })));
  return d;
}
