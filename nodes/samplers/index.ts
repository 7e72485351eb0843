import type { NodeSpec } from '../spec';
import categorical from './categorical';
import ddim from './ddim';
import ddpm from './ddpm';
import diffusionForward from './diffusion-forward';
import fixedNoise from './fixed-noise';
import gaussian from './gaussian';
import latentGrid from './latent-grid';
import latentInterpolation from './latent-interpolation';
import reparameterize from './reparameterize';
import uniform from './uniform';

export const samplersNodes: readonly NodeSpec[] = [gaussian, uniform, categorical, reparameterize, diffusionForward, ddpm, ddim, fixedNoise, latentInterpolation, latentGrid];
