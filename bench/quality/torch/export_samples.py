"""Trains a template's PyTorch export and writes samples of one of its image previews, for
`bench/quality.ts --score`: the product's maths, random streams and initial weights, computed by
PyTorch. Beside the product's run (the same seed) and the twin's, it tells a difference in the
template's maths or streams (then the export scores like the product) from one in the product's
numerics (then it scores like the twin).

  npx tensorloom export templates/vae-gan.json --target pytorch --out runs/export-vae-gan-s1 --seed 1
  python3 bench/quality/torch/export_samples.py runs/export-vae-gan-s1 --steps 1500 --seed 1 \\
      --preview "prior samples" --out runs/export-vae-gan-s1.npy [--samples 10000]

Training resumes from DIR/run/checkpoint.pt when the command is run again. Images: [n, 1, 28, 28]
float32 in [0, 1], as the preview shows them (--preview may be left out where there is one image preview).
"""
import argparse
import os
import sys

import numpy as np
import torch

p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
p.add_argument('package', help='the folder `tensorloom export --target pytorch` wrote')
p.add_argument('--steps', type=int, required=True)
p.add_argument('--seed', type=int, default=1)
p.add_argument('--out', required=True, help='.npy file for the images')
p.add_argument('--preview', help='the image preview to sample (default: the first)')
p.add_argument('--samples', type=int, default=10000)
p.add_argument('--sample-batch', type=int, default=500)
args = p.parse_args()

sys.path.insert(0, os.path.abspath(args.package))
import tensorloom_runtime as tl  # noqa: E402  (the package's own runtime module)
import train  # noqa: E402

work = os.path.join(args.package, 'run')
resume = ['--resume'] if os.path.exists(os.path.join(work, 'checkpoint.pt')) else []
t = tl.main(train.Training, ['--steps', str(args.steps), '--seed', str(args.seed), '--out', work, '--data', os.path.join(args.package, 'data'),
                             '--checkpoint-every', '250'] + resume)

previews = [v for v in train.Training.PREVIEWS if v.kind == 'images' and (args.preview is None or v.name == args.preview)]
names = ', '.join(f'"{v.name}"' for v in train.Training.PREVIEWS)
if not previews:
    sys.exit(f'no image preview named {args.preview!r}; the previews: {names}')
if len(previews) > 1:
    # one may show the data (the product's quality run takes the first one no data node feeds)
    sys.exit(f'the package has {len(previews)} image previews ({names}): name the generated one with --preview')
# the preview's whole batch, not the grid's first images
grid = tl.image_grid
tl.image_grid = lambda images, count, value_range: grid(images, images.shape[0], value_range)
t.batch = args.sample_batch
torch.manual_seed(args.seed + 1000)
for model in t.models.values():
    model.eval()
shown = []
with torch.no_grad():
    while sum(len(s) for s in shown) < args.samples:
        shown.append(getattr(t, previews[0].method)(t.models).float())
images = torch.cat(shown)[:args.samples].permute(0, 3, 1, 2).contiguous()
np.save(args.out, images.numpy().astype(np.float32))
print(f'wrote {args.out}: {tuple(images.shape)} from the preview "{previews[0].name}" after {t.step} iterations')
