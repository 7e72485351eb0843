"""Convolutional VAE on MNIST: a Tensorloom graph as a PyTorch training program.

A variational autoencoder (Kingma & Welling 2013): the encoder squeezes each digit into a 16-number Gaussian (mu, logvar), the reparameterisation node draws z from it, and the decoder redraws the digit; training minimises the reconstruction error summed over pixels plus the KL term that keeps z close to N(0, I). For a 2-D latent space set 16 to 2 in the mu and logvar heads, the decoder input and the prior.

Train with `python train.py --steps 1000 --out run`, or in N processes (GPUs, or CPU cores with gloo)
with `torchrun --nproc_per_node=N train.py --steps 1000 --out run`; `python train.py --help` lists the rest.
"""

import torch

import tensorloom_runtime as tl
from models import Decoder, Encoder, SideBySide


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
        tl.Preview("prior samples", "preview_prior_samples", "images"),
        tl.Preview("reconstructions", "preview_reconstructions", "images"),
    ]

    def make_models(self):
        return {"encoder": Encoder(), "decoder": Decoder(), "side_by_side": SideBySide()}

    def loss_vae(self, m):
        """The loss update "VAE" minimises over the weights of "encoder" and "decoder", evaluated afresh: a new batch, new noise."""
        data_x, data_label = tl.image_batch(self.data["mnist-train"], self.rng, self.batch, "[0,1]", "class ids")
        enc_mu, enc_logvar = m["encoder"](data_x)
        z = tl.reparameterize(enc_mu, enc_logvar, self.rng.seed())  # [128, 16]
        kl = tl.kl_to_normal(enc_mu, enc_logvar)  # []
        dec_logits, dec_image = m["decoder"](z)
        reconstruction = tl.reduce_loss(tl.bce_from_logits(dec_logits, data_x), "sumPerSample")  # []
        neg_elbo = reconstruction + kl  # []
        return neg_elbo

    def preview_prior_samples(self, m):
        """What the preview "prior samples" shows, evaluated with training off."""
        z_p = tl.normal((64, 16), self.rng.seed())  # [64, 16]
        dec_prior_logits, dec_prior_image = m["decoder"](z_p)
        return tl.image_grid(dec_prior_image, 64, "[0,1]")

    def preview_reconstructions(self, m):
        """What the preview "reconstructions" shows, evaluated with training off."""
        data_x, data_label = tl.image_batch(self.data["mnist-train"], self.rng, self.batch, "[0,1]", "class ids")
        enc_mu, enc_logvar = m["encoder"](data_x)
        z = tl.reparameterize(enc_mu, enc_logvar, self.rng.seed())  # [128, 16]
        dec_logits, dec_image = m["decoder"](z)
        pairs = m["side_by_side"](data_x, dec_image)  # [128, 56, 28, 1]
        return tl.image_grid(pairs, 32, "[0,1]")


if __name__ == "__main__":
    tl.main(Training)
