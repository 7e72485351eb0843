"""The training loop shared by the Bernoulli VAE twins (vae_mlp.py, vae.py). UNTESTED (no PyTorch here).

Loss = the templates' negative ELBO in nats: BCE-with-logits of the decoder's logits against the
input pixels in [0, 1], summed over pixels, plus KL(q(z|x) || N(0, I)) summed over latent dims, both
averaged over the batch; one z per image (single-sample estimate). Adam lr 1e-3 over encoder and
decoder, batch 128, a fresh random batch per iteration.
"""
import torch
import torch.nn.functional as F

from common import Batches, Clock, adam, base_args, kl_normal, load_mnist, reparameterize, save_images, setup


def negative_elbo(encoder, decoder, x):
    mu, logvar = encoder(x)
    logits = decoder(reparameterize(mu, logvar))
    recon = F.binary_cross_entropy_with_logits(logits, x, reduction='none').flatten(1).sum(1).mean()
    return recon + kl_normal(mu, logvar)


def run(description, encoder, decoder, latent):
    args = base_args(description, batch=128, steps=10000).parse_args()
    device = setup(args)
    encoder, decoder = encoder.to(device), decoder.to(device)
    train = Batches(load_mnist(args.data, 'train', device), '[0,1]')
    test = Batches(load_mnist(args.data, 'test', device), '[0,1]')
    opt = adam(list(encoder.parameters()) + list(decoder.parameters()), 1e-3)
    clock = Clock(device, args.steps)
    for step in range(args.steps):
        loss = negative_elbo(encoder, decoder, train.draw(args.batch))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        clock.tick(step, neg_elbo=loss)
    clock.done()
    encoder.eval(), decoder.eval()
    with torch.no_grad():
        # as bench/quality.ts does: 20 random test batches of 500, mean and standard error over batches
        values = torch.stack([negative_elbo(encoder, decoder, test.draw(500)) for _ in range(20)])
        print(f'negative ELBO on the test split: {values.mean().item():.2f} ± {(values.std() / values.numel() ** 0.5).item():.2f} nats '
              '(single-sample estimate)', flush=True)
    save_images(args.out, lambda n: torch.sigmoid(decoder(torch.randn(n, latent, device=device))), args.samples, args.sample_batch)
