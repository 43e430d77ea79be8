#!/usr/bin/env python3
"""The training step of `./began bench train` in PyTorch on this machine (began_torch.py: the same model and step),
for `./began bench train --against-pytorch`, which runs it after its own and prints both side by side.

Same config as core's TrainBenchmark: 64 filters, h 64, batch 16, RGB, random images held in memory, Adam, the
paper's γ and λ_k; `warmup` steps, then `steps` timed ones, the device waited for at the end; in PyTorch's default
layout (NCHW) and in channels-last. Prints one JSON object: the results per image size and layout, and what this
torch computes with (threads, BLAS, oneDNN).

    /usr/bin/python3 tools/bench_pytorch.py --sizes 32,64 --threads 2      # apt-get install python3-torch
"""
import argparse
import glob
import json
import os
import re
import time

import torch

from began_torch import Began

parser = argparse.ArgumentParser()
parser.add_argument('--sizes', default='32,64')
parser.add_argument('--warmup', type=int, default=3)
parser.add_argument('--steps', type=int, default=10)
parser.add_argument('--threads', type=int, default=0, help='intra-op threads (0: torch\'s default)')
parser.add_argument('--device', default='cpu', help='cpu | cuda')
args = parser.parse_args()
if args.threads > 0:
    torch.set_num_threads(args.threads)
torch.manual_seed(1)


def synchronize():
    if args.device.startswith('cuda'):
        torch.cuda.synchronize()


def blas():
    """The BLAS torch was built for and, for Debian's generic one, the library the system's alternative points at."""
    built = re.search(r'BLAS_INFO=([^,]+)', torch.__config__.show())
    name = built.group(1) if built else 'unknown'
    if name == 'generic':
        libraries = glob.glob('/usr/lib/*/libblas.so.3')
        if libraries:
            name += ' → ' + os.path.realpath(libraries[0])
    return name


results = []
for size in [int(s) for s in args.sizes.split(',')]:
    # as a PyTorch user writes it (NCHW), and channels-last, the layout ours runs its convolutions in
    for memory_format in (torch.contiguous_format, torch.channels_last):
        began = Began(64, 64, size, 3, 8e-5, 0.5, 0.001, args.device)
        began.G.to(memory_format=memory_format)
        began.D.to(memory_format=memory_format)
        images = (torch.rand(256, 3, size, size, device=args.device) * 2 - 1).contiguous(memory_format=memory_format)
        batches = [images[i:i + 16] for i in range(0, 256, 16)]
        for i in range(args.warmup):
            began.step(batches[i % len(batches)])
        synchronize()
        start = time.perf_counter()
        for i in range(args.steps):
            began.step(batches[i % len(batches)])
        began.k.item()  # the last step's work done
        seconds = time.perf_counter() - start
        results.append(dict(imageSize=size, memoryFormat=str(memory_format).replace('torch.', ''),
                            msPerStep=seconds * 1000 / args.steps, imagesPerSecond=16 * args.steps / seconds))

print(json.dumps(dict(
    torch=torch.__version__,
    device=args.device,
    threads=torch.get_num_threads(),
    interopThreads=torch.get_num_interop_threads(),
    mkldnn=torch.backends.mkldnn.is_available(),
    blas=blas(),
    results=results)))
