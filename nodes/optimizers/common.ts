// What every optimizer node shares: its loss input, which models it trains, how often and when.
import type * as TF from '@tensorflow/tfjs';
import { issue, showShape } from '../../src/messages';
import { ok, need } from '../shape-utils';
import type { FloatParam, PortSpec, Shape, ShapeResult, TFModule } from '../spec';
import { py, pyCall, pyCode } from '../torch-emit';

/**
 * The weights an optimizer may change: the trainable weights of its own models (with those of the
 * models inside them), no others, each once however many of its models hold it.
 */
export function trainableVariables(...models: TF.LayersModel[]): TF.Variable[] {
  return [...new Set(models.flatMap((model) => model.trainableWeights.map((w) => w.read() as TF.Variable)))];
}

/** tfjs's Adam, the plain path of the Adam nodes (the fused one reproduces it). */
export const tfjsAdam = (tf: TFModule, learningRate: number, beta1: number, beta2: number, epsilon: number): TF.Optimizer =>
  tf.train.adam(learningRate, beta1, beta2, epsilon);

/** The exported optimizer of Adam and AdamW: tfjs's own Adam, which the fused one reproduces. */
export const emitAdam = (p: { learningRate: number; beta1: number; beta2: number; epsilon: number }) =>
  `tf.train.adam(${p.learningRate}, ${p.beta1}, ${p.beta2}, ${p.epsilon})`;

export const LOSS_IN: PortSpec = { name: 'loss', kind: 'loss', doc: 'the scalar loss [] this optimizer minimises' };

export const commonParams = {
  models: {
    kind: 'models',
    default: [],
    doc: 'The models whose weights this optimizer updates. Other models in the loss get no update from it.',
  },
  updatesPerIteration: {
    kind: 'int', default: 1, min: 1, max: 100,
    doc: 'Updates per training iteration, each on a fresh batch (e.g. 5 critic updates per generator update in a WGAN).',
  },
  order: {
    kind: 'int', default: 0, min: -100, max: 100,
    doc: 'When this optimizer runs within an iteration: lower first (e.g. the discriminator before the generator).',
  },
  clipWeights: {
    kind: 'float', default: 0, min: 0, max: 10, step: 0.01,
    doc: 'After each update, clip every weight it changed to [−c, c]: the original WGAN keeps its critic smooth this way (0.01, with RMSProp). 0: no clipping.',
  },
} as const;

/** Clips every variable to [−c, c] in place (the original WGAN's weight clipping); runs inside tf.tidy. */
export function clipWeightsTo(tf: TFModule, variables: readonly TF.Variable[], c: number): void {
  for (const v of variables) v.assign(tf.clipByValue(v, -c, c));
}

export const learningRate = (def: number): FloatParam => ({
  kind: 'float', default: def, min: 1e-8, max: 10, step: 1e-4, log: true,
  doc: 'Step size: how far each update moves the weights.',
});

export const epsilonParam = (def: number): FloatParam => ({
  kind: 'float', default: def, min: 1e-12, max: 1, log: true,
  doc: 'Added to the denominator so that steps stay finite where gradients are tiny.',
});

export function inferLoss(inputs: Record<string, Shape>): ShapeResult {
  const loss = need(inputs, 'loss');
  if (loss.length === 0) return ok({});
  return { ok: false, port: 'loss', issue: issue('graph.lossNotScalar', { port: 'loss', shape: showShape(loss) }) };
}

/** Adam's own params, shared with AdamW. */
export const adamParams = {
  learningRate: learningRate(0.001),
  beta1: { kind: 'float', default: 0.9, min: 0, max: 0.9999, step: 0.01, doc: 'Decay of the running average of gradients (momentum). DCGAN uses 0.5.' },
  beta2: { kind: 'float', default: 0.999, min: 0, max: 0.99999, step: 0.001, doc: 'Decay of the running average of squared gradients.' },
  epsilon: epsilonParam(1e-7),
} as const;

/** PyTorch's Adam, which steps as tfjs's does (epsilon added to the bias-corrected root of v). */
export const torchAdam = (p: { learningRate: number; beta1: number; beta2: number; epsilon: number }, parameters: string) =>
  pyCall('torch.optim.Adam', [parameters], { lr: p.learningRate, betas: pyCode(`(${py(p.beta1)}, ${py(p.beta2)})`), eps: p.epsilon });
