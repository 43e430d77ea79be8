#!/usr/bin/env python3
"""An independent BEGAN in plain PyTorch (autograd, torch.optim.Adam), to tell the algorithm's behaviour from ours.

Same architecture as core/.../model (n, 2n, 3n encoder filters, stride-2 conv down, nearest-neighbour up, 8×8
bottleneck, ELU, no normalisation, Glorot-uniform weights, zero biases) and the same step as BeganStep (D on
L(x) − k_t·L(G(z_D)) with G(z_D) detached, then G on L(G(z_G)) through a frozen D, then k_t). Fashion-MNIST 32×32,
one channel. Not part of the test suite; run it next to `./began train --local` with the same flags and compare
metrics.jsonl, the grids and the sample diversity it prints (mean pairwise L2 of 64 samples; 64 real images give
about 24).

    /usr/bin/python3 tools/reference_began.py --steps 1200 --out /tmp/reference     # apt-get install python3-torch

Needs torch (Debian's python3-torch 1.13 works), numpy and Pillow.
"""
import argparse
import gzip
import json
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from PIL import Image

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
n, h, size = args.filters, args.latent, 32
blocks = 3  # log2(32) − 2
torch.manual_seed(args.seed)
torch.set_num_threads(2)

with gzip.open(args.data) as f:
    raw = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 28, 28)
# bilinear 28 → 32 and [-1, 1], as core/.../data/Pixels
data = torch.tensor(np.stack([np.asarray(Image.fromarray(im).resize((size, size), Image.BILINEAR)) for im in raw]),
                    dtype=torch.float32).unsqueeze(1) / 127.5 - 1


def conv(cin, cout, stride=1):
    return nn.Conv2d(cin, cout, 3, stride, 1)


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        layers, cin = [conv(1, n)], n
        for i in range(blocks):
            layers += [conv(cin, n * (i + 1)), conv(n * (i + 1), n * (i + 1))]
            cin = n * (i + 1)
            if i < blocks - 1:
                layers.append(conv(cin, n * (i + 2), 2))
                cin = n * (i + 2)
        self.convs = nn.ModuleList(layers)
        self.fc = nn.Linear(8 * 8 * cin, h)

    def forward(self, x):
        for c in self.convs:
            x = F.elu(c(x))
        return self.fc(x.flatten(1))


class Decoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(h, 8 * 8 * n)
        self.convs = nn.ModuleList([conv(n, n) for _ in range(2 * blocks)])
        self.out = conv(n, 1)

    def forward(self, z):
        x = self.fc(z).view(-1, n, 8, 8)
        for i in range(blocks):
            if i:
                x = F.interpolate(x, scale_factor=2, mode='nearest')
            x = F.elu(self.convs[2 * i + 1](F.elu(self.convs[2 * i](x))))
        return self.out(x)


G, D = Decoder(), nn.Sequential(Encoder(), Decoder())
for m in list(G.modules()) + list(D.modules()):
    if isinstance(m, (nn.Conv2d, nn.Linear)):
        nn.init.xavier_uniform_(m.weight)
        nn.init.zeros_(m.bias)
optD = torch.optim.Adam(D.parameters(), args.lr, betas=(0.5, 0.999))
optG = torch.optim.Adam(G.parameters(), args.lr, betas=(0.5, 0.999))


def loss(v, reconstruction):
    return (v - reconstruction).abs().mean()


def uniform(count):
    return torch.rand(count, h) * 2 - 1


def diversity(images):
    return torch.cdist(images.flatten(1), images.flatten(1)).mean().item()


k, position, order = 0.0, 0, torch.randperm(len(data))
z_preview = uniform(64)
log = open(args.out + '.jsonl', 'w')
start = time.time()
for step in range(1, args.steps + 1):
    if position + args.batch_size > len(data):
        order, position = torch.randperm(len(data)), 0
    x = data[order[position:position + args.batch_size]]
    position += args.batch_size
    with torch.no_grad():
        fake_d = G(uniform(args.batch_size))
    loss_real, loss_fake = loss(x, D(x)), loss(fake_d, D(fake_d))
    optD.zero_grad()
    (loss_real - k * loss_fake).backward()
    optD.step()
    for p in D.parameters():
        p.requires_grad_(False)
    fake_g = G(uniform(args.batch_size))
    loss_gen = loss(fake_g, D(fake_g))
    optG.zero_grad()
    loss_gen.backward()
    optG.step()
    for p in D.parameters():
        p.requires_grad_(True)
    balance = args.gamma * loss_real.item() - loss_gen.item()
    k = min(max(k + args.lambda_k * balance, 0.0), 1.0)
    if step % 50 == 0:
        record = dict(step=step, lossReal=loss_real.item(), lossFake=loss_fake.item(), lossGen=loss_gen.item(), k=k,
                      convergence=loss_real.item() + abs(balance))
        log.write(json.dumps(record) + '\n')
        log.flush()
        print(json.dumps(record), f'{step / (time.time() - start):.2f} steps/s', flush=True)
    if step % args.grid_every == 0 or step == args.steps:
        with torch.no_grad():
            samples = G(z_preview).clamp(-1, 1)
        grid = ((samples.view(8, 8, size, size).permute(0, 2, 1, 3).reshape(8 * size, 8 * size) + 1) * 127.5)
        Image.fromarray(grid.byte().numpy()).save(f'{args.out}-{step:06d}.png')
        print(f'step {step}: sample diversity {diversity(samples):.2f} (real images: {diversity(x):.2f})', flush=True)
