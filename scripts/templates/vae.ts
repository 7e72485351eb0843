// Convolutional VAE for 28x28 grey images (Kingma & Welling 2013): a Bernoulli decoder trained on
// the negative ELBO, reconstruction BCE summed over pixels plus the KL term.
import type { GraphDoc } from '../../src/graph/types';
import { document, GraphBuilder } from './builder';
import { convEncoder, logitDecoder, stackAboveModel } from './conv-vae-parts';

/** Appears in four places: both encoder heads, the decoder input, the prior sampler. */
export const VAE_LATENT = 16;

function training() {
  const m = new GraphBuilder();
  m.node('data', 'data.mnist', { batchSize: 128, normalize: '[0,1]' }, 0, 0);
  m.node('enc', 'models.call', { model: 'encoder' }, 1, 0, 'Enc(x)');
  m.node('z', 'samplers.reparameterize', {}, 2, 0, 'z');
  m.node('dec', 'models.call', { model: 'decoder' }, 3, 0, 'Dec(z)');
  m.node('reconstruction', 'losses.bceLogits', { target: 'input', reduction: 'sumPerSample' }, 4, -0.5, '−log p(x|z)');
  m.node('kl', 'losses.klNormal', {}, 3, 2, 'KL');
  m.node('neg_elbo', 'losses.weightedSum', { count: 2, w1: 1, w2: 1 }, 5, 0.5, '−ELBO');
  m.node('opt', 'optimizers.adam', { learningRate: 1e-3, models: ['encoder', 'decoder'] }, 5.45, 1.7, 'VAE');
  m.node('pairs', 'models.call', { model: 'side_by_side' }, 4, -2.5, 'x above x̃');
  m.node('reconstructions', 'previews.imageGrid', { count: 32, range: '[0,1]' }, 5, -2.5, 'reconstructions');
  m.node('prior', 'samplers.gaussian', { batchSize: 64, shape: [VAE_LATENT] }, 2, 3.5, 'z_p');
  m.node('dec_prior', 'models.call', { model: 'decoder' }, 3, 3.5, 'Dec(z_p)');
  m.node('samples', 'previews.imageGrid', { count: 64, range: '[0,1]' }, 4, 3.5, 'prior samples');
  m.edge('data.x -> enc.x');
  m.edge('enc.mu -> z.mu');
  m.edge('enc.logvar -> z.logvar');
  m.edge('z.z -> dec.z');
  m.edge('dec.logits -> reconstruction.logits');
  m.edge('data.x -> reconstruction.target');
  m.edge('enc.mu -> kl.mu');
  m.edge('enc.logvar -> kl.logvar');
  m.edge('reconstruction.loss -> neg_elbo.loss1');
  m.edge('kl.loss -> neg_elbo.loss2');
  m.edge('neg_elbo.loss -> opt.loss');
  m.edge('data.x -> pairs.top');
  m.edge('dec.image -> pairs.bottom');
  m.edge('pairs.pair -> reconstructions.images');
  m.edge('prior.out -> dec_prior.z');
  m.edge('dec_prior.image -> samples.images');
  return m.build();
}

export function vae(): GraphDoc {
  return document(
    {
      name: 'Convolutional VAE on MNIST',
      description:
        'A variational autoencoder (Kingma & Welling 2013): the encoder squeezes each digit into a 16-number Gaussian ' +
        '(mu, logvar), the reparameterisation node draws z from it, and the decoder redraws the digit; training minimises ' +
        'the reconstruction error summed over pixels plus the KL term that keeps z close to N(0, I). For a 2-D latent ' +
        'space set 16 to 2 in the mu and logvar heads, the decoder input and the prior.',
    },
    { encoder: convEncoder(VAE_LATENT), decoder: logitDecoder(VAE_LATENT), side_by_side: stackAboveModel() },
    training(),
  );
}
