"""The training loop shared by the Bernoulli VAE twins (vae_mlp.py, vae.py).

Loss = the templates' negative ELBO in nats: BCE-with-logits of the decoder's logits against the
input pixels in [0, 1], summed over pixels, plus KL(q(z|x) || N(0, I)) summed over latent dims, both
averaged over the batch; one z per image (single-sample estimate). Adam lr 1e-3 over encoder and
decoder, batch 128, a fresh random batch per iteration.
"""
import torch
import torch.nn.functional as F

from common import Batches, Trainer, adam, base_args, kl_normal, load_mnist, reparameterize, save_images, setup, train_loop


def negative_elbo(encoder, decoder, x):
    mu, logvar = encoder(x)
    logits = decoder(reparameterize(mu, logvar))
    recon = F.binary_cross_entropy_with_logits(logits, x, reduction='none').flatten(1).sum(1).mean()
    return recon + kl_normal(mu, logvar)


def make_vae_trainer(encoder, decoder, latent, batch, device, data_dir):
    encoder, decoder = encoder.to(device), decoder.to(device)
    train = Batches(load_mnist(data_dir, 'train', device), '[0,1]')
    opt = adam(list(encoder.parameters()) + list(decoder.parameters()), 1e-3)

    def step():
        loss = negative_elbo(encoder, decoder, train.draw(batch))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        return {'neg_elbo': loss.detach()}

    return Trainer(step, {'encoder': encoder, 'decoder': decoder}, lambda n: torch.sigmoid(decoder(torch.randn(n, latent, device=device))))


def run(description, make_trainer):
    args = base_args(description, batch=128, steps=10000).parse_args()
    device = setup(args)
    trainer = make_trainer(args.batch, device, args.data)
    train_loop(trainer, device, args.steps, args.metrics)
    encoder, decoder = trainer.models['encoder'], trainer.models['decoder']
    test = Batches(load_mnist(args.data, 'test', device), '[0,1]')
    with torch.no_grad():
        # as bench/quality.ts does: 20 random test batches of 500, mean and standard error over batches
        values = torch.stack([negative_elbo(encoder, decoder, test.draw(500)) for _ in range(20)])
        print(f'negative ELBO on the test split: {values.mean().item():.2f} ± {(values.std() / values.numel() ** 0.5).item():.2f} nats '
              '(single-sample estimate)', flush=True)
    save_images(args.out, trainer.sample, args.samples, args.sample_batch)
