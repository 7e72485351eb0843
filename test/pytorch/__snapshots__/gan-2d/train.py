"""2-D GAN on a ring of Gaussians: a Tensorloom graph as a PyTorch training program.

A small GAN that learns to place points on a ring of 8 Gaussians. Trains in seconds on any machine: watch the generator's points spread from a blob to the 8 modes (and sometimes miss some: mode collapse).

Train with `python train.py --steps 1000 --out run`, or in N processes (GPUs, or CPU cores with gloo)
with `torchrun --nproc_per_node=N train.py --steps 1000 --out run`; `python train.py --help` lists the rest.
"""

import torch

import tensorloom_runtime as tl
from models import Discriminator, Generator


class Training(tl.Training):
    """Everything a run of the graph holds: its models, one optimizer per update, the stream, the data."""

    DATASETS = []
    # the batch of every node the updates draw from; --batch-size sets it (per process under torchrun)
    BATCH = 128
    # in the order an iteration runs them: name, loss method, the models it changes, their optimizer
    UPDATES = [
        tl.Update("D", "loss_d", ["discriminator"], lambda p: torch.optim.Adam(p, lr=0.001, betas=(0.5, 0.999), eps=1e-7)),
        tl.Update("G", "loss_g", ["generator"], lambda p: torch.optim.Adam(p, lr=0.001, betas=(0.5, 0.999), eps=1e-7)),
    ]

    # the previews: written as PNG (images) or CSV (points) files under OUT/previews
    PREVIEWS = [
        tl.Preview("real_points", "preview_real_points", "points"),
        tl.Preview("fake_points", "preview_fake_points", "points"),
    ]

    def make_models(self):
        return {"generator": Generator(), "discriminator": Discriminator()}

    def loss_d(self, m):
        """The loss update "D" minimises over the weights of "discriminator", evaluated afresh: a new batch, new noise."""
        real = tl.toy_points(self.rng, "ring", self.batch, 8, 0.05)  # [128, 2]
        noise = tl.normal((self.batch, 8), self.rng.seed())  # [128, 8]
        d_real = m["discriminator"](real)  # [128, 1]
        gen = m["generator"](noise)  # [128, 2]
        real_loss = tl.reduce_loss(tl.bce_from_logits(d_real, 1), "mean")  # []
        d_fake = m["discriminator"](gen)  # [128, 1]
        fake_loss = tl.reduce_loss(tl.bce_from_logits(d_fake, 0), "mean")  # []
        d_loss = real_loss + fake_loss  # []
        return d_loss

    def loss_g(self, m):
        """The loss update "G" minimises over the weights of "generator", evaluated afresh: a new batch, new noise."""
        noise = tl.normal((self.batch, 8), self.rng.seed())  # [128, 8]
        gen = m["generator"](noise)  # [128, 2]
        d_fake = m["discriminator"](gen)  # [128, 1]
        g_loss = tl.reduce_loss(tl.bce_from_logits(d_fake, 1), "mean")  # []
        return g_loss

    def preview_real_points(self, m):
        """What the preview "real_points" shows, evaluated with training off."""
        real = tl.toy_points(self.rng, "ring", self.batch, 8, 0.05)  # [128, 2]
        return real[:512]

    def preview_fake_points(self, m):
        """What the preview "fake_points" shows, evaluated with training off."""
        noise = tl.normal((self.batch, 8), self.rng.seed())  # [128, 8]
        gen = m["generator"](noise)  # [128, 2]
        return gen[:512]


if __name__ == "__main__":
    tl.main(Training)
