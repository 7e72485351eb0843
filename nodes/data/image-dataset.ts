// The recipe shared by the image dataset nodes (MNIST, Fashion-MNIST): one node per dataset, a
// split param choosing the file, random batches drawn with the training's random stream.
import { issue } from '../../src/messages';
import { TensorloomError } from '../../src/runtime/errors';
import { datasetInfo } from '../../src/runtime/datasets/keys';
import { defineOp, type NodeDocs, type PortSpec } from '../spec';
import { ok } from '../shape-utils';
import { batchSizeParam, drawIndices, imageBatch, NORMALIZATIONS } from './batch';

const SPLITS = ['train', 'test'] as const;

export function imageDatasetNode(o: {
  type: string;
  title: string;
  aliases: readonly string[];
  docs: NodeDocs;
  /** dataset keys are `${prefix}-train` and `${prefix}-test` (src/runtime/datasets/keys.ts) */
  prefix: 'mnist' | 'fashion-mnist';
  /** what label i means, for the port tooltip */
  labels: string;
}) {
  const key = (split: (typeof SPLITS)[number]) => `${o.prefix}-${split}`;
  const info = datasetInfo(key('train'));
  const [h, w, c] = info.shape;
  const ports: PortSpec[] = [
    { name: 'x', kind: 'tensor', doc: `images [batch, ${h}, ${w}, ${c}], float32` },
    { name: 'label', kind: 'tensor', doc: `one-hot labels [batch, ${info.classes}] (${o.labels})` },
  ];
  return defineOp({
    role: 'data',
    type: o.type,
    category: 'data',
    version: 1,
    title: o.title,
    aliases: o.aliases,
    docs: o.docs,
    params: {
      batchSize: batchSizeParam(64),
      normalize: {
        kind: 'enum', options: NORMALIZATIONS, default: '[-1,1]',
        doc: 'Pixel range: "[-1,1]" suits a tanh output (GANs, diffusion), "[0,1]" a sigmoid output (VAEs with BCE).',
      },
      split: {
        kind: 'enum', options: SPLITS, default: 'train',
        doc: 'Which images to draw from: the training split, or the held-out test split.',
      },
    },
    inputs: () => [],
    outputs: () => ports,
    inferShape: (_inputs, p) => ok({ x: [p.batchSize, h, w, c], label: [p.batchSize, info.classes] }),
    datasets: (p) => [key(p.split)],
    examples: [{ params: { batchSize: 3 }, inputs: {}, outputs: { x: [3, h, w, c], label: [3, info.classes] } }],
    run(_inputs, p, env) {
      const name = key(p.split);
      const ds = env.datasets[name];
      if (!ds) throw new Error(`internal: dataset "${name}" was not preloaded for ${o.type}`);
      if (ds.shape.some((d, i) => d !== info.shape[i])) {
        throw new TensorloomError(issue('run.datasetCorrupt', { name, detail: `samples are [${ds.shape.join(', ')}], expected [${info.shape.join(', ')}]` }));
      }
      return imageBatch(env.tf, ds, info.classes, drawIndices(env.rng, ds.count, p.batchSize), p.normalize);
    },
    // the exported program's caller hands in the images, an ImageSource per dataset
    emit: (p, ctx) => `${ctx.imageSource(o.prefix, p.split)}.batch('${p.split}', ${p.batchSize}, '${p.normalize}', ${ctx.rng})`,
  });
}
