// The runtime files whose exported declarations the TypeScript export may copy, and the section of
// the exported module each file's declarations go in. A declaration they need from another file
// must come from one of these or from ALSO_ALLOWED; anything else keeps it out of the export.
import type { Section } from '../../src/codegen/snippet';

export const EXPORTED_SOURCES: Readonly<Record<string, Section>> = {
  'src/runtime/rng.ts': 'random',
  'src/runtime/gpu-random/philox.ts': 'random',
  'src/runtime/gpu-random/reference.ts': 'random',
  'nodes/losses/bce-formula.ts': 'losses',
  'nodes/losses/common.ts': 'losses',
  'nodes/losses/bce-logits.ts': 'losses',
  'nodes/losses/mse.ts': 'losses',
  'nodes/losses/mae.ts': 'losses',
  'nodes/losses/kl-normal.ts': 'losses',
  'nodes/losses/hinge.ts': 'losses',
  'nodes/losses/wasserstein.ts': 'losses',
  'nodes/losses/feature-matching.ts': 'losses',
  'nodes/losses/categorical-cross-entropy.ts': 'losses',
  'nodes/losses/gradient-penalty.ts': 'losses',
  'nodes/metrics/accuracy.ts': 'metrics',
  'nodes/tensors/one-hot.ts': 'tensors',
  'nodes/tensors/arithmetic.ts': 'tensors',
  'nodes/tensors/interpolate.ts': 'tensors',
  'nodes/tensors/reconstruction-error.ts': 'tensors',
  'nodes/samplers/categorical.ts': 'samplers',
  'nodes/data/toy2d.ts': 'data',
  'nodes/data/batch.ts': 'data',
  'nodes/samplers/reparameterize.ts': 'samplers',
  'src/diffusion/schedule.ts': 'samplers',
  'nodes/samplers/diffusion-common.ts': 'samplers',
  'nodes/samplers/diffusion-forward.ts': 'samplers',
  'nodes/samplers/ddpm.ts': 'samplers',
  'nodes/samplers/ddim.ts': 'samplers',
  'nodes/samplers/latent-interpolation.ts': 'samplers',
  'nodes/samplers/latent-grid.ts': 'samplers',
  'nodes/previews/image-grid.ts': 'previews',
  'nodes/previews/scatter.ts': 'previews',
  'nodes/layers/custom/group-norm.ts': 'layers',
  'nodes/layers/custom/timestep-embedding.ts': 'layers',
  'nodes/layers/custom/self-attention-2d.ts': 'layers',
  'nodes/layers/custom/fresh-mask-dropout.ts': 'layers',
  'nodes/optimizers/common.ts': 'training',
  'nodes/optimizers/adamw.ts': 'training',
};

/** Files whose declarations the export copies only where one of the above needs them. */
export const ALSO_ALLOWED: Readonly<Record<string, Section>> = {
  'nodes/spec.ts': 'types',
  'nodes/tensors/class-labels.ts': 'tensors',
  'nodes/layers/custom/base.ts': 'layers',
  'nodes/layers/common.ts': 'layers',
  'src/runtime/per-tf-module.ts': 'layers',
};
