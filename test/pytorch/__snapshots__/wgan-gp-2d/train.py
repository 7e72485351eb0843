"""WGAN-GP on a ring: a Tensorloom graph as a PyTorch training program.

A Wasserstein GAN with gradient penalty (Gulrajani et al. 2017) on points of a ring: the critic scores points instead of classifying them, raising real scores and lowering fake ones, while a penalty on its gradient between real and generated points keeps it smooth; five critic updates per generator update, Adam at 5e-4 (beta1 0.5, beta2 0.9). A Metric charts the penalty.

Train with `python train.py --steps 1000 --out run`, or in N processes (GPUs, or CPU cores with gloo)
with `torchrun --nproc_per_node=N train.py --steps 1000 --out run`; `python train.py --help` lists the rest.
"""

import torch

import tensorloom_runtime as tl
from models import Critic, Generator


class Training(tl.Training):
    """Everything a run of the graph holds: its models, one optimizer per update, the stream, the data."""

    DATASETS = []
    # the batch of every node the updates draw from; --batch-size sets it (per process under torchrun)
    BATCH = 128
    # in the order an iteration runs them: name, loss method, the models it changes, their optimizer
    UPDATES = [
        tl.Update("D", "loss_d", ["critic"], lambda p: torch.optim.Adam(p, lr=0.0005, betas=(0.5, 0.9), eps=1e-7), repeats=5),
        tl.Update("G", "loss_g", ["generator"], lambda p: torch.optim.Adam(p, lr=0.0005, betas=(0.5, 0.9), eps=1e-7)),
    ]

    # the previews: written as PNG (images) or CSV (points) files under OUT/previews
    PREVIEWS = [
        tl.Preview("real", "preview_real", "points"),
        tl.Preview("generated", "preview_generated", "points"),
    ]

    def make_models(self):
        return {"generator": Generator(), "critic": Critic()}

    def loss_d(self, m):
        """The loss update "D" minimises over the weights of "critic", evaluated afresh: a new batch, new noise."""
        real = tl.toy_points(self.rng, "ring", self.batch, 8, 0.05)  # [128, 2]
        z = tl.normal((self.batch, 8), self.rng.seed())  # [128, 8]
        d_real = m["critic"](real)  # [128, 1]
        gen = m["generator"](z)  # [128, 2]
        real_w = -d_real.mean()  # []
        d_fake = m["critic"](gen)  # [128, 1]
        between = tl.interpolate(real, gen, self.rng.seed())  # [128, 2]
        fake_w = d_fake.mean()  # []
        gradient_penalty = tl.gradient_penalty(m["critic"], [between], "wgan-gp", 10)  # []
        critic_loss = real_w + fake_w + gradient_penalty  # []
        return critic_loss

    def loss_g(self, m):
        """The loss update "G" minimises over the weights of "generator", evaluated afresh: a new batch, new noise."""
        z = tl.normal((self.batch, 8), self.rng.seed())  # [128, 8]
        gen = m["generator"](z)  # [128, 2]
        d_fake = m["critic"](gen)  # [128, 1]
        g_loss = -d_fake.mean()  # []
        return g_loss

    def preview_real(self, m):
        """What the preview "real" shows, evaluated with training off."""
        real = tl.toy_points(self.rng, "ring", self.batch, 8, 0.05)  # [128, 2]
        return real[:512]

    def preview_generated(self, m):
        """What the preview "generated" shows, evaluated with training off."""
        z = tl.normal((self.batch, 8), self.rng.seed())  # [128, 8]
        gen = m["generator"](z)  # [128, 2]
        return gen[:512]


if __name__ == "__main__":
    tl.main(Training)
