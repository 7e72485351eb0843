// Emit functions of the image data nodes: images come from an ImageSource the caller passes in (one per dataset; a folder of the person's
// own pictures is one more dataset, `imagesInMemory({ train }, 1)`).
import fashionMnist from '../../../nodes/data/fashion-mnist';
import imageFolder from '../../../nodes/data/image-folder';
import mnist from '../../../nodes/data/mnist';
import { lit } from '../names';
import { opEmitter, type OpEmitContext } from './types';

const imageBatch = (dataset: string) => (p: { batchSize: number; normalize: string; split: string }, ctx: OpEmitContext) =>
  `${ctx.imageSource(dataset, p.split)}.batch(${lit(p.split)}, ${p.batchSize}, ${lit(p.normalize)}, ${ctx.rng})`;

export const dataEmitters = [
  opEmitter(mnist, imageBatch('mnist')),
  opEmitter(fashionMnist, imageBatch('fashion-mnist')),
  // a folder of the person's own pictures: its ImageSource holds them as one class, label 0
  opEmitter(imageFolder, (p, ctx) =>
    `${ctx.imageSource(`images ${p.dataset.trim()}`, 'train')}.batch('train', ${p.batchSize}, ${lit(p.normalize)}, ${ctx.rng}).x`),
];
