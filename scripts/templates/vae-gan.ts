// VAE-GAN (Larsen et al. 2016, arXiv 1512.09300) for 28x28 grey images: a VAE whose decoder is also
// a GAN generator, with the reconstruction error measured in the discriminator's feature space.
import type { GraphDoc } from '../../src/graph/types';
import { document, GraphBuilder } from './builder';
import { convEncoder, stackAboveModel, tanhDecoder } from './conv-vae-parts';

const LATENT = 16;
const BATCH = 64;
/**
 * Weight of the feature reconstruction against the adversarial terms in the decoder's loss. The
 * paper leaves γ open; the authors' code weighs summed feature errors with 1e-5..1e-2 depending on
 * the experiment, so that fooling D shapes the decoder most. Here L_llike sums over 7·7·128 features
 * and starts near 10, so 0.01 makes it a small part of the decoder loss (about 0.1 of ~1.5) at first.
 */
export const GAMMA = 0.01;

/** Convolutions with LeakyReLU; returns the inner feature map (Dis_l) and the logit. */
function discriminator() {
  const d = new GraphBuilder();
  d.node('x', 'models.input', { name: 'x', shape: [28, 28, 1] }, 0, 0);
  d.node('conv1', 'layers.conv2d', { filters: 32, kernelSize: 5, strides: 1, padding: 'same' }, 1, 0);
  d.node('conv1_act', 'layers.activation', { activation: 'leakyRelu', alpha: 0.2 }, 1, 1);
  d.node('conv2', 'layers.conv2d', { filters: 64, kernelSize: 5, strides: 2, padding: 'same' }, 2, 0);
  d.node('conv2_act', 'layers.activation', { activation: 'leakyRelu', alpha: 0.2 }, 2, 1);
  d.node('conv3', 'layers.conv2d', { filters: 128, kernelSize: 5, strides: 2, padding: 'same' }, 3, 0, 'Dis_l');
  d.node('features', 'models.output', { name: 'features' }, 4, -1);
  d.node('conv3_act', 'layers.activation', { activation: 'leakyRelu', alpha: 0.2 }, 3, 1);
  d.node('flat', 'layers.flatten', {}, 4, 1);
  d.node('score', 'layers.dense', { units: 1 }, 5, 1);
  d.node('logit', 'models.output', { name: 'logit' }, 6, 1);
  d.chain('x', 'conv1', 'conv1_act', 'conv2', 'conv2_act', 'conv3', 'conv3_act', 'flat', 'score', 'logit');
  d.chain('conv3', 'features');
  return d.build();
}

function training() {
  const m = new GraphBuilder();
  const adam = (models: string[], order: number) => ({ learningRate: 2e-4, beta1: 0.5, models, order });
  // the three ways in: data x, its reconstruction x̃ = Dec(Enc(x)), and x_p = Dec(z_p) from the prior
  m.node('data', 'data.mnist', { batchSize: BATCH, normalize: '[-1,1]' }, 0, 2.6);
  m.node('enc', 'models.call', { model: 'encoder' }, 1, 2.6, 'Enc(x)');
  m.node('z', 'samplers.reparameterize', {}, 2, 2.6, 'z');
  m.node('kl', 'losses.klNormal', {}, 2, 4.2, 'KL');
  m.node('dec', 'models.call', { model: 'decoder' }, 3, 2.6, 'x̃ = Dec(z)');
  m.node('prior', 'samplers.gaussian', { batchSize: BATCH, shape: [LATENT] }, 2, 5.8, 'z_p');
  m.node('dec_prior', 'models.call', { model: 'decoder' }, 3, 5.8, 'x_p = Dec(z_p)');
  // one discriminator, applied three times
  m.node('D_real', 'models.call', { model: 'discriminator' }, 4, 0.3, 'D(x)');
  m.node('D_recon', 'models.call', { model: 'discriminator' }, 4, 2.6, 'D(x̃)');
  m.node('D_prior', 'models.call', { model: 'discriminator' }, 4, 5.8, 'D(x_p)');
  // learned similarity: Gaussian log-likelihood of D's features, −log p = ½ Σ (Dis_l(x̃) − Dis_l(x))² + const
  m.node('feature_error', 'losses.mse', { reduction: 'sumPerSample' }, 5, 1.3, 'Σ (D_l x̃ − D_l x)²');
  m.node('llike', 'losses.scale', { factor: 0.5 }, 6, 1.3, 'L_llike');
  m.node('g_fool_recon', 'losses.bceLogits', { target: 'ones' }, 5, 2.6, 'x̃ → 1');
  m.node('d_recon_loss', 'losses.bceLogits', { target: 'zeros' }, 5, 3.9, 'x̃ → 0');
  m.node('d_real_loss', 'losses.bceLogits', { target: 'ones' }, 5, 0, 'x → 1');
  m.node('g_fool_prior', 'losses.bceLogits', { target: 'ones' }, 5, 5.2, 'x_p → 1');
  m.node('d_prior_loss', 'losses.bceLogits', { target: 'zeros' }, 5, 6.5, 'x_p → 0');
  m.node('enc_loss', 'losses.weightedSum', { count: 2, w1: 1, w2: 1 }, 7, 1.8, 'encoder loss');
  m.node('dec_loss', 'losses.weightedSum', { count: 3, w1: GAMMA, w2: 1, w3: 1 }, 7, 3.3, 'decoder loss');
  m.node('d_loss', 'losses.weightedSum', { count: 3, w1: 1, w2: 0.5, w3: 0.5 }, 7, 5, 'D loss');
  m.node('opt_enc', 'optimizers.adam', adam(['encoder'], 0), 8, 1.8, 'encoder');
  m.node('opt_dec', 'optimizers.adam', adam(['decoder'], 1), 8, 3.3, 'decoder');
  m.node('opt_D', 'optimizers.adam', adam(['discriminator'], 2), 8, 5, 'D');
  m.node('pairs', 'models.call', { model: 'side_by_side' }, 4, -1.1, 'x above x̃');
  m.node('reconstructions', 'previews.imageGrid', { count: 32, range: '[-1,1]' }, 5, -1.1, 'reconstructions');
  m.node('samples', 'previews.imageGrid', { count: 64, range: '[-1,1]' }, 4, 7.2, 'prior samples');

  m.edge('data.x -> enc.x');
  m.edge('enc.mu -> z.mu');
  m.edge('enc.logvar -> z.logvar');
  m.edge('enc.mu -> kl.mu');
  m.edge('enc.logvar -> kl.logvar');
  m.edge('z.z -> dec.z');
  m.edge('prior.out -> dec_prior.z');
  m.edge('data.x -> D_real.x');
  m.edge('dec.image -> D_recon.x');
  m.edge('dec_prior.image -> D_prior.x');
  m.edge('D_recon.features -> feature_error.pred');
  m.edge('D_real.features -> feature_error.target');
  m.edge('feature_error.loss -> llike.loss');
  m.edge('D_recon.logit -> g_fool_recon.logits');
  m.edge('D_recon.logit -> d_recon_loss.logits');
  m.edge('D_real.logit -> d_real_loss.logits');
  m.edge('D_prior.logit -> g_fool_prior.logits');
  m.edge('D_prior.logit -> d_prior_loss.logits');
  m.edge('kl.loss -> enc_loss.loss1');
  m.edge('llike.loss -> enc_loss.loss2');
  m.edge('llike.loss -> dec_loss.loss1');
  m.edge('g_fool_recon.loss -> dec_loss.loss2');
  m.edge('g_fool_prior.loss -> dec_loss.loss3');
  m.edge('d_real_loss.loss -> d_loss.loss1');
  m.edge('d_recon_loss.loss -> d_loss.loss2');
  m.edge('d_prior_loss.loss -> d_loss.loss3');
  m.edge('enc_loss.loss -> opt_enc.loss');
  m.edge('dec_loss.loss -> opt_dec.loss');
  m.edge('d_loss.loss -> opt_D.loss');
  m.edge('data.x -> pairs.top');
  m.edge('dec.image -> pairs.bottom');
  m.edge('pairs.pair -> reconstructions.images');
  m.edge('dec_prior.image -> samples.images');
  return m.build();
}

export function vaeGan(): GraphDoc {
  return document(
    {
      name: 'VAE-GAN on MNIST',
      description:
        'VAE-GAN (Larsen et al. 2016): a VAE whose decoder is also a GAN generator, and whose reconstruction error is ' +
        'measured on the discriminator\'s inner features (Dis_l) instead of on pixels, which gives sharper images. ' +
        `Three optimizers take turns: the encoder minimises KL + L_llike, the decoder γ·L_llike (γ = ${GAMMA}) plus fooling ` +
        'D on reconstructions and on prior samples, and D tells real digits from both.',
    },
    { encoder: convEncoder(LATENT), decoder: tanhDecoder(LATENT), discriminator: discriminator(), side_by_side: stackAboveModel() },
    training(),
  );
}
