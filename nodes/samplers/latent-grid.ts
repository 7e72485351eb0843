import type * as TF from '@tensorflow/tfjs';
import { emitRuntimeCall } from '../op-emit';
import { defineOp, fixedPorts, type TFModule } from '../spec';
import { out } from '../shape-utils';
import { py, pyCall } from '../torch-emit';

/** The value of grid line i of `side`, from -extent to extent. */
const line = (i: number, side: number, extent: number) => -extent + (2 * extent * i) / (side - 1);

/**
 * A side x side grid of 2-D points over [-extent, extent]^2, row by row from the top: x grows
 * to the right, y upwards, as on a plot of the latent plane.
 */
export function latentGrid(tf: TFModule, side: number, extent: number): TF.Tensor {
  const values = new Float32Array(side * side * 2);
  for (let r = 0; r < side; r++) {
    for (let c = 0; c < side; c++) {
      values[(r * side + c) * 2] = line(c, side, extent);
      values[(r * side + c) * 2 + 1] = line(side - 1 - r, side, extent);
    }
  }
  return tf.tensor2d(values, [side * side, 2]);
}

export default defineOp({
  role: 'sampler',
  type: 'samplers.latentGrid',
  category: 'samplers',
  version: 1,
  title: 'Latent Grid',
  aliases: ['manifold', '2d latent', 'latent map', 'latent exploration', 'grid'],
  docs: {
    summary: 'A regular grid of points over a 2-D latent plane: decoded and shown as an Image Grid, the map of what a 2-D latent has learned.',
    intuition:
      'Give a VAE a latent of only two numbers and everything it knows lies on a plane you can look at. This ' +
      'node lays a grid over that plane, from -extent to extent on both axes; a decoder turns each point into an ' +
      'image and the Image Grid puts them in place, so you see digits morph into each other across the map. ' +
      'Most of a N(0, I) latent lies within 2 of the centre: that is where the map is meaningful.',
    paper: { title: 'Auto-Encoding Variational Bayes', authors: 'Kingma, Welling', year: 2013, url: 'https://arxiv.org/abs/1312.6114' },
  },
  params: {
    side: { kind: 'int', default: 12, min: 2, max: 32, doc: 'Points along each axis; the grid has side x side of them.' },
    extent: { kind: 'float', default: 2, min: 0.01, max: 100, doc: 'The grid spans -extent to extent on both axes.' },
  },
  inputs: fixedPorts(),
  outputs: fixedPorts({ name: 'out', kind: 'tensor', doc: 'points of the plane, row by row from the top [side * side, 2]' }),
  inferShape: (_inputs, p) => out([p.side * p.side, 2]),
  examples: [{ params: { side: 3 }, inputs: {}, outputs: { out: [9, 2] } }],
  run: (_inputs, p, { tf }) => ({ out: latentGrid(tf, p.side, p.extent) }),
  torch: (p) => pyCall('tl.latent_grid', [py(p.side), py(p.extent)]),
  emit: (p, ctx) => emitRuntimeCall(ctx, 'latentGrid', p.side, p.extent),
});
