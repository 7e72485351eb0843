#!/usr/bin/env python3
"""PyTorch column of `npm run bench -- steps`: times one training iteration of each template's PyTorch
twin (bench/quality/torch/, the same modules the quality runs train) at several batch sizes, the same
way bench/steps.ts times the templates, and writes the JSON that `bench/steps.ts --torch FILE` reads
(or, with --json-lines, one line per case: the steps benchmark runs it case by case, interleaved).

Models:
  gan-2d, vae-mlp, dcgan, vae, vae-gan, ddpm-unet, cdcgan   the twins' make_trainer(batch, device, data):
                   one iteration = every update of the template, in order; parameter counts reported
  dcgan-reference  the layers of ../shared/gpu/reference/dcgan_torch.py: G = Linear 100->7*7*128 (no bias), BN,
                   LeakyReLU, ConvT 128->64 k5 s2 'same' (no bias), BN, LeakyReLU, ConvT 64->1 k5 s2 'same', tanh
  D (both): Conv 1->64 k5 s2 'same', LeakyReLU 0.2, Dropout 0.3, Conv 64->128 k5 s2, LeakyReLU, Dropout 0.3,
            Flatten, Linear 6272->1. Adam lr 2e-4, betas (0.5, 0.999); BatchNorm eps 1e-3, momentum 0.01
            (Keras's 0.99). NCHW here, NHWC in tfjs: same arithmetic, other memory order.

For dcgan-reference, one iteration = one D update (BCE-with-logits, real -> 1, G(z).detach() -> 0, summed)
then one G update (BCE(D(G(z')), 1)), fresh z per update; the "real" batch is one uniform [-1, 1] tensor kept
on the device (as the stock tfjs step). The twins draw real MNIST batches (needs `npm run data`).

On the CPU, set the threads as the steps benchmark does: OMP_NUM_THREADS=<cores> OPENBLAS_NUM_THREADS=1
OMP_WAIT_POLICY=PASSIVE (with Debian's python3-torch, and libopenblas0-pthread installed). Timing: W warm-up iterations, then K repeats of N iterations whose losses stay on
the device and are read back once at the end of each repeat (torch.stack(losses).cpu(), which waits for
the GPU); ms/iteration = repeat wall time / N, median over the K repeats. peak_bytes:
torch.cuda.max_memory_allocated() over the case (models, optimizer state and activations).

On the GPU machine, from the checkout root:
  python3 bench/torch-steps.py --batches 16,64,256 --out runs/torch-steps.json
  node .gpu/steps.mjs --full --data .gpu/files --torch runs/torch-steps.json

Output (JSON):
  {"device": "NVIDIA H100 80GB HBM3", "torch": "2.5.1", "date": "YYYY-MM-DD", "command": "...",
   "settings": {"warmup": 5, "iterations": 20, "repeats": 5},
   "results": [{"model": "dcgan", "batch": 64, "ms_per_iter": 6.3, "ms_per_iter_all": [...],
                "img_per_s": 10158, "peak_bytes": 123456789}, ...]}
"""
import argparse
import datetime
import json
import statistics
import sys
import time

import os

import torch
import torch.nn as nn

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), 'quality', 'torch'))
import cdcgan  # noqa: E402
import dcgan as dcgan_twin  # noqa: E402
import ddpm_unet  # noqa: E402
import gan_2d  # noqa: E402
import vae as vae_twin  # noqa: E402
import vae_gan  # noqa: E402
import vae_mlp  # noqa: E402

TWINS = {'gan-2d': gan_2d, 'vae-mlp': vae_mlp, 'dcgan': dcgan_twin, 'vae': vae_twin, 'vae-gan': vae_gan, 'ddpm-unet': ddpm_unet, 'cdcgan': cdcgan}

Z = 100


class ToMap(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.channels = channels

    def forward(self, x):
        return x.view(-1, self.channels, 7, 7)


def bn(n, dims=2):
    return (nn.BatchNorm1d if dims == 1 else nn.BatchNorm2d)(n, eps=1e-3, momentum=0.01)


def up(cin, cout, stride, bias):
    # 'same' padding for k5: stride 1 -> pad 2; stride 2 -> pad 2 plus one extra output row/column
    return nn.ConvTranspose2d(cin, cout, 5, stride, 2, output_padding=stride - 1, bias=bias)


def reference_generator():
    return nn.Sequential(
        nn.Linear(Z, 7 * 7 * 128, bias=False), bn(7 * 7 * 128, 1), nn.LeakyReLU(0.2), ToMap(128),
        up(128, 64, 2, False), bn(64), nn.LeakyReLU(0.2),
        up(64, 1, 2, True), nn.Tanh())


def discriminator():
    return nn.Sequential(
        nn.Conv2d(1, 64, 5, 2, 2), nn.LeakyReLU(0.2), nn.Dropout(0.3),
        nn.Conv2d(64, 128, 5, 2, 2), nn.LeakyReLU(0.2), nn.Dropout(0.3),
        nn.Flatten(), nn.Linear(128 * 7 * 7, 1))


def reference_step(batch, dev):
    G, D = reference_generator().to(dev), discriminator().to(dev)
    g_opt = torch.optim.Adam(G.parameters(), 2e-4, betas=(0.5, 0.999))
    d_opt = torch.optim.Adam(D.parameters(), 2e-4, betas=(0.5, 0.999))
    bce = nn.BCEWithLogitsLoss()
    real = torch.rand(batch, 1, 28, 28, device=dev) * 2 - 1
    ones = torch.ones(batch, 1, device=dev)
    zeros = torch.zeros(batch, 1, device=dev)

    def step():
        z = torch.randn(batch, Z, device=dev)
        d_opt.zero_grad(set_to_none=True)
        d_loss = bce(D(real), ones) + bce(D(G(z).detach()), zeros)
        d_loss.backward()
        d_opt.step()
        g_opt.zero_grad(set_to_none=True)
        g_loss = bce(D(G(torch.randn(batch, Z, device=dev))), ones)
        g_loss.backward()
        g_opt.step()
        return {'D': d_loss.detach(), 'G': g_loss.detach()}

    G.train()
    D.train()
    return step, {'generator': G, 'discriminator': D}


def time_case(model, batch, a, dev):
    if dev.type == 'cuda':
        torch.cuda.empty_cache()
        torch.cuda.reset_peak_memory_stats(dev)
    if model == 'dcgan-reference':
        step, models = reference_step(batch, dev)
    else:
        trainer = TWINS[model].make_trainer(batch, dev, a.data)
        step, models = trainer.step, trainer.models
        for m in models.values():
            m.train()

    def iterations(n):
        losses = []
        for _ in range(n):
            losses.extend(step().values())
        torch.stack(losses).cpu()  # the one read-back: waits for every queued kernel

    if a.warmup:
        iterations(a.warmup)
    if dev.type == 'cuda':
        torch.cuda.synchronize(dev)
    per_iter = []
    for _ in range(a.repeats):
        t0 = time.perf_counter()
        iterations(a.iterations)
        per_iter.append((time.perf_counter() - t0) * 1000 / a.iterations)
    ms = statistics.median(per_iter)
    out = {'model': model, 'batch': batch, 'ms_per_iter': round(ms, 3), 'ms_per_iter_all': [round(x, 3) for x in per_iter],
           'img_per_s': round(batch * 1000 / ms), 'threads': torch.get_num_threads(),
           'parameters': {name: sum(p.numel() for p in m.parameters()) for name, m in models.items()}}
    if dev.type == 'cuda':
        out['peak_bytes'] = torch.cuda.max_memory_allocated(dev)
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--batches', default='16,64,256')
    p.add_argument('--models', default='dcgan,dcgan-reference')
    p.add_argument('--data', default='public/data', help='folder with mnist-train.bin (built by `npm run data`)')
    p.add_argument('--json-lines', action='store_true', help='print one JSON line per case as it is measured, nothing else on stdout')
    p.add_argument('--warmup', type=int, default=5)
    p.add_argument('--iterations', type=int, default=20)
    p.add_argument('--repeats', type=int, default=5)
    p.add_argument('--device', default='cuda' if torch.cuda.is_available() else 'cpu')
    p.add_argument('--seed', type=int, default=1)
    p.add_argument('--out', help='JSON file to write (default: stdout only)')
    p.add_argument('--list-twins', action='store_true', help='print the templates that have a twin here (a JSON list) and stop')
    p.add_argument('--parameters', action='store_true', help='print each twin\'s parameter count per model (JSON) and stop')
    a = p.parse_args()
    if a.list_twins:
        print(json.dumps(list(TWINS)))
        return
    if a.parameters:
        print(json.dumps({m: twin.make_trainer(2, torch.device('cpu'), a.data).parameters() for m, twin in TWINS.items()}))
        return
    models = [m.strip() for m in a.models.split(',') if m.strip()]
    for m in models:
        if m not in TWINS and m != 'dcgan-reference':
            p.error(f'unknown model {m!r}: one of {", ".join([*TWINS, "dcgan-reference"])}')
    batches = [int(b) for b in a.batches.split(',') if b.strip()]
    torch.manual_seed(a.seed)
    dev = torch.device(a.device)
    name = torch.cuda.get_device_name(dev) if dev.type == 'cuda' else 'CPU'
    results = []
    for batch in batches:
        for m in models:
            r = time_case(m, batch, a, dev)
            print(f'{m} batch {batch}: {r["ms_per_iter"]} ms/iteration, {r["img_per_s"]} images/s', file=sys.stderr)
            if a.json_lines:
                print(json.dumps(r), flush=True)
            results.append(r)
    if a.json_lines:
        return
    doc = {'device': name, 'torch': torch.__version__, 'date': datetime.date.today().isoformat(),
           'command': 'python3 bench/torch-steps.py ' + ' '.join(sys.argv[1:]),
           'settings': {'warmup': a.warmup, 'iterations': a.iterations, 'repeats': a.repeats},
           'results': results}
    text = json.dumps(doc, indent=2)
    if a.out:
        import os
        os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
        with open(a.out, 'w') as f:
            f.write(text + '\n')
    print(text)


if __name__ == '__main__':
    main()
