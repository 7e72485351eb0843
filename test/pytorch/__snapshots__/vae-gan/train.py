"""VAE-GAN on MNIST: a Tensorloom graph as a PyTorch training program.

VAE-GAN (Larsen et al. 2016): a VAE whose decoder is also a GAN generator, and whose reconstruction error is measured on the discriminator's inner features (Dis_l) instead of on pixels, which gives sharper images. Three optimizers take turns: the encoder minimises KL + L_llike, the decoder γ·L_llike (γ = 0.01) plus fooling D on reconstructions and on prior samples, and D tells real digits from both.

Train with `python train.py --steps 1000 --out run`, or in N processes (GPUs, or CPU cores with gloo)
with `torchrun --nproc_per_node=N train.py --steps 1000 --out run`; `python train.py --help` lists the rest.
"""

import torch

import tensorloom_runtime as tl
from models import Decoder, Discriminator, Encoder, SideBySide


class Training(tl.Training):
    """Everything a run of the graph holds: its models, one optimizer per update, the stream, the data."""

    DATASETS = ["mnist-train"]
    # the batch of every node the updates draw from; --batch-size sets it (per process under torchrun)
    BATCH = 64
    # in the order an iteration runs them: name, loss method, the models it changes, their optimizer
    UPDATES = [
        tl.Update("encoder", "loss_encoder", ["encoder"], lambda p: torch.optim.Adam(p, lr=0.0002, betas=(0.5, 0.999), eps=1e-7)),
        tl.Update("decoder", "loss_decoder", ["decoder"], lambda p: torch.optim.Adam(p, lr=0.0002, betas=(0.5, 0.999), eps=1e-7)),
        tl.Update("D", "loss_d", ["discriminator"], lambda p: torch.optim.Adam(p, lr=0.0002, betas=(0.5, 0.999), eps=1e-7)),
    ]

    # the previews: written as PNG (images) or CSV (points) files under OUT/previews
    PREVIEWS = [
        tl.Preview("prior samples", "preview_prior_samples", "images"),
        tl.Preview("reconstructions", "preview_reconstructions", "images"),
    ]

    def make_models(self):
        return {"encoder": Encoder(), "decoder": Decoder(), "discriminator": Discriminator(), "side_by_side": SideBySide()}

    def loss_encoder(self, m):
        """The loss update "encoder" minimises over the weights of "encoder", evaluated afresh: a new batch, new noise."""
        data_x, data_label = tl.image_batch(self.data["mnist-train"], self.rng, self.batch, "[-1,1]", "class ids")
        enc_mu, enc_logvar = m["encoder"](data_x)
        d_real_features, d_real_logit = m["discriminator"](data_x)
        z = tl.reparameterize(enc_mu, enc_logvar, self.rng.seed())  # [64, 16]
        kl = tl.kl_to_normal(enc_mu, enc_logvar)  # []
        dec = m["decoder"](z)  # [64, 28, 28, 1]
        d_recon_features, d_recon_logit = m["discriminator"](dec)
        feature_error = tl.reduce_loss((d_recon_features - d_real_features).square(), "sumPerSample")  # []
        l_llike = 0.5 * feature_error  # []
        encoder_loss = kl + l_llike  # []
        return encoder_loss

    def loss_decoder(self, m):
        """The loss update "decoder" minimises over the weights of "decoder", evaluated afresh: a new batch, new noise."""
        data_x, data_label = tl.image_batch(self.data["mnist-train"], self.rng, self.batch, "[-1,1]", "class ids")
        z_p = tl.normal((self.batch, 16), self.rng.seed())  # [64, 16]
        enc_mu, enc_logvar = m["encoder"](data_x)
        d_real_features, d_real_logit = m["discriminator"](data_x)
        dec_prior = m["decoder"](z_p)  # [64, 28, 28, 1]
        z = tl.reparameterize(enc_mu, enc_logvar, self.rng.seed())  # [64, 16]
        d_prior_features, d_prior_logit = m["discriminator"](dec_prior)
        dec = m["decoder"](z)  # [64, 28, 28, 1]
        g_fool_prior = tl.reduce_loss(tl.bce_from_logits(d_prior_logit, 1), "mean")  # []
        d_recon_features, d_recon_logit = m["discriminator"](dec)
        feature_error = tl.reduce_loss((d_recon_features - d_real_features).square(), "sumPerSample")  # []
        g_fool_recon = tl.reduce_loss(tl.bce_from_logits(d_recon_logit, 1), "mean")  # []
        l_llike = 0.5 * feature_error  # []
        decoder_loss = 0.01 * l_llike + g_fool_recon + g_fool_prior  # []
        return decoder_loss

    def loss_d(self, m):
        """The loss update "D" minimises over the weights of "discriminator", evaluated afresh: a new batch, new noise."""
        data_x, data_label = tl.image_batch(self.data["mnist-train"], self.rng, self.batch, "[-1,1]", "class ids")
        z_p = tl.normal((self.batch, 16), self.rng.seed())  # [64, 16]
        enc_mu, enc_logvar = m["encoder"](data_x)
        d_real_features, d_real_logit = m["discriminator"](data_x)
        dec_prior = m["decoder"](z_p)  # [64, 28, 28, 1]
        z = tl.reparameterize(enc_mu, enc_logvar, self.rng.seed())  # [64, 16]
        d_real_loss = tl.reduce_loss(tl.bce_from_logits(d_real_logit, 1), "mean")  # []
        d_prior_features, d_prior_logit = m["discriminator"](dec_prior)
        dec = m["decoder"](z)  # [64, 28, 28, 1]
        d_prior_loss = tl.reduce_loss(tl.bce_from_logits(d_prior_logit, 0), "mean")  # []
        d_recon_features, d_recon_logit = m["discriminator"](dec)
        d_recon_loss = tl.reduce_loss(tl.bce_from_logits(d_recon_logit, 0), "mean")  # []
        d_loss = d_real_loss + 0.5 * d_recon_loss + 0.5 * d_prior_loss  # []
        return d_loss

    def preview_prior_samples(self, m):
        """What the preview "prior samples" shows, evaluated with training off."""
        z_p = tl.normal((self.batch, 16), self.rng.seed())  # [64, 16]
        dec_prior = m["decoder"](z_p)  # [64, 28, 28, 1]
        return tl.image_grid(dec_prior, 64, "[-1,1]")

    def preview_reconstructions(self, m):
        """What the preview "reconstructions" shows, evaluated with training off."""
        data_x, data_label = tl.image_batch(self.data["mnist-train"], self.rng, self.batch, "[-1,1]", "class ids")
        enc_mu, enc_logvar = m["encoder"](data_x)
        z = tl.reparameterize(enc_mu, enc_logvar, self.rng.seed())  # [64, 16]
        dec = m["decoder"](z)  # [64, 28, 28, 1]
        pairs = m["side_by_side"](data_x, dec)  # [64, 56, 28, 1]
        return tl.image_grid(pairs, 32, "[-1,1]")


if __name__ == "__main__":
    tl.main(Training)
