// What the previews of the exported program show.
import { snippet } from '../snippet';

export const imageGrid = snippet(
  'imageGrid',
  'previews',
  `
/** The first \`count\` images of a batch, scaled from \`range\` to [0, 1] for display. */
function imageGrid(images: tf.Tensor, count: number, range: '[-1,1]' | '[0,1]'): tf.Tensor {
  const first = tf.slice(images, 0, Math.min(count, images.shape[0] ?? 1));
  const scaled = range === '[-1,1]' ? tf.mul(tf.add(first, 1), 0.5) : first;
  return tf.clipByValue(scaled, 0, 1);
}
`,
);

export const firstPoints = snippet(
  'firstPoints',
  'previews',
  `
/** The first \`count\` points of a batch of 2-D points, for a scatter plot. */
function firstPoints(points: tf.Tensor, count: number): tf.Tensor {
  return tf.slice(points, 0, Math.min(count, points.shape[0] ?? 1));
}
`,
);
