// A folder of the person's own pictures, read once (in the browser: "Choose folder…" in the
// inspector, kept in IndexedDB; on the command line: --images NAME=FOLDER) and drawn from at random.
// The document keeps only the dataset's name, never the pixels.
import { issue } from '../../src/messages';
import { TensorloomError } from '../../src/runtime/errors';
import { imageFolderKey, shapeText, type ImageChannels } from '../../src/runtime/datasets/image-folder';
import { defineOp } from '../spec';
import { ok } from '../shape-utils';
import { batchSizeParam, drawIndices, imageBatch, NORMALIZATIONS } from './batch';

const COLORS = ['rgb', 'grayscale'] as const;
const channelsOf = (color: (typeof COLORS)[number]): ImageChannels => (color === 'rgb' ? 3 : 1);

export default defineOp({
  role: 'data',
  type: 'data.images',
  category: 'data',
  version: 1,
  title: 'Image folder',
  aliases: ['my images', 'own images', 'folder', 'pictures', 'photos', 'upload', 'dataset', 'custom data'],
  docs: {
    summary: 'Your own pictures from a folder, centre-cropped to squares and resized: train on anything you like.',
    intuition:
      'A generative model learns whatever its data shows: faces, cats, logos, your drawings. Choose a folder in the ' +
      'inspector and every picture in it is cropped to its centred square, shrunk (or enlarged) to the chosen size by ' +
      'averaging the pixels each new pixel covers, and optionally turned grey by how bright each colour looks to the eye. ' +
      'The pictures stay on your computer: the graph file only names them. Small datasets are easy to memorise, so ' +
      'a model may reproduce your pictures rather than invent new ones; a few hundred similar pictures work better ' +
      'than a handful of very different ones, and small sizes (28 or 32) train far faster than 64.',
    paper: { title: 'Image data loading: image_dataset_from_directory', site: 'Keras API reference', url: 'https://keras.io/api/data_loading/image/' },
  },
  params: {
    batchSize: batchSizeParam(32),
    size: {
      kind: 'int', default: 32, min: 4, max: 256,
      doc: 'Side of the square images in pixels, e.g. 28, 32 or 64. Changing it means choosing the folder again.',
    },
    color: {
      kind: 'enum', options: COLORS, default: 'rgb',
      doc: '"rgb": 3 channels, the colours kept. "grayscale": 1 channel, the brightness (0.299 R + 0.587 G + 0.114 B).',
    },
    normalize: {
      kind: 'enum', options: NORMALIZATIONS, default: '[-1,1]',
      doc: 'Pixel range: "[-1,1]" suits a tanh output (GANs, diffusion), "[0,1]" a sigmoid output (VAEs with BCE).',
    },
    dataset: {
      kind: 'string', default: 'my-images',
      doc: 'The name the pictures are stored under in this browser (or given to --images NAME=FOLDER on the command line).',
    },
  },
  inputs: () => [],
  outputs: (p) => {
    const c = channelsOf(p.color);
    return [{ name: 'x', kind: 'tensor', doc: `images [batch, ${p.size}, ${p.size}, ${c}], float32 (${shapeText(p.size, c)})` }];
  },
  inferShape: (_inputs, p) => {
    if (!p.dataset.trim()) return { ok: false, issue: issue('images.noName', {}) };
    return ok({ x: [p.batchSize, p.size, p.size, channelsOf(p.color)] });
  },
  datasets: (p) => [imageFolderKey({ name: p.dataset.trim(), size: p.size, channels: channelsOf(p.color) })],
  examples: [{ params: { dataset: 'faces', size: 8, color: 'grayscale', batchSize: 3 }, inputs: {}, outputs: { x: [3, 8, 8, 1] } }],
  run(_inputs, p, env) {
    const channels = channelsOf(p.color);
    const name = imageFolderKey({ name: p.dataset.trim(), size: p.size, channels });
    const ds = env.datasets[name];
    if (!ds) throw new Error(`internal: dataset "${name}" was not preloaded for data.images`);
    if (ds.shape[0] !== p.size || ds.shape[1] !== p.size || ds.shape[2] !== channels) {
      const stored = ds.shape[2] === 1 || ds.shape[2] === 3 ? shapeText(ds.shape[0], ds.shape[2]) : `[${ds.shape.join(', ')}]`;
      throw new TensorloomError(issue('images.sizeChanged', { name: p.dataset, stored, wanted: shapeText(p.size, channels) }));
    }
    const { x, label } = imageBatch(env.tf, ds, 1, drawIndices(env.rng, ds.count, p.batchSize), p.normalize, 'class ids');
    label.dispose();
    return { x };
  },
  // in the exported program the folder is one more dataset: its ImageSource holds the pictures as one class
  emit: (p, ctx) => `${ctx.imageSource(`images ${p.dataset.trim()}`, 'train')}.batch('train', ${p.batchSize}, '${p.normalize}', ${ctx.rng}, 'class ids').x`,
});
