"""MLP VAE on MNIST: a Tensorloom graph as a PyTorch training program.

The variational autoencoder of Kingma & Welling (2013) with one hidden layer of 400 units and a 20-dimensional latent: the encoder gives mu and log-variance, the reparameterisation node draws z, the decoder gives pixel logits; the loss is the negative ELBO (Bernoulli reconstruction summed over pixels + KL).

Train with `python train.py --steps 1000 --out run`, or in N processes (GPUs, or CPU cores with gloo)
with `torchrun --nproc_per_node=N train.py --steps 1000 --out run`; `python train.py --help` lists the rest.
"""

import torch

import tensorloom_runtime as tl
from models import Decoder, Encoder


class Training(tl.Training):
    """Everything a run of the graph holds: its models, one optimizer per update, the stream, the data."""

    DATASETS = ["mnist-train"]
    # the batch of every node the updates draw from; --batch-size sets it (per process under torchrun)
    BATCH = 128
    # in the order an iteration runs them: name, loss method, the models it changes, their optimizer
    UPDATES = [
        tl.Update("VAE", "loss_vae", ["encoder", "decoder"], lambda p: torch.optim.Adam(p, lr=0.001, betas=(0.9, 0.999), eps=1e-7)),
    ]

    # the previews: written as PNG (images) or CSV (points) files under OUT/previews
    PREVIEWS = [
        tl.Preview("samples", "preview_samples", "images"),
        tl.Preview("the same z every time", "preview_the_same_z_every_time", "images"),
        tl.Preview("interpolations, one per row", "preview_interpolations_one_per_row", "images"),
        tl.Preview("recon_preview", "preview_recon_preview", "images"),
    ]

    def make_models(self):
        return {"encoder": Encoder(), "decoder": Decoder()}

    def loss_vae(self, m):
        """The loss update "VAE" minimises over the weights of "encoder" and "decoder", evaluated afresh: a new batch, new noise."""
        data_x, data_label = tl.image_batch(self.data["mnist-train"], self.rng, self.batch, "[0,1]", "one-hot")
        enc_mu, enc_logvar = m["encoder"](data_x)
        z = tl.reparameterize(enc_mu, enc_logvar, self.rng.seed())  # [128, 20]
        kl = tl.kl_to_normal(enc_mu, enc_logvar)  # []
        dec_logits, dec_image = m["decoder"](z)
        reconstruction = tl.reduce_loss(tl.bce_from_logits(dec_logits, data_x), "sumPerSample")  # []
        elbo = reconstruction + kl  # []
        return elbo

    def preview_samples(self, m):
        """What the preview "samples" shows, evaluated with training off."""
        prior = tl.normal((64, 20), self.rng.seed())  # [64, 20]
        dec_prior_logits, dec_prior_image = m["decoder"](prior)
        return tl.image_grid(dec_prior_image, 64, "[0,1]")

    def preview_the_same_z_every_time(self, m):
        """What the preview "the same z every time" shows, evaluated with training off."""
        fixed_z = tl.normal_values(1280, 1).reshape(64, 20).to(tl.DEVICE)  # [64, 20]
        fixed_call_logits, fixed_call_image = m["decoder"](fixed_z)
        return tl.image_grid(fixed_call_image, 64, "[0,1]")

    def preview_interpolations_one_per_row(self, m):
        """What the preview "interpolations, one per row" shows, evaluated with training off."""
        walks = tl.latent_interpolation(8, (20,), 1, "spherical")  # [64, 20]
        walk_call_logits, walk_call_image = m["decoder"](walks)
        return tl.image_grid(walk_call_image, 64, "[0,1]")

    def preview_recon_preview(self, m):
        """What the preview "recon_preview" shows, evaluated with training off."""
        data_x, data_label = tl.image_batch(self.data["mnist-train"], self.rng, self.batch, "[0,1]", "one-hot")
        enc_mu, enc_logvar = m["encoder"](data_x)
        z = tl.reparameterize(enc_mu, enc_logvar, self.rng.seed())  # [128, 20]
        dec_logits, dec_image = m["decoder"](z)
        return tl.image_grid(dec_image, 64, "[0,1]")


if __name__ == "__main__":
    tl.main(Training)
