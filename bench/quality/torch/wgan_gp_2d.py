"""PyTorch twin of templates/wgan-gp-2d.json, WGAN-GP on the 2-D ring of Gaussians.

Generator: z[8] -> Dense 128 relu -> Dense 128 relu -> Dense 2.
Critic: x[2] -> Dense 128 relu -> Dense 128 relu -> Dense 1 (a score, no sigmoid).
Data: as gan_2d.py (8 modes on a circle of radius 2, noise 0.05), a fresh batch of 128 per update.
One iteration = 5 critic updates (order 0), then one generator update; Adam lr 5e-4, betas (0.5, 0.9).
Critic loss: -mean D(real) + mean D(fake) + 10 * mean((|grad D(x_hat)| - 1)^2), x_hat = e*real +
(1-e)*fake with e ~ U[0,1) per sample, the norm with 1e-12 under the root as the product has it.
Generator loss: -mean D(G(z)).

  python3 bench/quality/torch/wgan_gp_2d.py --steps 2000 --seed 1
prints the ring error (mean distance of 512 generated points from the circle) every 500 iterations.
"""
import argparse

import torch

from common import adam
from gan_2d import Z, RADIUS, mlp, ring


def gradient_penalty(D, real, fake, weight=10.0):
    eps = torch.rand(real.shape[0], 1)
    x = (eps * real + (1 - eps) * fake).requires_grad_(True)
    (g,) = torch.autograd.grad(D(x).sum(), x, create_graph=True)
    return weight * ((g.pow(2).sum(1) + 1e-12).sqrt() - 1).pow(2).mean()


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--steps', type=int, default=2000)
    p.add_argument('--seed', type=int, default=1)
    p.add_argument('--batch', type=int, default=128)
    a = p.parse_args()
    torch.manual_seed(a.seed)
    G, D = mlp(Z, 2), mlp(2, 1)
    opt_d, opt_g = adam(D.parameters(), 5e-4, beta1=0.5, beta2=0.9), adam(G.parameters(), 5e-4, beta1=0.5, beta2=0.9)

    def ring_error():
        with torch.no_grad():
            return (G(torch.randn(512, Z)).norm(dim=1) - RADIUS).abs().mean().item()

    print(f'iteration 0: ring error {ring_error():.4f}')
    for it in range(1, a.steps + 1):
        for _ in range(5):
            real, fake = ring(a.batch, 'cpu'), G(torch.randn(a.batch, Z)).detach()
            loss = -D(real).mean() + D(fake).mean() + gradient_penalty(D, real, fake)
            opt_d.zero_grad()
            loss.backward()
            opt_d.step()
        g_loss = -D(G(torch.randn(a.batch, Z))).mean()
        opt_g.zero_grad()
        g_loss.backward()
        opt_g.step()
        if it % 500 == 0 or it == a.steps:
            print(f'iteration {it}: ring error {ring_error():.4f}  D {loss.item():.4f}  G {g_loss.item():.4f}')


if __name__ == '__main__':
    main()
