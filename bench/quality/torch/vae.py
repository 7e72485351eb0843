"""PyTorch twin of templates/vae.json, the convolutional VAE.

Encoder: x[1, 28, 28] -> Conv 32 k3 s2 same relu -> Conv 64 k3 s2 same relu -> Flatten (3136)
  -> Dense 128 relu -> (Dense 16 = mu, Dense 16 = logvar).
Decoder: z[16] -> Dense 3136 relu -> [64, 7, 7] -> ConvT 64 k3 s2 same relu -> ConvT 32 k3 s2 same relu
  -> ConvT 1 k3 s1 same (logits; sigmoid for the image).
Training and loss: vae_common.py. Samples: the 'samples' preview, sigmoid(decoder(z)), z ~ N(0, I).

  python3 bench/quality/torch/vae.py --steps 10000 --out runs/torch-vae.npy
"""
import torch.nn as nn

from common import Reshape, SameConv2d, SameConvTranspose2d, keras_init
from vae_common import make_vae_trainer, run

LATENT = 16


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(
            SameConv2d(1, 32, 3, 2), nn.ReLU(), SameConv2d(32, 64, 3, 2), nn.ReLU(),
            nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.ReLU(),
        )
        self.mu, self.logvar = nn.Linear(128, LATENT), nn.Linear(128, LATENT)
        keras_init(self)

    def forward(self, x):
        h = self.body(x)
        return self.mu(h), self.logvar(h)


def decoder():
    return keras_init(nn.Sequential(
        nn.Linear(LATENT, 64 * 7 * 7), nn.ReLU(), Reshape(64, 7, 7),
        SameConvTranspose2d(64, 64, 3, 2), nn.ReLU(), SameConvTranspose2d(64, 32, 3, 2), nn.ReLU(),
        SameConvTranspose2d(32, 1, 3, 1),
    ))


def make_trainer(batch, device, data_dir):
    return make_vae_trainer(Encoder(), decoder(), LATENT, batch, device, data_dir)


if __name__ == '__main__':
    run('PyTorch twin of the convolutional VAE template', make_trainer)
