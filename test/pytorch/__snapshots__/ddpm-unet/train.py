"""DDPM U-Net on MNIST: a Tensorloom graph as a PyTorch training program.

A denoising diffusion model (Ho, Jain & Abbeel 2020) that learns to draw MNIST digits. Training: take a batch of digits scaled to [-1, 1], pick a random step t of a 1000-step noising process for each, noise it to x_t in one jump (q_sample), and train the U-Net to predict the noise that was added (MSE). Sampling runs the process backwards: start from pure noise and let the U-Net remove a little of it at a time. The DDIM preview takes 50 big steps; the DDPM preview takes all 1000 small ones and is much slower. Open the 'unet' model to see the network: it reads like the letter U. The down path (left) halves the image from 28x28 to 14x14 to 7x7 while widening the channels (32, 64, 64); the middle (bottom) works at 7x7 with self-attention so distant strokes can agree; the up path (right) doubles the size back and concatenates the down path's feature map of the same size, so fine detail skips the bottleneck. Every residual block adds a projection of the timestep embedding (top row) to its features: the same weights handle every noise level. The residual blocks are models of their own (res32, res64, res64_skip, res32_skip: open one to see its layers), which the U-Net runs with weights of their own at each level: one recipe, eight blocks. Samples start as blobs; it takes a few thousand iterations before they look like digits.

Train with `python train.py --steps 1000 --out run`, or in N processes (GPUs, or CPU cores with gloo)
with `torchrun --nproc_per_node=N train.py --steps 1000 --out run`; `python train.py --help` lists the rest.
"""

import torch

import tensorloom_runtime as tl
from models import Unet


class Training(tl.Training):
    """Everything a run of the graph holds: its models, one optimizer per update, the stream, the data."""

    DATASETS = ["mnist-train"]
    # the batch of every node the updates draw from; --batch-size sets it (per process under torchrun)
    BATCH = 128
    # in the order an iteration runs them: name, loss method, the models it changes, their optimizer
    UPDATES = [
        tl.Update("U-Net", "loss_u_net", ["unet"], lambda p: torch.optim.Adam(p, lr=0.001, betas=(0.9, 0.999), eps=1e-7)),
    ]

    # the previews: written as PNG (images) or CSV (points) files under OUT/previews
    PREVIEWS = [
        tl.Preview("DDIM samples", "preview_ddim_samples", "images"),
        tl.Preview("DDPM samples", "preview_ddpm_samples", "images"),
        tl.Preview("what the U-Net sees", "preview_what_the_u_net_sees", "images"),
    ]

    def make_models(self):
        return {"unet": Unet(self.rng)}

    def loss_u_net(self, m):
        """The loss update "U-Net" minimises over the weights of "unet", evaluated afresh: a new batch, new noise."""
        mnist_x, mnist_label = tl.image_batch(self.data["mnist-train"], self.rng, self.batch, "[-1,1]", "class ids")
        q_sample_xt, q_sample_t, q_sample_eps = tl.diffusion_noising(mnist_x, tl.diffusion_schedule(1000, "linear", 0.0001, 0.02), self.rng)
        predict_noise = m["unet"](q_sample_xt, q_sample_t)  # [128, 28, 28, 1]
        noise_mse = tl.reduce_loss((predict_noise - q_sample_eps).square(), "mean")  # []
        return noise_mse

    def preview_ddim_samples(self, m):
        """What the preview "DDIM samples" shows, evaluated with training off."""
        ddim = tl.ddim_sample(m["unet"], tl.diffusion_schedule(1000, "linear", 0.0001, 0.02), 64, (28, 28, 1), 50, 0, True, self.rng)  # [64, 28, 28, 1]
        return tl.image_grid(ddim, 64, "[-1,1]")

    def preview_ddpm_samples(self, m):
        """What the preview "DDPM samples" shows, evaluated with training off."""
        ddpm = tl.ddpm_sample(m["unet"], tl.diffusion_schedule(1000, "linear", 0.0001, 0.02), 16, (28, 28, 1), True, self.rng)  # [16, 28, 28, 1]
        return tl.image_grid(ddpm, 16, "[-1,1]")

    def preview_what_the_u_net_sees(self, m):
        """What the preview "what the U-Net sees" shows, evaluated with training off."""
        mnist_x, mnist_label = tl.image_batch(self.data["mnist-train"], self.rng, self.batch, "[-1,1]", "class ids")
        q_sample_xt, q_sample_t, q_sample_eps = tl.diffusion_noising(mnist_x, tl.diffusion_schedule(1000, "linear", 0.0001, 0.02), self.rng)
        return tl.image_grid(q_sample_xt, 16, "[-1,1]")


if __name__ == "__main__":
    tl.main(Training)
