"""PyTorch twin of templates/vae-gan.json (Larsen et al. 2016).

Encoder: as vae.py's (Conv 32 k3 s2 -> Conv 64 k3 s2 -> Dense 128 -> mu, logvar [16]).
Decoder: as vae.py's but its last ConvT ends in tanh: images in [-1, 1] (the data node gives [-1, 1]).
Discriminator: Conv 32 k5 s1 same -> LeakyReLU 0.2 -> Conv 64 k5 s2 same -> LeakyReLU
  -> Conv 128 k5 s2 same (= "features", before its activation) -> LeakyReLU -> Flatten -> Dense 1 (logit).
Losses (batch 64, prior noise batch 64):
  kl = KL(q(z|x) || N(0, I)) summed over latent dims, mean over the batch
  llike = 0.5 * sum over [128, 7, 7] of (D_features(x~) - D_features(x))^2, mean over the batch
  enc_loss = kl + llike
  dec_loss = 0.01 * llike + BCE(D(x~), 1) + BCE(D(G(z_p)), 1)
  d_loss   = BCE(D(x), 1) + 0.5 * BCE(D(x~), 0) + 0.5 * BCE(D(G(z_p)), 0)
with x~ = decoder(z), z = mu + exp(logvar / 2) eps, z_p ~ N(0, I); BCE-with-logits, mean.
One iteration = opt_enc, opt_dec, opt_D in that order (Adam lr 2e-4, beta1 0.5); each update
evaluates its loss afresh (new batch, new eps, new z_p) and moves only its own model's weights.
Samples: the 'samples' preview, decoder(z_p) mapped from [-1, 1] to [0, 1].

  python3 bench/quality/torch/vae_gan.py --steps 10000 --out runs/torch-vae-gan.npy
"""
import torch
import torch.nn as nn

from common import (Batches, Reshape, SameConv2d, SameConvTranspose2d, Trainer, adam, bce_logits, keras_init, kl_normal,
                    load_mnist, minimize, reparameterize, run_twin)
from vae import Encoder

LATENT = 16


def decoder():
    return keras_init(nn.Sequential(
        nn.Linear(LATENT, 64 * 7 * 7), nn.ReLU(), Reshape(64, 7, 7),
        SameConvTranspose2d(64, 64, 3, 2), nn.ReLU(), SameConvTranspose2d(64, 32, 3, 2), nn.ReLU(),
        SameConvTranspose2d(32, 1, 3, 1), nn.Tanh(),
    ))


class Discriminator(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            SameConv2d(1, 32, 5, 1), nn.LeakyReLU(0.2), SameConv2d(32, 64, 5, 2), nn.LeakyReLU(0.2),
            SameConv2d(64, 128, 5, 2),
        )
        self.head = nn.Sequential(nn.LeakyReLU(0.2), nn.Flatten(), nn.Linear(128 * 7 * 7, 1))
        keras_init(self)

    def forward(self, x):
        f = self.features(x)
        return f, self.head(f)


def make_trainer(batch, device, data_dir):
    data = Batches(load_mnist(data_dir, 'train', device), '[-1,1]')
    E, G, D = Encoder().to(device), decoder().to(device), Discriminator().to(device)
    opts = {'enc': adam(E.parameters(), 2e-4, 0.5), 'dec': adam(G.parameters(), 2e-4, 0.5), 'D': adam(D.parameters(), 2e-4, 0.5)}

    def forward():
        """One fresh evaluation of the whole graph: every term any loss needs."""
        x = data.draw(batch)
        mu, logvar = E(x)
        recon = G(reparameterize(mu, logvar))
        prior = G(torch.randn(batch, LATENT, device=device))
        f_real, l_real = D(x)
        f_recon, l_recon = D(recon)
        _, l_prior = D(prior)
        llike = 0.5 * (f_recon - f_real).pow(2).flatten(1).sum(1).mean()
        return {'kl': kl_normal(mu, logvar), 'llike': llike, 'l_real': l_real, 'l_recon': l_recon, 'l_prior': l_prior}

    losses = {
        'enc': lambda t: t['kl'] + t['llike'],
        'dec': lambda t: 0.01 * t['llike'] + bce_logits(t['l_recon'], 1) + bce_logits(t['l_prior'], 1),
        'D': lambda t: bce_logits(t['l_real'], 1) + 0.5 * bce_logits(t['l_recon'], 0) + 0.5 * bce_logits(t['l_prior'], 0),
    }

    def step():
        values = {}
        for name in ('enc', 'dec', 'D'):
            values[name] = minimize(opts[name], losses[name](forward()))
        return values

    return Trainer(step, {'encoder': E, 'decoder': G, 'discriminator': D}, lambda n: (G(torch.randn(n, LATENT, device=device)) + 1) / 2)


if __name__ == '__main__':
    run_twin('PyTorch twin of the VAE-GAN template', make_trainer, batch=64, steps=10000)
