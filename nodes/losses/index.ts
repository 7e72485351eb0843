import type { NodeSpec } from '../spec';
import bceLogits from './bce-logits';
import categoricalCrossEntropy from './categorical-cross-entropy';
import featureMatching from './feature-matching';
import gradientPenalty from './gradient-penalty';
import hinge from './hinge';
import klNormal from './kl-normal';
import mae from './mae';
import mse from './mse';
import scale from './scale';
import wasserstein from './wasserstein';
import weightedSum from './weighted-sum';

export const lossesNodes: readonly NodeSpec[] = [bceLogits, categoricalCrossEntropy, mse, mae, klNormal, hinge, wasserstein, gradientPenalty, featureMatching, weightedSum, scale];
