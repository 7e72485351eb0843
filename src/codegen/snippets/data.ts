// The images of an exported program: the caller hands in arrays (an ImageSource per dataset), and
// each batch is drawn with the runtime's own drawIndices and hostImageBatch (nodes/data/batch.ts),
// so it holds the images and labels the app's batch holds for the same stream.
import { runtimeSnippet } from '../runtime-code';
import { snippet } from '../snippet';
import { randomClass } from './random';

const imageSource = snippet(
  'ImageSource',
  'data',
  `
/**
 * Where the images of a data node come from: \`size\` images of a split, scaled to \`range\`, with
 * labels as class ids or one-hot rows, drawn with \`rng\`. \`imagesInMemory\` draws exactly as
 * Tensorloom does.
 */
export interface ImageSource {
  batch(split: 'train' | 'test', size: number, range: Normalization, rng: Rng, labels: LabelForm): { x: tf.Tensor4D; label: tf.Tensor };
}
`,
  [randomClass, runtimeSnippet('Normalization'), runtimeSnippet('LabelForm')],
);

export const imagesInMemory = snippet(
  'imagesInMemory',
  'data',
  `
/** An ImageSource over images in memory (e.g. MNIST read from its IDX files). */
export function imagesInMemory(splits: { train?: ImageSet; test?: ImageSet }, classes = 10): ImageSource {
  return {
    batch(split, size, range, rng, labels) {
      const set = splits[split];
      if (!set) throw new Error(\`no \${split} images were given\`);
      return hostImageBatch(tf, set, classes, drawIndices(rng, set.count, size), range, labels);
    },
  };
}
`,
  [imageSource, runtimeSnippet('ImageSet'), runtimeSnippet('drawIndices'), runtimeSnippet('hostImageBatch')],
);
