"""The pieces every exported Tensorloom graph shares: its random streams, its data, its losses,
the layers PyTorch does not have in the form the graph uses, and the loading of the app's weights.

Every random number is drawn as Tensorloom draws it (the training stream is sfc32, noise and
dropout masks are Philox4x32-10 with Box-Muller), so a run started from the app's weights with the
same seed sees the same batches and the same noise as the app, and trains to the same losses.

Under torchrun every process draws the same stream and keeps its own slice of each batch: the
global batch is the same whatever the number of processes.
"""

import argparse
import contextlib
import functools
import json
import math
import os
import struct
import sys
import zlib

import torch
import torch.distributed as dist
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.parallel import DistributedDataParallel

MASK32 = 0xFFFFFFFF


# ── The training stream ───────────────────────────────────────────────────────────────────────


class Rng:
    """sfc32 seeded through splitmix32: the stream every batch draws from, and every noise tensor
    and dropout mask takes one seed from, in graph order. Its state is four 32-bit words."""

    def __init__(self, seed_or_state):
        if isinstance(seed_or_state, int):
            x = seed_or_state & MASK32
            words = []
            for _ in range(4):
                x = (x + 0x9E3779B9) & MASK32
                z = x
                z = ((z ^ (z >> 16)) * 0x85EBCA6B) & MASK32
                z = ((z ^ (z >> 13)) * 0xC2B2AE35) & MASK32
                words.append((z ^ (z >> 16)) & MASK32)
            self.s = words
            for _ in range(12):
                self.next_uint32()
        else:
            self.s = [int(w) & MASK32 for w in seed_or_state]

    def next_uint32(self):
        s = self.s
        t = (s[0] + s[1] + s[3]) & MASK32
        s[3] = (s[3] + 1) & MASK32
        s[0] = s[1] ^ (s[1] >> 9)
        s[1] = (s[2] + (s[2] << 3)) & MASK32
        s[2] = (((s[2] << 21) | (s[2] >> 11)) + t) & MASK32
        return t

    def next(self):
        """uniform in [0, 1)"""
        return self.next_uint32() / 4294967296

    def seed(self):
        """a seed for one Philox draw"""
        return self.next_uint32() % 2147483646 + 1

    def state(self):
        return list(self.s)


def hash_string(text):
    """FNV-1a over the UTF-16 code units of `text`, as the app derives seeds from names."""
    h = 0x811C9DC5
    units = text.encode("utf-16-le")
    for i in range(0, len(units), 2):
        h ^= units[i] | (units[i + 1] << 8)
        h = (h * 0x01000193) & MASK32
    return h


# ── Philox4x32-10: the noise, the masks ──────────────────────────────────────────────────────────

PHILOX_M0, PHILOX_M1 = 0xD2511F53, 0xCD9E8D57
PHILOX_W0, PHILOX_W1 = 0x9E3779B9, 0xBB67AE85


def _mul_hi_lo(a, b):
    """The high and low 32 bits of a * b for a tensor of uint32 values (in int64) and a constant:
    b is split in 16-bit halves so that no partial product leaves int64."""
    x = a * (b & 0xFFFF)
    y = a * (b >> 16)
    s = (x >> 16) + (y & 0xFFFF)
    return (y >> 16) + (s >> 16), ((s & 0xFFFF) << 16) | (x & 0xFFFF)


def philox_words(n, seed, offset=0):
    """Words offset .. offset + n - 1 of the uint32 stream of `seed` (int64 tensor): word p is lane
    p % 4 of the block whose counter is p // 4 and whose key is the seed."""
    lane0 = offset % 4
    first = offset // 4
    blocks = (lane0 + n + 3) // 4
    b = torch.arange(first, first + blocks, dtype=torch.int64)
    x0, x1 = b & MASK32, b >> 32
    x2 = torch.zeros_like(b)
    x3 = torch.zeros_like(b)
    k0, k1 = seed & MASK32, (seed >> 32) & MASK32
    for r in range(10):
        if r > 0:
            k0 = (k0 + PHILOX_W0) & MASK32
            k1 = (k1 + PHILOX_W1) & MASK32
        hi0, lo0 = _mul_hi_lo(x0, PHILOX_M0)
        hi1, lo1 = _mul_hi_lo(x2, PHILOX_M1)
        x0, x1, x2, x3 = hi1 ^ x1 ^ k0, lo1, hi0 ^ x3 ^ k1, lo0
    return torch.stack([x0, x1, x2, x3], 1).reshape(-1)[lane0 : lane0 + n]


def _unit(words):
    """Words to floats in [0, 1): their top 24 bits times 2^-24 (float64, exact)."""
    return (words >> 8).double() / 16777216


def _f32(v):
    return struct.unpack("f", struct.pack("f", v))[0]


def _numel(shape):
    return math.prod(shape)


def normal_values(n, seed, offset=0, mean=0.0, std=1.0):
    """Normal float32 values (Box-Muller on word pairs), values offset .. offset + n - 1."""
    lane0 = offset % 4
    words = philox_words((lane0 + n + 3) // 4 * 4, seed, offset - lane0).reshape(-1, 2)
    u = _unit(words[:, 0]) + 1 / 16777216
    a = math.pi * ((words[:, 1] >> 8).double() / 8388608 - 1)
    r = torch.sqrt(-2 * torch.log(u))
    pairs = torch.stack([r * torch.cos(a), r * torch.sin(a)], 1).reshape(-1)[lane0 : lane0 + n]
    return (_f32(mean) + _f32(std) * pairs).float()


def _local_offset(shape):
    """Where this process's rows of a global batch start in a draw's stream."""
    return SHARD.rank * _numel(shape)


def uniform(shape, seed, low=0.0, high=1.0):
    """This process's rows of the Philox uniform draw of a global batch (shape[0] rows here)."""
    return uniform_values(_numel(shape), seed, _local_offset(shape), low, high).reshape(shape).to(DEVICE)


def uniform_values(n, seed, offset=0, low=0.0, high=1.0):
    unit = _unit(philox_words(n, seed, offset))
    return (_f32(low) + _f32(high - low) * unit).float()


class Shard:
    """This process's part of every batch: rows rank * b .. (rank + 1) * b of a global batch of
    world * b. One process: the whole batch."""

    def __init__(self, rank=0, world=1):
        self.rank, self.world = rank, world

    def rows(self, local):
        return slice(self.rank * local, (self.rank + 1) * local)


SHARD = Shard()
# where the draws are put: the device this process trains on
DEVICE = torch.device("cpu")


def normal(shape, seed, mean=0.0, std=1.0):
    """This process's rows of the Philox normal draw of a global batch (shape[0] rows here)."""
    return normal_values(_numel(shape), seed, _local_offset(shape), mean, std).reshape(shape).to(DEVICE)


def dropout_mask(shape, seed, rate):
    """An inverted-dropout mask, as the app draws it: 1 / (1 - rate) where the uniform value is at
    least the float32 rate, else 0. `shape` is in the app's layout (channels last)."""
    unit = _unit(philox_words(_numel(shape), seed, _local_offset(shape)))
    return ((unit >= _f32(rate)).float() * _f32(1 / (1 - rate))).reshape(shape).to(DEVICE)


# ── Data ─────────────────────────────────────────────────────────────────────────────────────────

TOY_RADIUS = 2.0


def _gaussian(rng):
    u = 1 - rng.next()
    return math.sqrt(-2 * math.log(u)) * math.cos(2 * math.pi * rng.next())


def _toy_point(distribution, modes, rng):
    if distribution == "ring":
        a = 2 * math.pi * math.floor(rng.next() * modes) / modes
        return TOY_RADIUS * math.cos(a), TOY_RADIUS * math.sin(a)
    if distribution == "spiral":
        turn = 2 * math.pi * 1.5
        theta = turn * math.sqrt(rng.next())
        r = TOY_RADIUS * theta / turn
        return r * math.cos(theta), r * math.sin(theta)
    upper = rng.next() < 0.5
    t = math.pi * rng.next()
    return (math.cos(t) - 0.5, math.sin(t) - 0.25) if upper else (0.5 - math.cos(t), 0.25 - math.sin(t))


def toy_points(rng, distribution, batch, modes, noise):
    """This process's rows of a global batch of 2-D points [batch, 2], with Gaussian noise."""
    xy = []
    for _ in range(batch * SHARD.world):
        x, y = _toy_point(distribution, modes, rng)
        xy.append((x + noise * _gaussian(rng), y + noise * _gaussian(rng)))
    return torch.tensor(xy, dtype=torch.float64).float()[SHARD.rows(batch)].to(DEVICE)


def draw_class_ids(rng, batch, weights):
    """This process's rows of a global batch of class ids, class c with probability weights[c] / sum."""
    total = sum(weights)
    ids = []
    for _ in range(batch * SHARD.world):
        u, c = rng.next() * total, 0
        while c < len(weights) - 1 and u >= weights[c]:
            u -= weights[c]
            c += 1
        ids.append(c)
    return torch.tensor(ids)[SHARD.rows(batch)].to(DEVICE)


class ImageSet:
    """A dataset file as the app builds it (public/data/*.bin): the 28-byte header 'TLDS', version,
    count, height, width, channels, classes (uint32, little-endian), uint8 pixels (NHWC), uint8
    labels."""

    def __init__(self, path):
        with open(path, "rb") as f:
            raw = f.read()
        if raw[:4] != b"TLDS":
            raise ValueError(f"{path} is not a Tensorloom dataset file (it does not start with 'TLDS')")
        version, count, h, w, c, classes = struct.unpack("<6I", raw[4:28])
        if version != 1:
            raise ValueError(f"{path}: dataset format version {version}, this package reads version 1")
        size = count * h * w * c
        if len(raw) != 28 + size + count:
            raise ValueError(f"{path}: {len(raw)} bytes, the header announces {28 + size + count}")
        self.count, self.shape, self.classes = count, (h, w, c), classes
        data = torch.frombuffer(bytearray(raw[28:]), dtype=torch.uint8)
        self.pixels = data[:size].reshape(count, h, w, c)
        self.labels = data[size:].long()


RANGES = {
    "[-1,1]": (torch.arange(256, dtype=torch.float64) / 127.5 - 1).float(),
    "[0,1]": (torch.arange(256, dtype=torch.float64) / 255).float(),
}


def draw_indices(rng, count, size):
    """`size` sample indices, distinct within the batch unless the dataset is smaller than it."""
    picked, seen = [], set()
    while len(picked) < size:
        i = math.floor(rng.next() * count)
        if i in seen and count >= size:
            continue
        seen.add(i)
        picked.append(i)
    return picked


def image_batch(images, rng, batch, value_range, labels):
    """This process's rows of a global batch: images [batch, h, w, c] (channels last, as the app's
    graph has them) and labels as class ids [batch] or one-hot rows [batch, classes]."""
    rows = torch.tensor(draw_indices(rng, images.count, batch * SHARD.world)[SHARD.rows(batch)])
    x = RANGES[value_range][images.pixels[rows].long()]
    ids = images.labels[rows]
    if labels == "one-hot":
        ids = F.one_hot(ids, images.classes).float() if images.classes > 1 else torch.ones(batch, 1)
    return x.to(DEVICE), ids.to(DEVICE)


# ── Layouts: the graph is channels last, the models channels first ─────────────────────────────


def to_channels_first(x):
    return x.permute(0, 3, 1, 2) if x.dim() == 4 else x


def to_channels_last(x):
    return x.permute(0, 2, 3, 1) if x.dim() == 4 else x


def flatten_channels_last(x):
    """Flatten in the app's order (height, width, channels), which its Dense weights expect."""
    return to_channels_last(x).flatten(1)


def reshape(x, shape):
    """Reshape as the app does, in its channels-last order; images come out channels first."""
    return to_channels_first(to_channels_last(x).reshape(x.shape[0], *shape))


def same_padding(size, kernel, stride):
    """TensorFlow's "same" padding of one side: (before, after), the odd pixel after."""
    out = -(-size // stride)
    total = max((out - 1) * stride + kernel - size, 0)
    return total // 2, total - total // 2


class Conv2dSame(nn.Conv2d):
    """Conv2d with TensorFlow's "same" padding at any stride (PyTorch pads both sides equally)."""

    def forward(self, x):
        (top, bottom), (left, right) = (same_padding(x.shape[d], self.kernel_size[0], self.stride[0]) for d in (2, 3))
        return F.conv2d(F.pad(x, (left, right, top, bottom)), self.weight, self.bias, self.stride)


class ConvTranspose2dSame(nn.ConvTranspose2d):
    """ConvTranspose2d whose output is input * stride, cropped as TensorFlow crops it."""

    def forward(self, x):
        k, s = self.kernel_size[0], self.stride[0]
        full = F.conv_transpose2d(x, self.weight, self.bias, self.stride, output_padding=max(s - k, 0))
        crop = [same_padding(x.shape[d] * s, k, s)[0] for d in (2, 3)]
        return full[:, :, crop[0] : crop[0] + x.shape[2] * s, crop[1] : crop[1] + x.shape[3] * s]


class MaxPool2dSame(nn.MaxPool2d):
    """MaxPool2d with TensorFlow's "same" padding (padded values never win)."""

    def forward(self, x):
        (top, bottom), (left, right) = (same_padding(x.shape[d], self.kernel_size, self.stride) for d in (2, 3))
        return F.max_pool2d(F.pad(x, (left, right, top, bottom), value=-math.inf), self.kernel_size, self.stride)


class SelfAttention2d(nn.Module):
    """Multi-head self-attention over the pixels of a channels-first map, added to it (a residual):
    x + W_o attention(W_q x, W_k x, W_v x), the key without a bias, as the app's layer."""

    def __init__(self, channels, heads):
        super().__init__()
        self.heads = heads
        self.query = nn.Linear(channels, channels)
        self.key = nn.Linear(channels, channels, bias=False)
        self.value = nn.Linear(channels, channels)
        self.output = nn.Linear(channels, channels)

    def forward(self, x):
        b, c, h, w = x.shape
        n, d = h * w, c // self.heads
        pixels = to_channels_last(x).reshape(b, n, c)

        def split(t):
            return t.reshape(b, n, self.heads, d).transpose(1, 2)

        q, k, v = split(self.query(pixels)), split(self.key(pixels)), split(self.value(pixels))
        attention = torch.softmax(q @ k.transpose(-1, -2) * _f32(1 / math.sqrt(d)), -1)
        mixed = (attention @ v).transpose(1, 2).reshape(b, n, c)
        return x + to_channels_first(self.output(mixed).reshape(b, h, w, c))


def timestep_embedding(t, dim, max_period):
    """Sinusoidal embeddings of timesteps [batch, 1]: sines then cosines of t times dim / 2 frequencies."""
    half = dim // 2
    freqs = torch.tensor([math.exp(-math.log(max_period) * i / half) for i in range(half)], dtype=torch.float64)
    angles = t.float().reshape(-1, 1) * freqs.float().to(t.device)
    return torch.cat([torch.sin(angles), torch.cos(angles)], -1)


class AvgPool2dSame(nn.AvgPool2d):
    """AvgPool2d with TensorFlow's "same" padding: each window averages the pixels it covers."""

    def forward(self, x):
        (top, bottom), (left, right) = (same_padding(x.shape[d], self.kernel_size, self.stride) for d in (2, 3))
        pad = (left, right, top, bottom)
        covered = F.avg_pool2d(F.pad(torch.ones_like(x[:1, :1]), pad), self.kernel_size, self.stride)
        return F.avg_pool2d(F.pad(x, pad), self.kernel_size, self.stride) / covered


class Dropout(nn.Module):
    """Inverted dropout whose masks come from the training stream, as the app's do."""

    def __init__(self, rate, rng):
        super().__init__()
        self.rate, self.rng = rate, rng

    def forward(self, x):
        if not self.training or self.rate == 0:
            return x
        mask = dropout_mask(tuple(to_channels_last(x).shape), self.rng.seed(), self.rate)
        return x * to_channels_first(mask)


# ── Losses ───────────────────────────────────────────────────────────────────────────────────────


def reduce_loss(per_element, reduction):
    """'mean' over every value, or 'sumPerSample': summed over each sample, averaged over the batch."""
    if reduction == "mean" or per_element.dim() <= 1:
        return per_element.mean()
    return per_element.sum(dim=tuple(range(1, per_element.dim()))).mean()


def bce_from_logits(x, target, smoothing=0.0):
    """max(x, 0) - x z + log(1 + exp(-|x|)): binary cross-entropy on logits, exact when sure."""
    z = target if isinstance(target, (int, float)) else target * (1 - smoothing) + smoothing / 2
    return F.relu(x) - x * z + torch.log1p(torch.exp(-x.abs()))


def reconstruction_error(reconstruction, target, likelihood):
    """One error per example, summed over all but the batch: BCE of logits (nats) or squared."""
    each = bce_from_logits(reconstruction, target) if likelihood == "bernoulli" else (reconstruction - target).square()
    return each.reshape(each.shape[0], -1).sum(1)


def kl_to_normal(mu, logvar):
    """KL(N(mu, exp(logvar)) || N(0, 1)), summed over each sample, averaged over the batch."""
    return reduce_loss(-0.5 * (1 + logvar - mu.square() - logvar.exp()), "sumPerSample")


def reparameterize(mu, logvar, seed):
    return mu + torch.exp(logvar * 0.5) * normal(tuple(mu.shape), seed)


def constant(values, dtype):
    """A Constant node's values [n]: the same in every process under torchrun."""
    return torch.tensor(values, dtype=torch.long if dtype == "int32" else torch.float32).to(DEVICE)


def interpolate(a, b, seed):
    """eps a + (1 - eps) b with one uniform eps per sample, as the app's Interpolate draws it."""
    eps = uniform((a.shape[0],) + (1,) * (a.dim() - 1), seed)
    return eps * a + (1 - eps) * b


def gradient_penalty(model, inputs, penalty, weight):
    """WGAN-GP's (||grad|| - 1)^2 or R1's ||grad||^2 of the model's first output (summed) with
    respect to its float inputs, averaged over the batch, times `weight`; differentiable again."""
    xs = [x.detach().requires_grad_() if x.is_floating_point() and not x.requires_grad else x for x in inputs]
    out = model(*xs)
    out = out[0] if isinstance(out, tuple) else out
    floats = [x for x in xs if x.is_floating_point()]
    grads = torch.autograd.grad(out.sum(), floats, create_graph=True)
    squared = sum(g.reshape(g.shape[0], -1).square().sum(1) for g in grads)
    per_sample = (torch.sqrt(squared + 1e-12) - 1).square() if penalty == "wgan-gp" else squared
    return per_sample.mean() * weight


class Schedule:
    """A diffusion schedule's tables, in float64, computed as the app computes them."""

    def __init__(self, betas):
        self.T = len(betas)
        self.abar, self.sqrt_abar, self.sqrt_one_minus_abar = [], [], []
        self.sqrt_recip_abar, self.sqrt_recip_m1_abar, self.variance, self.coef1, self.coef2 = [], [], [], [], []
        abar = 1.0
        for beta in betas:
            alpha = 1 - beta
            prev = abar
            abar *= alpha
            self.abar.append(abar)
            self.sqrt_abar.append(math.sqrt(abar))
            self.sqrt_one_minus_abar.append(math.sqrt(1 - abar))
            self.sqrt_recip_abar.append(math.sqrt(1 / abar))
            self.sqrt_recip_m1_abar.append(math.sqrt(1 / abar - 1))
            self.variance.append(beta * (1 - prev) / (1 - abar))
            self.coef1.append(beta * math.sqrt(prev) / (1 - abar))
            self.coef2.append((1 - prev) * math.sqrt(alpha) / (1 - abar))


@functools.lru_cache(maxsize=None)
def diffusion_schedule(T, schedule, beta_start, beta_end):
    """The linear (Ho et al.) or cosine (Nichol and Dhariwal) schedule of T steps."""
    if schedule == "cosine":

        def f(t):
            return math.cos((t / T + 0.008) / (1 + 0.008) * (math.pi / 2)) ** 2

        betas = [min(1 - f(t + 1) / f(t), 0.999) for t in range(T)]
    else:
        betas = [beta_start if T == 1 else beta_start + (beta_end - beta_start) * t / (T - 1) for t in range(T)]
    return Schedule(betas)


def diffusion_noising(x0, schedule, rng):
    """q_sample: x_t = sqrt(abar_t) x0 + sqrt(1 - abar_t) eps at one Philox timestep per image (the
    first seed), eps Philox normals (the second); returns x_t, t [batch, 1] as floats, and eps."""
    a, c = schedule.sqrt_abar, schedule.sqrt_one_minus_abar
    b = x0.shape[0]
    ts = _mul_hi_lo(philox_words(b * SHARD.world, rng.seed()), schedule.T)[0][SHARD.rows(b)].tolist()
    eps = normal(tuple(x0.shape), rng.seed())
    per_sample = (b,) + (1,) * (x0.dim() - 1)
    sa = torch.tensor([a[t] for t in ts], dtype=torch.float64).float().reshape(per_sample).to(x0.device)
    sc = torch.tensor([c[t] for t in ts], dtype=torch.float64).float().reshape(per_sample).to(x0.device)
    t = torch.tensor(ts, dtype=torch.float32).reshape(b, 1).to(x0.device)
    return x0 * sa + eps * sc, t, eps


def _predict_noise(model, x, t):
    eps = model(x, torch.full((x.shape[0], 1), float(t), device=x.device))
    return eps[0] if isinstance(eps, tuple) else eps


def ddpm_sample(model, s, batch, image_shape, clip_denoised, rng):
    """DDPM ancestral sampling (Ho et al. 2020) as the app's sampler: T steps from pure noise, one
    seed per noise draw (none at the last step)."""
    x = normal((batch, *image_shape), rng.seed())
    for t in range(s.T - 1, -1, -1):
        sigma = 0.0 if t == 0 else math.sqrt(s.variance[t])
        seed = rng.seed() if sigma > 0 else 0
        eps = _predict_noise(model, x, t)
        x0 = x * s.sqrt_recip_abar[t] - eps * s.sqrt_recip_m1_abar[t]
        if clip_denoised:
            x0 = x0.clamp(-1, 1)
        mean = x0 * s.coef1[t] + x * s.coef2[t]
        x = mean + normal(tuple(x.shape), seed, std=sigma) if sigma > 0 else mean
    return x


def ddim_sample(model, s, batch, image_shape, steps, eta, clip_denoised, rng):
    """DDIM (Song et al. 2021) over the timesteps floor(i T / steps), as the app's sampler."""
    ts = [i * s.T // steps for i in range(steps)]
    x = normal((batch, *image_shape), rng.seed())
    for i in range(len(ts) - 1, -1, -1):
        t = ts[i]
        abar = s.abar[t]
        prev = 1.0 if i == 0 else s.abar[ts[i - 1]]
        sigma = eta * math.sqrt((1 - prev) / (1 - abar)) * math.sqrt(1 - abar / prev)
        seed = rng.seed() if sigma > 0 else 0
        eps = _predict_noise(model, x, t)
        x0 = x * s.sqrt_recip_abar[t] - eps * s.sqrt_recip_m1_abar[t]
        if clip_denoised:
            x0 = x0.clamp(-1, 1)
            eps = (x - x0 * s.sqrt_abar[t]) / s.sqrt_one_minus_abar[t]
        step = x0 * math.sqrt(prev) + eps * math.sqrt(max(0.0, 1 - prev - sigma * sigma))
        x = step + normal(tuple(x.shape), seed, std=sigma) if sigma > 0 else step
    return x


def categorical_cross_entropy(logits, labels, smoothing=0.0):
    """Cross-entropy of logits [batch, classes] against class ids or one-hot rows, on log-softmax."""
    classes = logits.shape[1]
    target = F.one_hot(labels.long(), classes).float() if labels.dim() == 1 else labels
    target = target * (1 - smoothing) + smoothing / classes
    return -(target * torch.log_softmax(logits, 1)).sum(1).mean()


def accuracy(logits, labels):
    ids = labels.long() if labels.dim() == 1 else labels.argmax(1)
    return (logits.argmax(1) == ids).float().mean()


# ── Previews ─────────────────────────────────────────────────────────────────────────────────────


def latent_interpolation(steps, shape, seed, path):
    """`steps` rows of `steps` latent points, row r from a_r to b_r (two normal draws of `seed`
    alone), along a great circle or a straight line; the ends are a_r and b_r exactly."""
    d = _numel((1,) + tuple(shape))
    a = normal_values(steps * d, seed, 0).reshape(steps, d)
    b = normal_values(steps * d, seed, steps * d).reshape(steps, d)
    t = (torch.arange(steps, dtype=torch.float64) / (steps - 1)).float().reshape(1, steps)
    if path == "linear":
        wa, wb = (1 - t).expand(steps, steps), t.expand(steps, steps)
    else:
        cos = ((a * b).sum(1, keepdim=True) / (a.norm(dim=1, keepdim=True) * b.norm(dim=1, keepdim=True))).clamp(-1, 1)
        omega = torch.acos(cos)
        s = torch.sin(omega)
        wa, wb = torch.sin((1 - t) * omega) / s, torch.sin(t * omega) / s
    points = wa.unsqueeze(2) * a.unsqueeze(1) + wb.unsqueeze(2) * b.unsqueeze(1)
    return points.reshape((steps * steps,) + tuple(shape)).to(DEVICE)


def latent_grid(side, extent):
    """A side x side grid over [-extent, extent]^2, row by row from the top (x right, y up)."""
    line = [-extent + 2 * extent * i / (side - 1) for i in range(side)]
    values = [[line[c], line[side - 1 - r]] for r in range(side) for c in range(side)]
    return torch.tensor(values, dtype=torch.float32, device=DEVICE)


def image_grid(images, count, value_range):
    """The first `count` images [n, h, w, c] of a batch, scaled from `value_range` to [0, 1]."""
    first = images[:count]
    return ((first + 1) * 0.5 if value_range == "[-1,1]" else first).clamp(0, 1)


def write_png(path, images):
    """Images [n, h, w, c] in [0, 1] (c 1 or 3) as one PNG: a grid of ceil(sqrt(n)) columns."""
    n, h, w, c = images.shape
    cols = math.ceil(math.sqrt(n))
    rows = math.ceil(n / cols)
    pixels = (images.clamp(0, 1) * 255).round().to(torch.uint8).cpu()
    grid = torch.zeros(rows * (h + 1) + 1, cols * (w + 1) + 1, c, dtype=torch.uint8)
    for i in range(n):
        r, k = divmod(i, cols)
        grid[1 + r * (h + 1) : 1 + r * (h + 1) + h, 1 + k * (w + 1) : 1 + k * (w + 1) + w] = pixels[i]
    height, width = grid.shape[0], grid.shape[1]
    raw = b"".join(b"\x00" + bytes(grid[y].reshape(-1).tolist()) for y in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & MASK32)

    header = struct.pack(">IIBBBBB", width, height, 8, 0 if c == 1 else 2, 0, 0, 0)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


class Preview:
    """A preview node: a method of the Training giving what it shows, images or 2-D points."""

    def __init__(self, name, method, kind):
        self.name, self.method, self.kind = name, method, kind


# ── Weights ──────────────────────────────────────────────────────────────────────────────────────

# How a weight of the app (TensorFlow.js, channels last) becomes a PyTorch parameter.
LAYOUTS = {
    "same": lambda w: w,
    # Dense kernel [in, out] -> Linear weight [out, in]
    "dense": lambda w: w.t(),
    # Conv2D kernel [h, w, in, out] -> [out, in, h, w]; Conv2DTranspose [h, w, out, in] -> [in, out, h, w]
    "conv": lambda w: w.permute(3, 2, 0, 1),
}


def read_app_weights(path):
    """The weights of an app checkpoint as the exporter wrote them: `path` (JSON: name, shape and
    offset of each float32 tensor) beside `path` with .bin for .json."""
    with open(path) as f:
        manifest = json.load(f)
    with open(os.path.splitext(path)[0] + ".bin", "rb") as f:
        data = torch.frombuffer(bytearray(f.read()), dtype=torch.float32)
    return {
        t["name"]: data[t["offset"] : t["offset"] + _numel(t["shape"])].reshape(t["shape"]).clone()
        for t in manifest["tensors"]
    }


def load_app_weights(model, weights, table):
    """Copies the app's weights into `model`; `table` lists (app name, parameter, layout)."""
    params = dict(model.named_parameters()) | dict(model.named_buffers())
    with torch.no_grad():
        for app_name, name, layout in table:
            if app_name not in weights:
                raise KeyError(f"the weights file has no tensor '{app_name}' (for {name})")
            value = LAYOUTS[layout](weights[app_name])
            if tuple(value.shape) != tuple(params[name].shape):
                raise ValueError(f"'{app_name}' is {list(value.shape)}, {name} is {list(params[name].shape)}")
            params[name].copy_(value)


def keras_batch_norm(channels, momentum, epsilon, dims):
    """BatchNorm with the app's settings: Keras's momentum m keeps m of the running average, PyTorch's
    momentum is the share of the new batch, 1 - m."""
    cls = nn.BatchNorm2d if dims == 4 else nn.BatchNorm1d
    return cls(channels, eps=epsilon, momentum=1 - momentum)


def keras_init(model):
    """Keras's initialisers, which the app uses: Glorot-uniform kernels, zero biases, embeddings
    uniform in [-0.05, 0.05]. (PyTorch's own defaults differ.) Drawn from torch's generator."""
    for module in model.modules():
        if isinstance(module, (nn.Linear, nn.Conv2d, nn.ConvTranspose2d)):
            nn.init.xavier_uniform_(module.weight)
            if module.bias is not None:
                nn.init.zeros_(module.bias)
        elif isinstance(module, nn.Embedding):
            nn.init.uniform_(module.weight, -0.05, 0.05)


class TfRMSprop(torch.optim.Optimizer):
    """RMSProp as TensorFlow.js steps it: ms = rho ms + (1 - rho) g^2, m = momentum m + lr g / sqrt(ms + eps)
    (centered: sqrt(ms - (mg^2 + eps))), w -= m. PyTorch's RMSprop puts eps and lr elsewhere."""

    def __init__(self, params, lr, rho, momentum, eps, centered):
        super().__init__(params, dict(lr=lr, rho=rho, momentum=momentum, eps=eps, centered=centered))

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            lr, rho, momentum, eps = group["lr"], group["rho"], group["momentum"], group["eps"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g, state = p.grad, self.state[p]
                if not state:
                    state["ms"], state["mom"] = torch.zeros_like(p), torch.zeros_like(p)
                    if group["centered"]:
                        state["mg"] = torch.zeros_like(p)
                ms = state["ms"].mul_(rho).add_(g.square() * (1 - rho))
                if group["centered"]:
                    mg = state["mg"].mul_(rho).add_(g * (1 - rho))
                    root = torch.sqrt(ms - (mg.square() + eps))
                else:
                    root = torch.sqrt(ms + eps)
                p.sub_(state["mom"].mul_(momentum).add_(g * lr / root))


class AdamThenDecay(torch.optim.Adam):
    """Adam, then every weight scaled by 1 - lr * weight_decay after the step: the app's AdamW
    (decoupled decay, Loshchilov & Hutter). torch.optim.AdamW scales before the step."""

    def __init__(self, params, lr, betas, eps, weight_decay):
        super().__init__(params, lr=lr, betas=betas, eps=eps)
        self.keep = 1 - lr * weight_decay

    @torch.no_grad()
    def step(self, closure=None):
        loss = super().step(closure)
        if self.keep != 1:
            for group in self.param_groups:
                for p in group["params"]:
                    p.mul_(self.keep)
        return loss


# ── Processes ────────────────────────────────────────────────────────────────────────────────────


def start_processes():
    """Joins the torchrun group when launched by torchrun (nccl on CUDA, gloo on the CPU) and sets
    SHARD and DEVICE."""
    global SHARD, DEVICE
    cuda = torch.cuda.is_available()
    if int(os.environ.get("WORLD_SIZE", 1)) > 1:
        dist.init_process_group("nccl" if cuda else "gloo")
        SHARD = Shard(dist.get_rank(), dist.get_world_size())
    if cuda:
        local = int(os.environ.get("LOCAL_RANK", 0))
        torch.cuda.set_device(local)
        DEVICE = torch.device("cuda", local)
    return DEVICE


def is_main_process():
    return SHARD.rank == 0


def mean_over_processes(value):
    """A loss averaged over the processes (each computed it on its rows of the batch)."""
    t = value.detach().clone()
    if SHARD.world > 1:
        dist.all_reduce(t)
        t /= SHARD.world
    return t.item()


# ── Training ─────────────────────────────────────────────────────────────────────────────────────


class Update:
    """One optimizer step: a loss (a method of the Training) minimised over some models' weights,
    `repeats` times per iteration, each on a fresh batch, weights clipped to [-clip, clip] after."""

    def __init__(self, name, loss, models, optimizer, repeats=1, clip=0.0):
        self.name, self.loss, self.models = name, loss, models
        self.make_optimizer, self.repeats, self.clip = optimizer, repeats, clip


class Training:
    """A run: the models, an optimizer per update, the stream, the data, the iteration count. A
    graph's Training (train.py) adds DATASETS, BATCH, UPDATES, make_models and a loss method each."""

    DATASETS = []
    BATCH = None
    UPDATES = []
    PREVIEWS = []

    def __init__(self, seed=1, batch=None, data_dir="data", init=None, amp=False):
        self.seed = seed
        self.rng = Rng(seed)
        self.batch = batch or self.BATCH
        self.amp = amp and DEVICE.type == "cuda"
        self.data = {}
        for key in self.DATASETS:
            path = os.path.join(data_dir, key + ".bin")
            if not os.path.exists(path):
                sys.exit(f"{path} is missing: copy {key}.bin from the app's public/data folder, or pass --data DIR")
            self.data[key] = ImageSet(path)
        torch.manual_seed(seed)
        self.models = self.make_models()
        weights = read_app_weights(init) if init else None
        for model in self.models.values():
            if weights is None:
                keras_init(model)
            else:
                load_app_weights(model, weights, model.APP_WEIGHTS)
            model.to(DEVICE)
        self.wrapped = dict(self.models)
        if SHARD.world > 1:
            # the models an update trains, each in DistributedDataParallel (which refuses one without weights)
            # in one order in every process (a set's order differs between them): each wraps in turn
            for key in dict.fromkeys(key for u in self.UPDATES for key in u.models):
                model = self.models[key]
                if DEVICE.type == "cuda":
                    model = self.models[key] = nn.SyncBatchNorm.convert_sync_batchnorm(model)
                self.wrapped[key] = DistributedDataParallel(model, device_ids=[DEVICE] if DEVICE.type == "cuda" else None)
        self.optimizers = {u.name: u.make_optimizer(self.parameters_of(u)) for u in self.UPDATES}
        self.step = 0

    def make_models(self):
        raise NotImplementedError

    def parameters_of(self, update):
        # each once: a model inside another shares its parameters with it
        return list(dict.fromkeys(p for key in update.models for p in self.models[key].parameters()))

    def callers(self, update):
        """The models as one update calls them: its own through DistributedDataParallel under
        torchrun, so their gradients are averaged over the processes; the others as they are."""
        return {key: self.wrapped[key] if key in update.models else model for key, model in self.models.items()}

    def train_step(self):
        """One iteration: every update in order. Returns each update's loss, from before its step."""
        for model in self.models.values():
            model.train()
        losses = {}
        for u in self.UPDATES:
            parameters, optimizer = self.parameters_of(u), self.optimizers[u.name]
            for _ in range(u.repeats):
                optimizer.zero_grad(set_to_none=True)
                with torch.autocast("cuda", dtype=torch.bfloat16) if self.amp else contextlib.nullcontext():
                    loss = getattr(self, u.loss)(self.callers(u))
                loss.backward(inputs=parameters)
                optimizer.step()
                if u.clip > 0:
                    with torch.no_grad():
                        for p in parameters:
                            p.clamp_(-u.clip, u.clip)
            losses[u.name] = mean_over_processes(loss)
        self.step += 1
        return losses

    def write_previews(self, directory):
        """Every preview at this iteration, with training off, in this process alone and from a
        stream of its own (seeded by the run's seed and the iteration), so the training stream,
        which every process shares, is not moved: OUT/previews/NAME-STEP.png or .csv."""
        global SHARD
        if not self.PREVIEWS or not is_main_process():
            return
        os.makedirs(os.path.join(directory, "previews"), exist_ok=True)
        saved, shard = self.rng.state(), SHARD
        self.rng.s = Rng(hash_string(f"preview {self.seed} {self.step}")).state()
        SHARD = Shard()
        try:
            for model in self.models.values():
                model.eval()
            with torch.no_grad():
                for p in self.PREVIEWS:
                    shown = getattr(self, p.method)(self.models).float()
                    stem = os.path.join(directory, "previews", f"{_file_stem(p.name)}-{self.step}")
                    if p.kind == "images":
                        write_png(stem + ".png", shown)
                    else:
                        with open(stem + ".csv", "w") as f:
                            f.write("x,y\n" + "".join(f"{x},{y}\n" for x, y in shown[:, :2].tolist()))
        finally:
            self.rng.s, SHARD = saved, shard

    def state_dict(self):
        return {
            "step": self.step,
            "rng": self.rng.state(),
            "models": {key: model.state_dict() for key, model in self.models.items()},
            "optimizers": {key: opt.state_dict() for key, opt in self.optimizers.items()},
        }

    def load_state_dict(self, state):
        self.step = state["step"]
        # in place: the models' dropout layers hold this stream
        self.rng.s = [int(w) for w in state["rng"]]
        for key, model in self.models.items():
            model.load_state_dict(state["models"][key])
        for key, opt in self.optimizers.items():
            opt.load_state_dict(state["optimizers"][key])

    def save(self, directory):
        """checkpoint.pt in `directory`, written whole or not at all (a new file renamed over it)."""
        if not is_main_process():
            return
        path = os.path.join(directory, "checkpoint.pt")
        torch.save(self.state_dict(), path + ".tmp")
        os.replace(path + ".tmp", path)


def _file_stem(name):
    return "".join(ch if ch.isalnum() else "-" for ch in name).strip("-").lower() or "preview"


def parse_args(cls, argv=None):
    here = os.path.dirname(os.path.abspath(sys.argv[0]))
    p = argparse.ArgumentParser(description=(cls.__doc__ or "").strip())
    p.add_argument("--steps", type=int, required=True, help="train until this many iterations are done")
    p.add_argument("--out", default="run", help="where checkpoint.pt and metrics.jsonl go (default: run)")
    p.add_argument("--batch-size", type=int, help=f"per process (default: the graph's, {cls.BATCH})")
    p.add_argument("--seed", type=int, default=1, help="the stream's seed (default: 1)")
    p.add_argument("--data", default=os.path.join(here, "data"), help="the folder of the dataset files (default: data/ here)")
    default_init = os.path.join(here, "app_weights.json")
    p.add_argument(
        "--init",
        default=default_init if os.path.exists(default_init) else None,
        help="start from the app's weights in this file (default: app_weights.json here, if the export wrote it); 'fresh' for Keras-style initial weights",
    )
    p.add_argument("--resume", action="store_true", help="continue from OUT/checkpoint.pt")
    p.add_argument("--lr", action="append", default=[], metavar="UPDATE=RATE", help="a learning rate for one update")
    p.add_argument("--log-every", type=int, default=100, help="print the losses every K iterations (metrics.jsonl has every one)")
    p.add_argument("--checkpoint-every", type=int, default=1000, help="save OUT/checkpoint.pt every K iterations (0: at the end only)")
    p.add_argument("--preview-every", type=int, default=0, help="write the previews every K iterations (0: at the end only)")
    p.add_argument("--amp", action="store_true", help="on CUDA: compute in bfloat16 where it is safe (torch.autocast)")
    args = p.parse_args(argv)
    if args.init == "fresh":
        args.init = None
    return args


def main(cls, argv=None):
    args = parse_args(cls, argv)
    start_processes()
    t = cls(seed=args.seed, batch=args.batch_size, data_dir=args.data, init=args.init, amp=args.amp)
    for setting in args.lr:
        name, _, rate = setting.partition("=")
        if name not in t.optimizers:
            sys.exit(f"--lr {setting}: there is no update \"{name}\"; the updates are {', '.join(t.optimizers)}")
        for group in t.optimizers[name].param_groups:
            group["lr"] = float(rate)
    checkpoint = os.path.join(args.out, "checkpoint.pt")
    if args.resume:
        t.load_state_dict(torch.load(checkpoint, map_location=DEVICE))
    os.makedirs(args.out, exist_ok=True)
    log = open(os.path.join(args.out, "metrics.jsonl"), "a") if is_main_process() else None
    while t.step < args.steps:
        losses = t.train_step()
        for name, value in losses.items():
            if not math.isfinite(value):
                sys.exit(f"the loss of \"{name}\" is {value} at iteration {t.step - 1}; the last checkpoint is {checkpoint}")
        if log:
            log.write(json.dumps({"step": t.step, "losses": losses}) + "\n")
            log.flush()
            if t.step % args.log_every == 0 or t.step == args.steps:
                print(f"iteration {t.step}: " + ", ".join(f"{k} {v:.4f}" for k, v in losses.items()), flush=True)
        if args.checkpoint_every and t.step % args.checkpoint_every == 0:
            t.save(args.out)
        if args.preview_every and t.step % args.preview_every == 0:
            t.write_previews(args.out)
    t.save(args.out)
    if not args.preview_every or t.step % args.preview_every != 0:
        t.write_previews(args.out)
    if SHARD.world > 1:
        # every process waits for process 0's checkpoint and previews before the group is torn down
        dist.barrier()
        dist.destroy_process_group()
    return t
