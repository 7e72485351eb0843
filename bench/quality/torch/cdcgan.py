"""PyTorch twin of templates/cdcgan.json (Mirza and Osindero 2014, on the DCGAN twin's layers).

Generator: z[100] and c (a class id) -> Embedding(10, 50) -> concatenate [z, embedding] (150)
  -> the DCGAN twin's generator stages (Dense 7*7*256 no bias, BN, LeakyReLU 0.2, ConvT 128 k5 s1,
  ConvT 64 k5 s2, ConvT 1 k5 s2, tanh).
Discriminator: x[1, 28, 28] and c -> Embedding(10, 784) -> [1, 28, 28] -> concatenate [x, label map]
  as two channels -> the DCGAN twin's discriminator stages (Conv 64 k5 s2, LeakyReLU, Dropout 0.3,
  Conv 128 k5 s2, LeakyReLU, Dropout 0.3, Flatten, Dense 1).
Embeddings start uniform in [-0.05, 0.05] (Keras's default for an Embedding), the rest as the DCGAN twin.
One iteration = opt_D then opt_G (Adam lr 2e-4, beta1 0.5), each on fresh draws: D on a real batch with
its labels (-> 1) and G(z, c) with c uniform over the 10 classes, given the same c (-> 0); G on fresh
z and c, BCE(D(G(z, c), c), 1). Samples: G in inference mode asked for each digit in turn.

  python3 bench/quality/torch/cdcgan.py --steps 600 --out runs/torch-cdcgan.npy
"""
import torch
import torch.nn as nn

from common import (Batches, Reshape, SameConv2d, SameConvTranspose2d, Trainer, adam, bce_logits, keras_bn, keras_init,
                    load_mnist, load_mnist_labels, minimize, run_twin)

Z = 100
CLASSES = 10


def embedding(dim):
    e = nn.Embedding(CLASSES, dim)
    nn.init.uniform_(e.weight, -0.05, 0.05)
    return e


class Generator(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = embedding(50)
        self.body = keras_init(nn.Sequential(
            nn.Linear(Z + 50, 7 * 7 * 256, bias=False), keras_bn(7 * 7 * 256, dims=1), nn.LeakyReLU(0.2),
            Reshape(256, 7, 7),
            SameConvTranspose2d(256, 128, 5, 1, bias=False), keras_bn(128), nn.LeakyReLU(0.2),
            SameConvTranspose2d(128, 64, 5, 2, bias=False), keras_bn(64), nn.LeakyReLU(0.2),
            SameConvTranspose2d(64, 1, 5, 2, bias=False), nn.Tanh(),
        ))

    def forward(self, z, c):
        return self.body(torch.cat([z, self.embed(c)], 1))


class Discriminator(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = embedding(28 * 28)
        self.body = keras_init(nn.Sequential(
            SameConv2d(2, 64, 5, 2), nn.LeakyReLU(0.2), nn.Dropout(0.3),
            SameConv2d(64, 128, 5, 2), nn.LeakyReLU(0.2), nn.Dropout(0.3),
            nn.Flatten(), nn.Linear(128 * 7 * 7, 1),
        ))

    def forward(self, x, c):
        return self.body(torch.cat([x, self.embed(c).view(-1, 1, 28, 28)], 1))


def make_trainer(batch, device, data_dir):
    pixels, labels = load_mnist(data_dir, 'train', device), load_mnist_labels(data_dir, 'train', device)
    data = Batches(pixels, '[-1,1]')
    G, D = Generator().to(device), Discriminator().to(device)
    opt_d, opt_g = adam(D.parameters(), 2e-4, beta1=0.5), adam(G.parameters(), 2e-4, beta1=0.5)

    def real():
        idx = torch.randperm(pixels.shape[0], device=device)[:batch]
        return data.scale(pixels[idx]), labels[idx]

    def asked():
        return torch.randn(batch, Z, device=device), torch.randint(0, CLASSES, (batch,), device=device)

    def step():
        x, y = real()
        z, c = asked()
        d_loss = minimize(opt_d, bce_logits(D(x, y), 1) + bce_logits(D(G(z, c).detach(), c), 0))
        z, c = asked()
        g_loss = minimize(opt_g, bce_logits(D(G(z, c), c), 1))
        return {'D': d_loss, 'G': g_loss}

    def sample(n):
        return (G(torch.randn(n, Z, device=device), torch.arange(n, device=device) % CLASSES) + 1) / 2

    return Trainer(step, {'generator': G, 'discriminator': D}, sample)


if __name__ == '__main__':
    run_twin('PyTorch twin of the conditional DCGAN template', make_trainer, batch=64, steps=600)
