"""PyTorch twin of templates/vae-mlp.json.

Encoder: x[1, 28, 28] -> Flatten -> Dense 400 relu -> (Dense 20 = mu, Dense 20 = logvar).
Decoder: z[20] -> Dense 400 relu -> Dense 784 -> [1, 28, 28] logits (sigmoid for the image).
Training and loss: vae_common.py. Samples: the 'samples' preview, sigmoid(decoder(z)), z ~ N(0, I).

  python3 bench/quality/torch/vae_mlp.py --steps 10000 --out runs/torch-vae-mlp.npy
"""
import torch.nn as nn

from common import Reshape, keras_init
from vae_common import make_vae_trainer, run

LATENT = 20


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Flatten(), nn.Linear(784, 400), nn.ReLU())
        self.mu, self.logvar = nn.Linear(400, LATENT), nn.Linear(400, LATENT)
        keras_init(self)

    def forward(self, x):
        h = self.body(x)
        return self.mu(h), self.logvar(h)


def decoder():
    return keras_init(nn.Sequential(nn.Linear(LATENT, 400), nn.ReLU(), nn.Linear(400, 784), Reshape(1, 28, 28)))


def make_trainer(batch, device, data_dir):
    return make_vae_trainer(Encoder(), decoder(), LATENT, batch, device, data_dir)


if __name__ == '__main__':
    run('PyTorch twin of the MLP VAE template', make_trainer)
