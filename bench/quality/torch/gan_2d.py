"""PyTorch twin of templates/gan-2d.json, the 2-D GAN on a ring of Gaussians.

Generator: z[8] -> Dense 128 relu -> Dense 128 relu -> Dense 2.
Discriminator: x[2] -> Dense 128 relu -> Dense 128 relu -> Dense 1 (logit).
Data: 8 points evenly spaced on a circle of radius 2, plus Gaussian noise of standard deviation 0.05
(the Toy 2-D data node's defaults), a fresh batch of 128 per update.
One iteration = opt_D (order 0) then opt_G (order 1), Adam lr 1e-3, beta1 0.5; BCE-with-logits
mean; D: real -> 1, fake -> 0, summed; G: BCE(D(G(z)), 1). Used by the speed benchmark
(bench/torch-steps.py); it has no quality run (no images to score).
"""
import math

import torch
import torch.nn as nn

from common import Trainer, adam, gan_step, keras_init

Z, MODES, RADIUS, NOISE = 8, 8, 2.0, 0.05


def mlp(n_in, n_out):
    return keras_init(nn.Sequential(nn.Linear(n_in, 128), nn.ReLU(), nn.Linear(128, 128), nn.ReLU(), nn.Linear(128, n_out)))


def ring(batch, device):
    angle = 2 * math.pi * torch.randint(0, MODES, (batch,), device=device).float() / MODES
    return torch.stack([RADIUS * torch.cos(angle), RADIUS * torch.sin(angle)], 1) + NOISE * torch.randn(batch, 2, device=device)


def make_trainer(batch, device, data_dir=None):
    G, D = mlp(Z, 2).to(device), mlp(2, 1).to(device)
    opt_d, opt_g = adam(D.parameters(), 1e-3, beta1=0.5), adam(G.parameters(), 1e-3, beta1=0.5)

    def step():
        return gan_step(G, D, opt_d, opt_g, lambda: ring(batch, device), lambda: torch.randn(batch, Z, device=device))

    return Trainer(step, {'generator': G, 'discriminator': D})
