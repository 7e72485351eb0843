"""Shared pieces of the PyTorch twins of the Tensorloom templates (bench/quality/torch/*.py).

Each twin trains the architecture of one template the way Tensorloom's trainer does (same layers,
initialisers, optimiser settings, loss reductions, update order, batch sizes) and writes generated
images as a .npy float32 array [n, 1, 28, 28] with pixels in [0, 1], which
`bench/quality.ts --score FILE` scores with the same LeNet as the tfjs runs.

Each twin's `make_trainer(batch, device, data_dir)` returns a Trainer: `step()` runs one iteration
(every update of the template once, in its order) and returns its losses; `models` holds the
networks (the speed benchmark, bench/torch-steps.py, times `step` and counts their parameters).

Keras/tfjs defaults that differ from PyTorch's, and what the twins do about them:
  * kernels: Glorot-uniform in the templates (nodes/layers/common.ts); PyTorch's default is
    Kaiming-uniform(a=sqrt 5) with a uniform bias. `keras_init` sets xavier_uniform_ + zero bias
    (Glorot's limit sqrt(6 / (fan_in + fan_out)) is symmetric in the fans, so the different kernel
    layouts of Conv2d / ConvTranspose2d do not matter).
  * BatchNorm: Keras momentum 0.99 is PyTorch momentum 0.01 (PyTorch weighs the new batch by
    `momentum`); Keras epsilon is 1e-3, PyTorch's 1e-5. `keras_bn` sets both. One difference is
    left: PyTorch updates running_var with the unbiased batch variance, tfjs with the biased one
    (a factor n/(n-1): 64/63 for the DCGAN's BatchNorm1d at batch 64, negligible for 2-D maps).
  * padding 'same': TensorFlow pads odd totals with the extra row at the bottom/right (for a
    stride-2 5x5 conv on 28x28: 1 before, 2 after), PyTorch's `padding=` is symmetric. `SameConv2d`
    pads like TF; `SameConvTranspose2d` uses PyTorch padding = TF's top padding and crops the extra
    last row/column, so the pixel alignment is TF's (padding=2, output_padding=1 is shifted by one).
  * Adam: tfjs epsilon 1e-7 (the template default), PyTorch 1e-8. `adam` passes 1e-7.
  * layouts: tfjs is NHWC, PyTorch NCHW. Flatten/Reshape orders differ, which only permutes the
    units of the dense layer next to them: the same function class, trained from scratch.
  * random batches: Tensorloom draws `batch` distinct training images per update, independently
    per update (no epochs); `Batches.draw` does the same.
"""
import argparse
import json
import math
import os
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

HEADER_BYTES = 28  # 'TLDS' + uint32 version, count, height, width, channels, classes (src/runtime/datasets/format.ts)


def load_mnist(data_dir, split, device):
    """uint8 [n, 1, 28, 28] on the device, from public/data/mnist-{split}.bin (built by `npm run data`)."""
    raw = np.fromfile(os.path.join(data_dir, f'mnist-{split}.bin'), dtype=np.uint8)
    if raw[:4].tobytes() != b'TLDS':
        raise SystemExit(f'{data_dir}/mnist-{split}.bin is not a Tensorloom dataset file')
    _version, count, h, w, c, _classes = np.frombuffer(raw[4:HEADER_BYTES].tobytes(), dtype='<u4')
    pixels = raw[HEADER_BYTES:HEADER_BYTES + count * h * w * c].reshape(count, h, w, c)
    return torch.from_numpy(pixels.copy()).permute(0, 3, 1, 2).contiguous().to(device)


def load_mnist_labels(data_dir, split, device):
    """int64 [n] class ids on the device: the labels that follow the pixels in mnist-{split}.bin."""
    raw = np.fromfile(os.path.join(data_dir, f'mnist-{split}.bin'), dtype=np.uint8)
    _version, count, h, w, c, _classes = np.frombuffer(raw[4:HEADER_BYTES].tobytes(), dtype='<u4')
    start = HEADER_BYTES + count * h * w * c
    return torch.from_numpy(raw[start:start + count].astype(np.int64)).to(device)


class Batches:
    """Random batches of distinct images, scaled like the data node's `normalize` param."""

    def __init__(self, pixels, normalize):
        self.pixels, self.normalize = pixels, normalize

    def draw(self, batch):
        idx = torch.randperm(self.pixels.shape[0], device=self.pixels.device)[:batch]
        return self.scale(self.pixels[idx])

    def scale(self, pixels):
        x = pixels.float()
        return x / 127.5 - 1 if self.normalize == '[-1,1]' else x / 255


def keras_init(module):
    for m in module.modules():
        if isinstance(m, (nn.Linear, nn.Conv2d, nn.ConvTranspose2d)):
            nn.init.xavier_uniform_(m.weight)
            if m.bias is not None:
                nn.init.zeros_(m.bias)
    return module


def keras_bn(channels, dims=2):
    cls = nn.BatchNorm2d if dims == 2 else nn.BatchNorm1d
    return cls(channels, momentum=0.01, eps=1e-3)


def adam(params, lr, beta1=0.9, beta2=0.999):
    return torch.optim.Adam(params, lr=lr, betas=(beta1, beta2), eps=1e-7)


def bce_logits(logits, target_value):
    """losses.bceLogits with target 'ones'/'zeros' and reduction 'mean'."""
    return F.binary_cross_entropy_with_logits(logits, torch.full_like(logits, float(target_value)))


def kl_normal(mu, logvar):
    """losses.klNormal: KL(N(mu, exp logvar) || N(0, 1)) summed over latent dims, mean over the batch."""
    return (-0.5 * (1 + logvar - mu.pow(2) - logvar.exp())).sum(1).mean()


def reparameterize(mu, logvar):
    return mu + torch.exp(0.5 * logvar) * torch.randn_like(mu)


class SameConv2d(nn.Module):
    """Conv2D with TensorFlow's 'same' padding (extra padding after, when the total is odd)."""

    def __init__(self, cin, cout, k, stride=1, bias=True):
        super().__init__()
        self.k, self.stride = k, stride
        self.conv = nn.Conv2d(cin, cout, k, stride, padding=0, bias=bias)

    def forward(self, x):
        pads = []
        for size in (x.shape[-1], x.shape[-2]):  # F.pad order: last dim first
            out = math.ceil(size / self.stride)
            total = max((out - 1) * self.stride + self.k - size, 0)
            pads += [total // 2, total - total // 2]
        return self.conv(F.pad(x, pads))


class SameConvTranspose2d(nn.Module):
    """Conv2DTranspose with TensorFlow's 'same' padding: output = input * stride, TF's alignment."""

    def __init__(self, cin, cout, k, stride=1, bias=True):
        super().__init__()
        total = max(k - stride, 0)
        self.top = total // 2
        self.extra = total - 2 * self.top  # 0 or 1 row/column past TF's output
        self.conv = nn.ConvTranspose2d(cin, cout, k, stride, padding=self.top, bias=bias)

    def forward(self, x):
        y = self.conv(x)
        if self.extra:
            y = y[..., : y.shape[-2] - self.extra, : y.shape[-1] - self.extra]
        return y


class Reshape(nn.Module):
    def __init__(self, *shape):
        super().__init__()
        self.shape = shape

    def forward(self, x):
        return x.view(x.shape[0], *self.shape)


class Trainer:
    """One iteration of a twin (`step() -> {name: loss}`), its networks, and how to make samples."""

    def __init__(self, step, models, sample=None):
        self.step, self.models, self.sample = step, models, sample

    def parameters(self):
        return {name: sum(p.numel() for p in m.parameters()) for name, m in self.models.items()}


def minimize(opt, loss):
    """One update of `opt` on `loss`; returns the loss, detached."""
    opt.zero_grad(set_to_none=True)
    loss.backward()
    opt.step()
    return loss.detach()


def gan_step(G, D, opt_d, opt_g, real, noise):
    """One iteration of a GAN template: D on real() and G(noise()) with G held, then G on fresh
    noise (the graph evaluates each optimizer's loss afresh); each moves only its own weights."""
    d_loss = minimize(opt_d, bce_logits(D(real()), 1) + bce_logits(D(G(noise()).detach()), 0))
    g_loss = minimize(opt_g, bce_logits(D(G(noise())), 1))
    return {'D': d_loss, 'G': g_loss}


def run_twin(description, make_trainer, batch, steps):
    """The command line of a twin: train, then write samples (see base_args)."""
    args = base_args(description, batch=batch, steps=steps).parse_args()
    device = setup(args)
    trainer = make_trainer(args.batch, device, args.data)
    train_loop(trainer, device, args.steps, args.metrics)
    save_images(args.out, trainer.sample, args.samples, args.sample_batch)


def train_loop(trainer, device, steps, metrics=None):
    """`steps` iterations of a trainer, with the Clock's progress lines and wall time; with `metrics`
    (a path), every iteration's losses as JSON lines {"step": n, name: loss}, n from 0 as the product writes them."""
    for m in trainer.models.values():
        m.train()
    clock = Clock(device, steps)
    lines = open(metrics, 'w') if metrics else None
    for step in range(steps):
        losses = trainer.step()
        clock.tick(step, **losses)
        if lines:
            lines.write(json.dumps({'step': step, **{k: v.item() for k, v in losses.items()}}) + '\n')
    clock.done()
    if lines:
        lines.close()
    for m in trainer.models.values():
        m.eval()


def base_args(description, batch, steps):
    p = argparse.ArgumentParser(description=description)
    p.add_argument('--data', default='public/data', help='folder with mnist-train.bin / mnist-test.bin')
    p.add_argument('--steps', type=int, default=steps, help='training iterations (one update of every optimizer)')
    p.add_argument('--batch', type=int, default=batch)
    p.add_argument('--samples', type=int, default=10000)
    p.add_argument('--sample-batch', type=int, default=500)
    p.add_argument('--seed', type=int, default=1)
    p.add_argument('--out', required=True, help='.npy file for the generated images, [n, 1, 28, 28] float32 in [0, 1]')
    p.add_argument('--device', default='cuda' if torch.cuda.is_available() else 'cpu')
    p.add_argument('--metrics', help='write every iteration\'s losses to this .jsonl file')
    return p


def setup(args):
    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    return torch.device(args.device)


def sync(device):
    if device.type == 'cuda':
        torch.cuda.synchronize()


class Clock:
    """Wall time of the training loop, with a line of losses every `every` iterations."""

    def __init__(self, device, steps, every=500):
        self.device, self.steps, self.every = device, steps, every
        sync(device)
        self.t0 = time.perf_counter()

    def tick(self, step, **losses):
        if (step + 1) % self.every == 0 or step + 1 == self.steps:
            text = ' '.join(f'{k} {v.item():.4f}' for k, v in losses.items())
            print(f'step {step + 1}/{self.steps} {text} {time.perf_counter() - self.t0:.1f} s', flush=True)

    def done(self):
        sync(self.device)
        secs = time.perf_counter() - self.t0
        print(f'trained {self.steps} iterations in {secs:.1f} s ({1000 * secs / max(self.steps, 1):.2f} ms/iteration)', flush=True)
        return secs


@torch.no_grad()
def save_images(path, make_batch, total, batch):
    """Calls make_batch(n) -> images [n, 1, 28, 28] in [0, 1] until `total` images; writes them as .npy."""
    parts, have = [], 0
    while have < total:
        n = min(batch, total - have)
        parts.append(make_batch(n).clamp(0, 1).float().cpu())
        have += n
    images = torch.cat(parts).numpy().astype(np.float32)
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    np.save(path, images)
    print(f'wrote {images.shape[0]} images to {path}; score with: node .gpu/quality.mjs --score {path} (or npx tsx bench/quality.ts --score {path})', flush=True)
