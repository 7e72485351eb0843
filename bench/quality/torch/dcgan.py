"""PyTorch twin of templates/dcgan.json.

Generator: z[100] -> Dense 7*7*256 (no bias) -> BN -> LeakyReLU 0.2 -> [256, 7, 7]
  -> ConvT 128 k5 s1 same (no bias) -> BN -> LeakyReLU -> ConvT 64 k5 s2 same (no bias) -> BN -> LeakyReLU
  -> ConvT 1 k5 s2 same (no bias) -> tanh.
Discriminator: x[1, 28, 28] -> Conv 64 k5 s2 same -> LeakyReLU 0.2 -> Dropout 0.3
  -> Conv 128 k5 s2 same -> LeakyReLU -> Dropout 0.3 -> Flatten -> Dense 1 (logit).
One iteration = opt_D (order 0) then opt_G (order 1), Adam lr 2e-4, beta1 0.5; each update draws a
fresh data batch and fresh noise (batch 64). D: BCE-with-logits mean, real -> 1, fake -> 0, summed.
G: non-saturating, BCE(D(G(z)), 1). Every model call inside an update is in training mode (as the
trainer's `training: true`), so G's BatchNorm running statistics also move during the D update.
Samples: the 'samples' preview, i.e. G in inference mode (running statistics), tanh output mapped
from [-1, 1] to [0, 1].

  python3 bench/quality/torch/dcgan.py --steps 5000 --out runs/torch-dcgan.npy
"""
import torch
import torch.nn as nn

from common import (Batches, Reshape, SameConv2d, SameConvTranspose2d, Trainer, adam, gan_step, keras_bn, keras_init, load_mnist,
                    run_twin)

Z = 100


def generator():
    return keras_init(nn.Sequential(
        nn.Linear(Z, 7 * 7 * 256, bias=False), keras_bn(7 * 7 * 256, dims=1), nn.LeakyReLU(0.2),
        Reshape(256, 7, 7),
        SameConvTranspose2d(256, 128, 5, 1, bias=False), keras_bn(128), nn.LeakyReLU(0.2),
        SameConvTranspose2d(128, 64, 5, 2, bias=False), keras_bn(64), nn.LeakyReLU(0.2),
        SameConvTranspose2d(64, 1, 5, 2, bias=False), nn.Tanh(),
    ))


def discriminator():
    return keras_init(nn.Sequential(
        SameConv2d(1, 64, 5, 2), nn.LeakyReLU(0.2), nn.Dropout(0.3),
        SameConv2d(64, 128, 5, 2), nn.LeakyReLU(0.2), nn.Dropout(0.3),
        nn.Flatten(), nn.Linear(128 * 7 * 7, 1),
    ))


def make_trainer(batch, device, data_dir):
    data = Batches(load_mnist(data_dir, 'train', device), '[-1,1]')
    G, D = generator().to(device), discriminator().to(device)
    opt_d, opt_g = adam(D.parameters(), 2e-4, beta1=0.5), adam(G.parameters(), 2e-4, beta1=0.5)

    def step():
        return gan_step(G, D, opt_d, opt_g, lambda: data.draw(batch), lambda: torch.randn(batch, Z, device=device))

    return Trainer(step, {'generator': G, 'discriminator': D}, lambda n: (G(torch.randn(n, Z, device=device)) + 1) / 2)


if __name__ == '__main__':
    run_twin('PyTorch twin of the DCGAN template', make_trainer, batch=64, steps=5000)
