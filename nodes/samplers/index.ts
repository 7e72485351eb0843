import type { NodeSpec } from '../spec';
import categorical from './categorical';
import ddim from './ddim';
import ddpm from './ddpm';
import diffusionForward from './diffusion-forward';
import gaussian from './gaussian';
import reparameterize from './reparameterize';
import uniform from './uniform';

export const samplersNodes: readonly NodeSpec[] = [gaussian, uniform, categorical, reparameterize, diffusionForward, ddpm, ddim];
