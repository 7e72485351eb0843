"""DCGAN on MNIST: a Tensorloom graph as a PyTorch training program.

A deep convolutional GAN (Radford et al. 2015) for 28x28 digits: the generator grows 100 noise values into an image through transposed convolutions, the discriminator learns to tell real digits from generated ones, and each update trains one against the other (D first, then G, Adam at 2e-4 with beta1 0.5). Switch the data node to Fashion-MNIST to generate clothes instead.

Train with `python train.py --steps 1000 --out run`, or in N processes (GPUs, or CPU cores with gloo)
with `torchrun --nproc_per_node=N train.py --steps 1000 --out run`; `python train.py --help` lists the rest.
"""

import torch

import tensorloom_runtime as tl
from models import Discriminator, Generator


class Training(tl.Training):
    """Everything a run of the graph holds: its models, one optimizer per update, the stream, the data."""

    DATASETS = ["mnist-train"]
    # the batch of every node the updates draw from; --batch-size sets it (per process under torchrun)
    BATCH = 64
    # in the order an iteration runs them: name, loss method, the models it changes, their optimizer
    UPDATES = [
        tl.Update("D", "loss_d", ["discriminator"], lambda p: torch.optim.Adam(p, lr=0.0002, betas=(0.5, 0.999), eps=1e-7)),
        tl.Update("G", "loss_g", ["generator"], lambda p: torch.optim.Adam(p, lr=0.0002, betas=(0.5, 0.999), eps=1e-7)),
    ]

    # the previews: written as PNG (images) or CSV (points) files under OUT/previews
    PREVIEWS = [
        tl.Preview("real", "preview_real", "images"),
        tl.Preview("generated", "preview_generated", "images"),
        tl.Preview("the same z every time", "preview_the_same_z_every_time", "images"),
        tl.Preview("one walk per row", "preview_one_walk_per_row", "images"),
    ]

    def make_models(self):
        return {"generator": Generator(), "discriminator": Discriminator(self.rng)}

    def loss_d(self, m):
        """The loss update "D" minimises over the weights of "discriminator", evaluated afresh: a new batch, new noise."""
        real_x, real_label = tl.image_batch(self.data["mnist-train"], self.rng, self.batch, "[-1,1]", "class ids")
        z = tl.normal((self.batch, 100), self.rng.seed())  # [64, 100]
        d_real = m["discriminator"](real_x)  # [64, 1]
        g = m["generator"](z)  # [64, 28, 28, 1]
        d_real_loss = tl.reduce_loss(tl.bce_from_logits(d_real, 1), "mean")  # []
        d_fake = m["discriminator"](g)  # [64, 1]
        d_fake_loss = tl.reduce_loss(tl.bce_from_logits(d_fake, 0), "mean")  # []
        d_loss = d_real_loss + d_fake_loss  # []
        return d_loss

    def loss_g(self, m):
        """The loss update "G" minimises over the weights of "generator", evaluated afresh: a new batch, new noise."""
        z = tl.normal((self.batch, 100), self.rng.seed())  # [64, 100]
        g = m["generator"](z)  # [64, 28, 28, 1]
        d_fake = m["discriminator"](g)  # [64, 1]
        g_loss = tl.reduce_loss(tl.bce_from_logits(d_fake, 1), "mean")  # []
        return g_loss

    def preview_real(self, m):
        """What the preview "real" shows, evaluated with training off."""
        real_x, real_label = tl.image_batch(self.data["mnist-train"], self.rng, self.batch, "[-1,1]", "class ids")
        return tl.image_grid(real_x, 64, "[-1,1]")

    def preview_generated(self, m):
        """What the preview "generated" shows, evaluated with training off."""
        z = tl.normal((self.batch, 100), self.rng.seed())  # [64, 100]
        g = m["generator"](z)  # [64, 28, 28, 1]
        return tl.image_grid(g, 64, "[-1,1]")

    def preview_the_same_z_every_time(self, m):
        """What the preview "the same z every time" shows, evaluated with training off."""
        fixed_z = tl.normal_values(6400, 1).reshape(64, 100).to(tl.DEVICE)  # [64, 100]
        g_fixed = m["generator"](fixed_z)  # [64, 28, 28, 1]
        return tl.image_grid(g_fixed, 64, "[-1,1]")

    def preview_one_walk_per_row(self, m):
        """What the preview "one walk per row" shows, evaluated with training off."""
        walks = tl.latent_interpolation(8, (100,), 1, "spherical")  # [64, 100]
        g_walk = m["generator"](walks)  # [64, 28, 28, 1]
        return tl.image_grid(g_walk, 64, "[-1,1]")


if __name__ == "__main__":
    tl.main(Training)
