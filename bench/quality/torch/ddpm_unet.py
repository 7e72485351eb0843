"""PyTorch twin of templates/ddpm-unet.json (Ho et al. 2020).

U-Net eps-predictor on 28x28x1, NCHW here, NHWC in tfjs:
  time: sinusoidal embedding dim 32 ([sin(t f_i), cos(t f_i)], f_i = 10000^(-i/16)) -> Dense 128 -> swish
        -> Dense 128 -> swish = temb
  res(x, cout): h = Conv3(swish(GN(x))); h += Dense_cout(temb); h = Conv3(Dropout 0.1(swish(GN(h))));
        out = h + (x if channels match else Conv1x1(x))                 (GN: 8 groups, eps 1e-5)
  attn(x): y = GN(x); out = y + Out(softmax(Q(y) K(y)^T / sqrt(c)) V(y)), 1 head; the residual adds the
        *normalised* y (the template wires GroupNorm -> SelfAttention2D, whose own residual is its input);
        Q, V, Out have biases, K has none (nodes/layers/custom/self-attention-2d.ts)
  conv_in 32 -> d1 = res(32) [28] -> d2 = res(Conv3 s2 32, 64) [14] -> d3 = attn(res(Conv3 s2 64, 64)) [7]
  -> m = res(attn(res(d3, 64)), 64)
  -> u3 = attn(res(cat(m, d3), 64)) -> u2 = res(cat(Conv3 64(up2(u3)), d2), 64)
  -> u1 = res(cat(Conv3 64(up2(u2)), d1), 32) -> Conv3 1(swish(GN(u1))) = eps
  (up2: nearest-neighbour x2; all convs 'same'; strided 3x3 convs pad like TF: 0 before, 1 after)
Training: linear betas 1e-4..0.02, T = 1000; t uniform on 0..T-1 per image; x_t = sqrt(abar_t) x0 +
sqrt(1 - abar_t) eps; loss = mean squared error to eps over all values; Adam lr 1e-3; batch 128;
data in [-1, 1]. Dropout is active in training, off when sampling.
Samples: the 'ddim_samples' preview: DDIM, 50 steps (timesteps floor(i T / 50)), eta 0, x0 clipped to
[-1, 1] with eps recomputed from the clipped x0; `--sampler ddpm` gives the 'ddpm_samples' preview
(1000 ancestral steps, sigma^2 = posterior variance, clipped x0). Images mapped to [0, 1].

  python3 bench/quality/torch/ddpm_unet.py --steps 20000 --out runs/torch-ddpm.npy
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from common import Batches, SameConv2d, Trainer, adam, base_args, keras_init, load_mnist, save_images, setup, train_loop

T, BETA_START, BETA_END, TIME_DIM, TIME_UNITS = 1000, 1e-4, 0.02, 32, 128


def gn(c):
    return nn.GroupNorm(8, c, eps=1e-5)


def timestep_embedding(t, dim=TIME_DIM, max_period=10000.0):
    half = dim // 2
    freqs = torch.exp(-math.log(max_period) * torch.arange(half, device=t.device, dtype=torch.float32) / half)
    angles = t.float().view(-1, 1) * freqs.view(1, -1)
    return torch.cat([torch.sin(angles), torch.cos(angles)], dim=1)


class Res(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.norm1, self.conv1 = gn(cin), SameConv2d(cin, cout, 3)
        self.time = nn.Linear(TIME_UNITS, cout)
        self.norm2, self.drop, self.conv2 = gn(cout), nn.Dropout(0.1), SameConv2d(cout, cout, 3)
        self.skip = SameConv2d(cin, cout, 1) if cin != cout else None

    def forward(self, x, temb):
        h = self.conv1(F.silu(self.norm1(x))) + self.time(temb)[:, :, None, None]
        h = self.conv2(self.drop(F.silu(self.norm2(h))))
        return h + (self.skip(x) if self.skip is not None else x)


class Attn(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.norm = gn(c)
        self.q, self.k, self.v, self.out = nn.Linear(c, c), nn.Linear(c, c, bias=False), nn.Linear(c, c), nn.Linear(c, c)

    def forward(self, x):
        y = self.norm(x)
        b, c, h, w = y.shape
        pixels = y.flatten(2).transpose(1, 2)  # [b, h*w, c]
        weights = torch.softmax(self.q(pixels) @ self.k(pixels).transpose(1, 2) / math.sqrt(c), dim=-1)
        mixed = self.out(weights @ self.v(pixels))
        return y + mixed.transpose(1, 2).reshape(b, c, h, w)


class UNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.time = nn.Sequential(nn.Linear(TIME_DIM, TIME_UNITS), nn.SiLU(), nn.Linear(TIME_UNITS, TIME_UNITS), nn.SiLU())
        self.conv_in = SameConv2d(1, 32, 3)
        self.down1 = Res(32, 32)
        self.down2_downsample, self.down2 = SameConv2d(32, 32, 3, 2), Res(32, 64)
        self.down3_downsample, self.down3, self.down3_attn = SameConv2d(64, 64, 3, 2), Res(64, 64), Attn(64)
        self.mid1, self.mid_attn, self.mid2 = Res(64, 64), Attn(64), Res(64, 64)
        self.up3, self.up3_attn = Res(128, 64), Attn(64)
        self.up2_upconv, self.up2 = SameConv2d(64, 64, 3), Res(128, 64)
        self.up1_upconv, self.up1 = SameConv2d(64, 64, 3), Res(96, 32)
        self.out_norm, self.out_conv = gn(32), SameConv2d(32, 1, 3)
        keras_init(self)

    def forward(self, x, t):
        temb = self.time(timestep_embedding(t))
        d1 = self.down1(self.conv_in(x), temb)
        d2 = self.down2(self.down2_downsample(d1), temb)
        d3 = self.down3_attn(self.down3(self.down3_downsample(d2), temb))
        m = self.mid2(self.mid_attn(self.mid1(d3, temb)), temb)
        u3 = self.up3_attn(self.up3(torch.cat([m, d3], 1), temb))
        up = lambda h: F.interpolate(h, scale_factor=2, mode='nearest')
        u2 = self.up2(torch.cat([self.up2_upconv(up(u3)), d2], 1), temb)
        u1 = self.up1(torch.cat([self.up1_upconv(up(u2)), d1], 1), temb)
        return self.out_conv(F.silu(self.out_norm(u1)))


def schedule(device):
    betas = torch.linspace(BETA_START, BETA_END, T, dtype=torch.float64)
    abar = torch.cumprod(1 - betas, 0)
    abar_prev = torch.cat([torch.ones(1, dtype=torch.float64), abar[:-1]])
    return {
        'betas': betas, 'abar': abar, 'abar_prev': abar_prev,
        'post_var': betas * (1 - abar_prev) / (1 - abar),
        'post_c1': betas * abar_prev.sqrt() / (1 - abar),
        'post_c2': (1 - abar_prev) * (1 - betas).sqrt() / (1 - abar),
        'device': device,
    }


def at(s, name, t):
    return float(s[name][t])


def predicted_x0(net, s, x, t, clip=True):
    eps = net(x, torch.full((x.shape[0],), t, device=x.device, dtype=torch.float32))
    a = at(s, 'abar', t)
    x0 = (x - math.sqrt(1 - a) * eps) / math.sqrt(a)
    if clip:
        x0 = x0.clamp(-1, 1)
        eps = (x - math.sqrt(a) * x0) / math.sqrt(1 - a)
    return x0, eps


@torch.no_grad()
def ddim(net, s, n, steps=50, device='cuda'):
    ts = [(i * T) // steps for i in range(steps)]
    x = torch.randn(n, 1, 28, 28, device=device)
    for i in range(steps - 1, -1, -1):
        x0, eps = predicted_x0(net, s, x, ts[i])
        a_prev = at(s, 'abar', ts[i - 1]) if i > 0 else 1.0
        x = math.sqrt(a_prev) * x0 + math.sqrt(max(0.0, 1 - a_prev)) * eps  # eta = 0: no fresh noise
    return x


@torch.no_grad()
def ddpm(net, s, n, device='cuda'):
    x = torch.randn(n, 1, 28, 28, device=device)
    for t in range(T - 1, -1, -1):
        x0, _ = predicted_x0(net, s, x, t)
        x = at(s, 'post_c1', t) * x0 + at(s, 'post_c2', t) * x
        if t > 0:
            x = x + math.sqrt(at(s, 'post_var', t)) * torch.randn_like(x)
    return x


def make_trainer(batch, device, data_dir, sampler='ddim'):
    data = Batches(load_mnist(data_dir, 'train', device), '[-1,1]')
    s = schedule(device)
    sqrt_abar = s['abar'].sqrt().float().to(device)
    sqrt_1m_abar = (1 - s['abar']).sqrt().float().to(device)
    net = UNet().to(device)
    opt = adam(net.parameters(), 1e-3)

    def step():
        x0 = data.draw(batch)
        t = torch.randint(0, T, (batch,), device=device)
        eps = torch.randn_like(x0)
        xt = sqrt_abar[t].view(-1, 1, 1, 1) * x0 + sqrt_1m_abar[t].view(-1, 1, 1, 1) * eps
        loss = F.mse_loss(net(xt, t.float()), eps)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        return {'mse': loss.detach()}

    make = (lambda n: ddim(net, s, n, device=device)) if sampler == 'ddim' else (lambda n: ddpm(net, s, n, device=device))
    return Trainer(step, {'unet': net}, lambda n: (make(n) + 1) / 2)


def main():
    p = base_args('PyTorch twin of the DDPM U-Net template', batch=128, steps=20000)
    p.add_argument('--sampler', choices=['ddim', 'ddpm'], default='ddim')
    args = p.parse_args()
    device = setup(args)
    trainer = make_trainer(args.batch, device, args.data, args.sampler)
    train_loop(trainer, device, args.steps, args.metrics)
    save_images(args.out, trainer.sample, args.samples, args.sample_batch)


if __name__ == '__main__':
    main()
