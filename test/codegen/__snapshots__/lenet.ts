// LeNet classifier on MNIST
//
// LeNet-5 (LeCun et al. 1998) learns to name the digit in a 28x28 image: two convolution and
// pooling stages find strokes and their arrangement, three Dense layers turn them into 10 scores,
// and categorical cross-entropy trains it on class ids (Adam at 1e-3). Two Metrics chart its
// accuracy: on the training batches every 50 iterations, and on 10,000 test digits it never trains
// on every 250.
//
// Exported from Tensorloom: the models, the training step and the previews of the graph in plain
// TensorFlow.js. With the same seed (and the same images) it draws the same random numbers as the
// app on the CPU backend, so it trains to the same losses there; on WebGPU the app's normal draws
// may differ from these in the last bit or two, which training amplifies over many steps.
//
// Use: `await main({ mnist: imagesInMemory({ train, test }) })` with the images in memory, or
// createTraining, then trainStep in a loop and sample for the previews.
//
// It runs on whichever backend tfjs picks. For WebGPU, in a browser or in Node with the `webgpu`
// package:
//   import '@tensorflow/tfjs-backend-webgpu';
//   await tf.setBackend('webgpu');
import * as tf from '@tensorflow/tfjs';
import type * as TF from '@tensorflow/tfjs';

// ── Types ────────────────────────────────────────────────────────────────────────────────────────

/** A seeded stream of random numbers; the one source of randomness in training (resumable). */
interface RandomStream {
  /** uniform in [0, 1) */
  next(): number;
  /** an integer seed for a tfjs random op */
  seed(): number;
}

type TFModule = typeof TF;

/** A dataset loaded in memory before training starts (uint8 pixels, row-major NHWC). */
interface Dataset {
  name: string;
  count: number;
  /** per-sample shape, e.g. [28, 28, 1] */
  shape: [number, number, number];
  pixels: Uint8Array;
  labels: Uint8Array;
}

// ── Random numbers ───────────────────────────────────────────────────────────────────────────────

/** A stable 32-bit hash of a string (FNV-1a), to derive per-node seeds from the training seed. */
function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

type RngState = [number, number, number, number];

/**
 * The training's random stream: sfc32 seeded through splitmix32. Every batch draws from it, and
 * every noise tensor, set of timesteps and dropout mask takes one seed from it, in graph order, so
 * the same seed repeats a run exactly; `state()` is all a checkpoint needs to resume it.
 */
class Rng implements RandomStream {
  private s: Uint32Array;

  constructor(seedOrState: number | RngState) {
    if (typeof seedOrState === 'number') {
      // splitmix32 expands one seed into four well-mixed words
      let x = seedOrState >>> 0;
      const words: number[] = [];
      for (let i = 0; i < 4; i++) {
        x = (x + 0x9e3779b9) >>> 0;
        let z = x;
        z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
        z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
        words.push((z ^ (z >>> 16)) >>> 0);
      }
      this.s = Uint32Array.from(words);
      for (let i = 0; i < 12; i++) this.nextUint32();
    } else {
      this.s = Uint32Array.from(seedOrState);
    }
  }

  nextUint32(): number {
    const s = this.s;
    const t = (((s[0]! + s[1]!) >>> 0) + s[3]!) >>> 0;
    s[3] = (s[3]! + 1) >>> 0;
    s[0] = s[1]! ^ (s[1]! >>> 9);
    s[1] = (s[2]! + (s[2]! << 3)) >>> 0;
    s[2] = ((s[2]! << 21) | (s[2]! >>> 11)) >>> 0;
    s[2] = (s[2]! + t) >>> 0;
    return t;
  }

  /** uniform in [0, 1) */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** a positive seed for a tfjs random op */
  seed(): number {
    return (this.nextUint32() % 2147483646) + 1;
  }

  /** integer in [0, n) */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  state(): RngState {
    return [this.s[0]!, this.s[1]!, this.s[2]!, this.s[3]!];
  }
}

// ── Models ───────────────────────────────────────────────────────────────────────────────────────

/**
 * The model "classifier": x [batch, 28, 28, 1] → logits [batch, 10]. Layer names match the app's,
 * so weights saved by one load into the other.
 */
export function buildClassifier(seed: number): tf.LayersModel {
  // each layer's initialiser seed derives from the training seed, the model and the node
  const seedOf = (node: string) => hashString(`${seed}/classifier/${node}`);
  const x = tf.input({ shape: [28, 28, 1], name: 'classifier__x' }); // [batch, 28, 28, 1]
  // [batch, 28, 28, 6]
  const conv1 = tf.layers
    .conv2d({
      name: 'classifier__conv1',
      filters: 6,
      kernelSize: 5,
      strides: 1,
      padding: 'same',
      activation: 'relu',
      useBias: true,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf('conv1') }),
    })
    .apply(x) as tf.SymbolicTensor;
  // [batch, 14, 14, 6]
  const pool1 = tf.layers
    .maxPooling2d({ name: 'classifier__pool1', poolSize: 2, strides: 2, padding: 'valid' })
    .apply(conv1) as tf.SymbolicTensor;
  // [batch, 10, 10, 16]
  const conv2 = tf.layers
    .conv2d({
      name: 'classifier__conv2',
      filters: 16,
      kernelSize: 5,
      strides: 1,
      padding: 'valid',
      activation: 'relu',
      useBias: true,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf('conv2') }),
    })
    .apply(pool1) as tf.SymbolicTensor;
  // [batch, 5, 5, 16]
  const pool2 = tf.layers
    .maxPooling2d({ name: 'classifier__pool2', poolSize: 2, strides: 2, padding: 'valid' })
    .apply(conv2) as tf.SymbolicTensor;
  // [batch, 400]
  const flat = tf.layers.flatten({ name: 'classifier__flat' }).apply(pool2) as tf.SymbolicTensor;
  // [batch, 120]
  const fc1 = tf.layers
    .dense({
      name: 'classifier__fc1',
      units: 120,
      activation: 'relu',
      useBias: true,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf('fc1') }),
    })
    .apply(flat) as tf.SymbolicTensor;
  // [batch, 84]
  const fc2 = tf.layers
    .dense({
      name: 'classifier__fc2',
      units: 84,
      activation: 'relu',
      useBias: true,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf('fc2') }),
    })
    .apply(fc1) as tf.SymbolicTensor;
  // [batch, 10]
  const scores = tf.layers
    .dense({
      name: 'classifier__scores',
      units: 10,
      activation: 'linear',
      useBias: true,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf('scores') }),
    })
    .apply(fc2) as tf.SymbolicTensor;
  return tf.model({ inputs: [x], outputs: [scores], name: 'classifier' });
}

// ── Data ─────────────────────────────────────────────────────────────────────────────────────────

const NORMALIZATIONS = ['[-1,1]', '[0,1]'] as const;

type Normalization = (typeof NORMALIZATIONS)[number];

/** How a batch gives its labels: int32 class ids [batch], or float32 one-hot rows [batch, classes]. */
const LABEL_FORMS = ['class ids', 'one-hot'] as const;

type LabelForm = (typeof LABEL_FORMS)[number];

/**
 * Where the images of a data node come from: `size` images of a split, scaled to `range`, with
 * labels as class ids or one-hot rows, drawn with `rng`. `imagesInMemory` draws exactly as
 * Tensorloom does.
 */
export interface ImageSource {
  batch(
    split: 'train' | 'test',
    size: number,
    range: Normalization,
    rng: Rng,
    labels: LabelForm,
  ): { x: tf.Tensor4D; label: tf.Tensor };
}

/**
 * One split of an image dataset in memory: uint8 pixels, row-major [count, height, width,
 * channels], and the class of each image.
 */
type ImageSet = Pick<Dataset, 'count' | 'shape' | 'pixels' | 'labels'>;

/**
 * `size` distinct sample indices drawn uniformly from the stream (distinct within the batch, so a
 * batch never shows one image twice; with replacement only if the dataset is smaller than the batch).
 */
function drawIndices(rng: RandomStream, count: number, size: number): number[] {
  const picked: number[] = [];
  const seen = new Set<number>();
  while (picked.length < size) {
    const i = Math.floor(rng.next() * count);
    if (seen.has(i) && count >= size) continue;
    seen.add(i);
    picked.push(i);
  }
  return picked;
}

/** uint8 → float lookup tables, one per normalisation */
const TABLES: Record<Normalization, Float32Array> = {
  '[-1,1]': Float32Array.from({ length: 256 }, (_, v) => v / 127.5 - 1),
  '[0,1]': Float32Array.from({ length: 256 }, (_, v) => v / 255),
};

/** Class ids [batch] as the label form asked for: themselves, or one-hot rows (all ones for one class). */
function labelTensor(
  tf: TFModule,
  ids: TF.Tensor1D,
  classes: number,
  labels: LabelForm,
): TF.Tensor {
  if (labels === 'class ids') return ids;
  return classes > 1 ? tf.oneHot(ids, classes).toFloat() : tf.ones([ids.shape[0], 1]);
}

/** The same batch built on the CPU side and uploaded (datasets too large for one device buffer). */
function hostImageBatch(
  tf: TFModule,
  ds: ImageSet,
  classes: number,
  indices: readonly number[],
  norm: Normalization,
  labels: LabelForm,
): { x: TF.Tensor4D; label: TF.Tensor } {
  const [h, w, c] = ds.shape;
  const sample = h * w * c;
  const table = TABLES[norm];
  const pixels = new Float32Array(indices.length * sample);
  const ids = new Int32Array(indices.length);
  indices.forEach((idx, row) => {
    const src = ds.pixels.subarray(idx * sample, (idx + 1) * sample);
    const base = row * sample;
    for (let j = 0; j < sample; j++) pixels[base + j] = table[src[j]!]!;
    ids[row] = ds.labels[idx]!;
  });
  const x = tf.tensor4d(pixels, [indices.length, h, w, c], 'float32');
  return { x, label: tf.tidy(() => labelTensor(tf, tf.tensor1d(ids, 'int32'), classes, labels)) };
}

/** An ImageSource over images in memory (e.g. MNIST read from its IDX files). */
export function imagesInMemory(
  splits: { train?: ImageSet; test?: ImageSet },
  classes = 10,
): ImageSource {
  return {
    batch(split, size, range, rng, labels) {
      const set = splits[split];
      if (!set) throw new Error(`no ${split} images were given`);
      return hostImageBatch(tf, set, classes, drawIndices(rng, set.count, size), range, labels);
    },
  };
}

// ── Tensor operations ────────────────────────────────────────────────────────────────────────────

const LABEL_INPUTS = ['class ids', 'one-hot'] as const;

type LabelInput = (typeof LABEL_INPUTS)[number];

/** Labels as float32 rows [batch, classes], whatever form they came in. */
function labelRows(
  tf: TFModule,
  labels: TF.Tensor,
  classes: number,
  form: LabelInput,
): TF.Tensor2D {
  return (
    form === 'class ids'
      ? tf.oneHot(tf.cast(labels, 'int32') as TF.Tensor1D, classes).toFloat()
      : labels
  ) as TF.Tensor2D;
}

/** Labels as int32 class ids [batch]: one-hot rows give the column of their largest value. */
function labelIds(tf: TFModule, labels: TF.Tensor, form: LabelInput): TF.Tensor1D {
  return (form === 'class ids' ? tf.cast(labels, 'int32') : tf.argMax(labels, 1)) as TF.Tensor1D;
}

// ── Losses ───────────────────────────────────────────────────────────────────────────────────────

/**
 * Mean over the batch of −Σ_c target_c · log softmax(logits)_c, the targets moved towards uniform by
 * `smoothing`: (1 − s)·label + s/classes. log-softmax keeps it exact for confident logits.
 */
function categoricalCrossEntropy(
  tf: TFModule,
  logits: TF.Tensor,
  labels: TF.Tensor,
  form: LabelInput,
  smoothing: number,
): TF.Scalar {
  const classes = logits.shape[1]!;
  const rows = labelRows(tf, labels, classes, form);
  const target = smoothing > 0 ? tf.add(tf.mul(rows, 1 - smoothing), smoothing / classes) : rows;
  return tf.mean(tf.neg(tf.sum(tf.mul(target, tf.logSoftmax(logits)), 1)));
}

// ── Metrics ──────────────────────────────────────────────────────────────────────────────────────

/** The fraction of samples whose largest logit is at their true class (top-1 accuracy), in [0, 1]. */
function topOneAccuracy(
  tf: TFModule,
  logits: TF.Tensor,
  labels: TF.Tensor,
  form: LabelInput,
): TF.Scalar {
  return tf.mean(tf.cast(tf.equal(tf.argMax(logits, 1), labelIds(tf, labels, form)), 'float32'));
}

// ── Previews ─────────────────────────────────────────────────────────────────────────────────────

/** The first `count` images of a batch, scaled from `range` to [0, 1] for display. */
function imageGrid(
  tf: TFModule,
  images: TF.Tensor,
  count: number,
  range: '[-1,1]' | '[0,1]',
): TF.Tensor {
  const first = tf.slice(images, 0, Math.min(count, images.shape[0] ?? 1));
  const scaled = range === '[-1,1]' ? tf.mul(tf.add(first, 1), 0.5) : first;
  return tf.clipByValue(scaled, 0, 1);
}

// ── Training ─────────────────────────────────────────────────────────────────────────────────────

/**
 * The weights an optimizer may change: the trainable weights of its own models (with those of the
 * models inside them), no others, each once however many of its models hold it.
 */
function trainableVariables(...models: TF.LayersModel[]): TF.Variable[] {
  return [
    ...new Set(
      models.flatMap((model) => model.trainableWeights.map((w) => w.read() as TF.Variable)),
    ),
  ];
}

/**
 * The images the data nodes draw from, one source per dataset, e.g. `imagesInMemory({ train })`.
 */
export interface DataSources {
  /** mnist: its train and test splits */
  mnist: ImageSource;
}

/** Everything a training run holds. */
export interface Training {
  /** the stream every batch, noise tensor and dropout mask draws from */
  rng: Rng;
  /** the run's seed; each metric evaluation seeds a stream of its own from it */
  seed: number;
  models: { classifier: tf.LayersModel };
  /** one optimizer per update, and the weights it may change: its own models' only */
  optimizers: { adam: tf.Optimizer };
  variables: { adam: tf.Variable[] };
  data: DataSources;
  /** iterations done */
  step: number;
}

/** A run at its start: the weights drawn from `seed`, fresh optimizers, the stream seeded. */
export function createTraining(seed: number, data: DataSources): Training {
  const rng = new Rng(seed);
  const models = { classifier: buildClassifier(seed) };
  return {
    rng,
    seed,
    models,
    optimizers: { adam: tf.train.adam(0.001, 0.9, 0.999, 1e-7) },
    variables: { adam: trainableVariables(models.classifier) },
    data,
    step: 0,
  };
}

/**
 * The loss update "Adam" minimises over the weights of "classifier", evaluated afresh: a new batch,
 * new noise.
 */
function lossForAdam(t: Training): tf.Scalar {
  // x [64, 28, 28, 1], label [64]
  const trainDigits = t.data.mnist.batch('train', 64, '[0,1]', t.rng, 'class ids');
  const c = t.models.classifier.apply(trainDigits.x, { training: true }) as tf.Tensor; // [64, 10]
  const crossEntropy = categoricalCrossEntropy(tf, c, trainDigits.label, 'class ids', 0);
  return crossEntropy;
}

/**
 * One training iteration: update "Adam" minimises its loss over its own models' weights. Returns
 * the loss of each update by name, from before its step; dispose them once read.
 */
export function trainStep(t: Training): Record<string, tf.Scalar> {
  const adam = t.optimizers.adam.minimize(() => lossForAdam(t), true, t.variables.adam)!;
  t.step++;
  return { Adam: adam };
}

/** What the preview "digits" shows, evaluated with training off. */
function previewDigits(t: Training): tf.Tensor {
  // x [64, 28, 28, 1], label [64]
  const trainDigits = t.data.mnist.batch('train', 64, '[0,1]', t.rng, 'class ids');
  return imageGrid(tf, trainDigits.x, 32, '[0,1]');
}

/**
 * What each preview shows now, by name, evaluated with training off; dispose the tensors once
 * drawn.
 */
export function sample(t: Training): Record<string, tf.Tensor> {
  return { digits: tf.tidy(() => previewDigits(t)) };
}

/**
 * The metric "train accuracy": the mean of its input, evaluated with training off, drawing from
 * `rng`.
 */
function metricTrainAccuracy(t: Training, rng: Rng): tf.Scalar {
  // x [64, 28, 28, 1], label [64]
  const trainDigits = t.data.mnist.batch('train', 64, '[0,1]', rng, 'class ids');
  const c = t.models.classifier.apply(trainDigits.x, { training: false }) as tf.Tensor; // [64, 10]
  const batchAccuracy = topOneAccuracy(tf, c, trainDigits.label, 'class ids');
  return tf.mean(tf.cast(batchAccuracy, 'float32'));
}

/**
 * The metric "test accuracy": the mean of its input, evaluated with training off, drawing from
 * `rng`.
 */
function metricTestAccuracy(t: Training, rng: Rng): tf.Scalar {
  // x [500, 28, 28, 1], label [500]
  const testDigits = t.data.mnist.batch('test', 500, '[0,1]', rng, 'class ids');
  // [500, 10]
  const cTest = t.models.classifier.apply(testDigits.x, { training: false }) as tf.Tensor;
  const accuracy = topOneAccuracy(tf, cTest, testDigits.label, 'class ids');
  return tf.mean(tf.cast(accuracy, 'float32'));
}

/**
 * Every metric from the current weights, by name: as the app charts them before the iteration
 * `t.step`, each averaged over its batches.
 */
export function evaluateMetrics(t: Training): Record<string, number> {
  const values: Record<string, number> = {};
  {
    const rng = new Rng(hashString(`metric ${t.seed} train_metric ${t.step}`));
    const value = tf.tidy(() => metricTrainAccuracy(t, rng));
    values['train accuracy'] = value.dataSync()[0]!;
    value.dispose();
  }
  {
    const rng = new Rng(hashString(`metric ${t.seed} test_metric ${t.step}`));
    const parts = Array.from({ length: 20 }, () => tf.tidy(() => metricTestAccuracy(t, rng)));
    const mean = tf.tidy(() => tf.div(tf.addN(parts), 20));
    values['test accuracy'] = mean.dataSync()[0]!;
    tf.dispose([...parts, mean]);
  }
  return values;
}

/**
 * Trains for `steps` iterations and prints the losses every `logEvery`. Stops with an error
 * naming the update and the iteration when a loss is not finite.
 */
export async function main(
  data: DataSources,
  steps = 1000,
  seed = 1,
  logEvery = 100,
): Promise<Training> {
  const t = createTraining(seed, data);
  while (t.step < steps) {
    const losses = trainStep(t);
    if (t.step % logEvery === 0 || t.step === steps) {
      const shown: string[] = [];
      for (const [name, loss] of Object.entries(losses)) {
        const value = (await loss.data())[0] ?? NaN;
        if (!Number.isFinite(value)) {
          throw new Error(`the loss of "${name}" is ${value} at iteration ${t.step - 1}`);
        }
        shown.push(`${name} ${value.toFixed(4)}`);
      }
      console.log(`iteration ${t.step}: ${shown.join(', ')}`);
    }
    tf.dispose(Object.values(losses));
  }
  console.log(`metrics after ${t.step} iterations:`, evaluateMetrics(t));
  return t;
}
