// The recipe shared by the image dataset nodes (MNIST, Fashion-MNIST): one node per dataset, a
// split param choosing the file, random batches drawn with the training's random stream.
import { issue } from '../../src/messages';
import { TensorloomError } from '../../src/runtime/errors';
import { datasetInfo } from '../../src/runtime/datasets/keys';
import { defineOp, type NodeDocs, type PortSpec } from '../spec';
import { ok } from '../shape-utils';
import { batchSizeParam, drawIndices, imageBatch, LABEL_FORMS, NORMALIZATIONS, type LabelForm } from './batch';
import { py, pyCall } from '../torch-emit';

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
  const image: PortSpec = { name: 'x', kind: 'tensor', doc: `images [batch, ${h}, ${w}, ${c}], float32` };
  const label: Record<LabelForm, PortSpec> = {
    'class ids': { name: 'label', kind: 'tensor', dtype: 'int32', doc: `class ids [batch] (${o.labels})` },
    'one-hot': { name: 'label', kind: 'tensor', doc: `one-hot labels [batch, ${info.classes}] (${o.labels})` },
  };
  return defineOp({
    role: 'data',
    type: o.type,
    category: 'data',
    version: 2,
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
      labels: {
        kind: 'enum', options: LABEL_FORMS, default: 'class ids',
        doc: '"class ids": one int32 id per image, for categorical cross-entropy, Accuracy and Embedding. "one-hot": a float32 row per image with a 1 at its class, to concatenate with other values.',
      },
    },
    inputs: () => [],
    outputs: (p) => [image, label[p.labels]],
    inferShape: (_inputs, p) => ok({ x: [p.batchSize, h, w, c], label: p.labels === 'class ids' ? [p.batchSize] : [p.batchSize, info.classes] }),
    datasets: (p) => [key(p.split)],
    // version 1 had one-hot labels only
    migrate: (from, params) => (from === 1 ? { ...params, labels: 'one-hot' } : params),
    examples: [
      { params: { batchSize: 3 }, inputs: {}, outputs: { x: [3, h, w, c], label: [3] } },
      { params: { batchSize: 3, labels: 'one-hot' }, inputs: {}, outputs: { x: [3, h, w, c], label: [3, info.classes] } },
    ],
    run(_inputs, p, env) {
      const name = key(p.split);
      const ds = env.datasets[name];
      if (!ds) throw new Error(`internal: dataset "${name}" was not preloaded for ${o.type}`);
      if (ds.shape.some((d, i) => d !== info.shape[i])) {
        throw new TensorloomError(issue('run.datasetCorrupt', { name, detail: `samples are [${ds.shape.join(', ')}], expected [${info.shape.join(', ')}]` }));
      }
      return imageBatch(env.tf, ds, info.classes, drawIndices(env.rng, ds.count, p.batchSize), p.normalize, p.labels);
    },
    // a tuple (images, labels), as the outputs' order
    torch: (p, ctx) => pyCall('tl.image_batch', [ctx.images(key(p.split)), ctx.rng, ctx.batch(p.batchSize), py(p.normalize), py(p.labels)]),
    // the exported program's caller hands in the images, an ImageSource per dataset
    emit: (p, ctx) => `${ctx.imageSource(o.prefix, p.split)}.batch('${p.split}', ${p.batchSize}, '${p.normalize}', ${ctx.rng}, '${p.labels}')`,
  });
}
