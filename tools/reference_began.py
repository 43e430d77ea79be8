#!/usr/bin/env python3
"""An independent BEGAN in plain PyTorch (began_torch.py beside this file), to tell the algorithm's behaviour from
ours: the same architecture and step as core's, trained on Fashion-MNIST 32×32, one channel. Not part of the test
suite; run it next to `./began train --local` with the same flags and compare metrics.jsonl, the grids and the
sample diversity it prints (mean pairwise L2 of 64 samples; 64 real images give about 24).

    /usr/bin/python3 tools/reference_began.py --steps 1200 --out /tmp/reference     # apt-get install python3-torch

Needs torch (Debian's python3-torch 1.13 works), numpy and Pillow.
"""
import argparse
import gzip
import json
import time

import numpy as np
import torch
from PIL import Image

from began_torch import Began

parser = argparse.ArgumentParser()
parser.add_argument('--steps', type=int, default=1200)
parser.add_argument('--filters', type=int, default=64)
parser.add_argument('--latent', type=int, default=64)
parser.add_argument('--batch-size', type=int, default=16)
parser.add_argument('--gamma', type=float, default=0.5)
parser.add_argument('--lambda-k', type=float, default=0.001)
parser.add_argument('--lr', type=float, default=8e-5)
parser.add_argument('--seed', type=int, default=1)
parser.add_argument('--grid-every', type=int, default=300)
parser.add_argument('--data', default='/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz')
parser.add_argument('--out', default='/tmp/reference')
args = parser.parse_args()
size = 32
torch.manual_seed(args.seed)
torch.set_num_threads(2)

with gzip.open(args.data) as f:
    raw = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 28, 28)
# bilinear 28 → 32 and [-1, 1], as core/.../data/Pixels
data = torch.tensor(np.stack([np.asarray(Image.fromarray(im).resize((size, size), Image.BILINEAR)) for im in raw]),
                    dtype=torch.float32).unsqueeze(1) / 127.5 - 1


def diversity(images):
    return torch.cdist(images.flatten(1), images.flatten(1)).mean().item()


began = Began(args.filters, args.latent, size, 1, args.lr, args.gamma, args.lambda_k)
position, order = 0, torch.randperm(len(data))
z_preview = began.uniform(64)
log = open(args.out + '.jsonl', 'w')
start = time.time()
for step in range(1, args.steps + 1):
    if position + args.batch_size > len(data):
        order, position = torch.randperm(len(data)), 0
    x = data[order[position:position + args.batch_size]]
    position += args.batch_size
    loss_real, loss_fake, loss_gen, convergence = began.step(x)
    if step % 50 == 0:
        record = dict(step=step, lossReal=loss_real.item(), lossFake=loss_fake.item(), lossGen=loss_gen.item(),
                      k=began.k.item(), convergence=convergence.item())
        log.write(json.dumps(record) + '\n')
        log.flush()
        print(json.dumps(record), f'{step / (time.time() - start):.2f} steps/s', flush=True)
    if step % args.grid_every == 0 or step == args.steps:
        with torch.no_grad():
            samples = began.G(z_preview).clamp(-1, 1)
        grid = ((samples.view(8, 8, size, size).permute(0, 2, 1, 3).reshape(8 * size, 8 * size) + 1) * 127.5)
        Image.fromarray(grid.byte().numpy()).save(f'{args.out}-{step:06d}.png')
        print(f'step {step}: sample diversity {diversity(samples):.2f} (real images: {diversity(x):.2f})', flush=True)
