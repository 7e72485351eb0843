"""Conditional DCGAN on MNIST: a Tensorloom graph as a PyTorch training program.

A class-conditional GAN (Mirza and Osindero 2014) on the DCGAN layout: the generator is asked for a digit (a random class id while training) and the discriminator judges whether an image is a real example of the digit it claims to be; both embed the class id (an Embedding layer) and combine it with their other input. The preview asks for each digit ten times, one row per digit, so you can watch every class take shape.

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
        tl.Preview("one row per digit", "preview_one_row_per_digit", "images"),
    ]

    def make_models(self):
        return {"generator": Generator(), "discriminator": Discriminator(self.rng)}

    def loss_d(self, m):
        """The loss update "D" minimises over the weights of "discriminator", evaluated afresh: a new batch, new noise."""
        real_x, real_label = tl.image_batch(self.data["mnist-train"], self.rng, self.batch, "[-1,1]", "class ids")
        z = tl.normal((self.batch, 100), self.rng.seed())  # [64, 100]
        asked_digit = tl.draw_class_ids(self.rng, self.batch, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1])  # [64]
        d_real = m["discriminator"](real_x, real_label)  # [64, 1]
        g = m["generator"](z, asked_digit)  # [64, 28, 28, 1]
        d_real_loss = tl.reduce_loss(tl.bce_from_logits(d_real, 1), "mean")  # []
        d_fake = m["discriminator"](g, asked_digit)  # [64, 1]
        d_fake_loss = tl.reduce_loss(tl.bce_from_logits(d_fake, 0), "mean")  # []
        d_loss = d_real_loss + d_fake_loss  # []
        return d_loss

    def loss_g(self, m):
        """The loss update "G" minimises over the weights of "generator", evaluated afresh: a new batch, new noise."""
        z = tl.normal((self.batch, 100), self.rng.seed())  # [64, 100]
        asked_digit = tl.draw_class_ids(self.rng, self.batch, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1])  # [64]
        g = m["generator"](z, asked_digit)  # [64, 28, 28, 1]
        d_fake = m["discriminator"](g, asked_digit)  # [64, 1]
        g_loss = tl.reduce_loss(tl.bce_from_logits(d_fake, 1), "mean")  # []
        return g_loss

    def preview_real(self, m):
        """What the preview "real" shows, evaluated with training off."""
        real_x, real_label = tl.image_batch(self.data["mnist-train"], self.rng, self.batch, "[-1,1]", "class ids")
        return tl.image_grid(real_x, 64, "[-1,1]")

    def preview_one_row_per_digit(self, m):
        """What the preview "one row per digit" shows, evaluated with training off."""
        preview_z = tl.normal((100, 100), self.rng.seed())  # [100, 100]
        digits_0_9 = tl.constant([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9], "int32")  # [100]
        g_rows = m["generator"](preview_z, digits_0_9)  # [100, 28, 28, 1]
        return tl.image_grid(g_rows, 100, "[-1,1]")


if __name__ == "__main__":
    tl.main(Training)
