#!/usr/bin/env python3
"""TorchScript files for the evaluator's Inception-v3 extractor.

The evaluator (and `./began score`) load a TorchScript module with this contract:
  input   float32 N x 3 x 299 x 299, pixel values in [-1, 1]
          (the evaluator turns grey into 3 channels and resizes bilinearly, align_corners=False, as pytorch-fid does)
  output  a tuple (logits N x 1008, pool3 N x 2048): logits are fc.weight @ pool3 WITHOUT the bias
          (torch-fidelity's 'logits_unbiased', used for the Inception Score), pool3 the 2048 average-pooled
          features FID uses.

  export   the TF-ported FID Inception weights of pytorch-fid (pip install pytorch-fid; it fetches
           pt_inception-2015-12-05-6726825d.pth itself) wrapped to that contract, traced in eval mode:
             python3 tools/inception_torchscript.py export --out inception-v3.pt
           then put the file in the bucket as extractors/inception-v3.pt.
  random   torchvision's Inception-v3 layout (1008 classes) with random weights: the real cost, meaningless scores
           (for benchmarks where the real weights cannot be fetched).
  tiny     a small module with the same contract and a reference: inputs at 28x28x1 and 32x32x3 and the
           outputs PyTorch gives after the evaluator's preprocessing (the test fixture of InceptionV3Test).
"""
import argparse
import sys

import torch
import torch.nn.functional as F
from torch import nn


class Contract(nn.Module):
    """Wraps an Inception-v3 trunk to (logits without bias, pool3)."""

    def __init__(self, trunk, fc):
        super().__init__()
        self.trunk = trunk
        self.fc_weight = nn.Parameter(fc.weight.detach().clone(), requires_grad=False)

    def forward(self, x):
        pool3 = torch.flatten(self.trunk(x), 1)
        return pool3 @ self.fc_weight.t(), pool3


def trunk_of(inception):
    """Everything up to and including the global average pool (torchvision / pytorch-fid layer names)."""
    names = ["Conv2d_1a_3x3", "Conv2d_2a_3x3", "Conv2d_2b_3x3", "maxpool1", "Conv2d_3b_1x1", "Conv2d_4a_3x3",
             "maxpool2", "Mixed_5b", "Mixed_5c", "Mixed_5d", "Mixed_6a", "Mixed_6b", "Mixed_6c", "Mixed_6d",
             "Mixed_6e", "Mixed_7a", "Mixed_7b", "Mixed_7c", "avgpool"]
    layers = []
    for name in names:
        if hasattr(inception, name):
            layers.append(getattr(inception, name))
        elif name == "maxpool1" or name == "maxpool2":
            layers.append(nn.MaxPool2d(kernel_size=3, stride=2))
        elif name == "avgpool":
            layers.append(nn.AdaptiveAvgPool2d((1, 1)))
    return nn.Sequential(*layers)


def export(out):
    try:
        from pytorch_fid.inception import fid_inception_v3
    except ImportError:
        sys.exit("export needs pytorch-fid (pip install pytorch-fid): its fid_inception_v3() holds the TF weights")
    inception = fid_inception_v3().eval()
    save(Contract(trunk_of(inception), inception.fc).eval(), out)


def random(out):
    from torchvision.models import inception_v3
    torch.manual_seed(0)
    inception = inception_v3(weights=None, aux_logits=False, init_weights=True, num_classes=1008).eval()
    save(Contract(trunk_of(inception), inception.fc).eval(), out)


def save(module, out):
    with torch.no_grad():
        traced = torch.jit.trace(module, torch.zeros(2, 3, 299, 299))
    traced.save(out)
    print(f"wrote {out}")


class Tiny(nn.Module):
    """Same contract, a few thousand weights: a strided conv sees exact pixel positions, so any difference in the
    grey-to-RGB or resize step changes its outputs."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, kernel_size=7, stride=6)
        self.pool = nn.AdaptiveAvgPool2d((4, 4))
        self.features = nn.Linear(128, 256)
        self.logits = nn.Linear(256, 126, bias=False)

    def forward(self, x):
        h = torch.flatten(self.pool(torch.relu(self.conv(x))), 1)
        pool3 = torch.relu(self.features(h)).repeat(1, 8)
        return self.logits(pool3[:, :256]).repeat(1, 8), pool3


def preprocess(x):
    """What the evaluator does before the module: grey to 3 channels, bilinear to 299 (pytorch-fid's call)."""
    if x.shape[1] == 1:
        x = x.repeat(1, 3, 1, 1)
    return F.interpolate(x, size=(299, 299), mode="bilinear", align_corners=False)


def tiny(out_dir):
    torch.manual_seed(1)
    module = Tiny().eval()
    save(module, f"{out_dir}/tiny-inception.pt")
    with open(f"{out_dir}/tiny-inception-reference.csv", "w") as f:
        f.write("# size,channels,index,kind,values...: inputs are x[i,c,y,x] = sin(0.37*(i+1)*(x+1) + 0.11*(c+1)*(y+1))\n")
        for size, channels in ((28, 1), (32, 3)):
            n = 3
            i = torch.arange(n, dtype=torch.float64).view(n, 1, 1, 1) + 1
            c = torch.arange(channels, dtype=torch.float64).view(1, channels, 1, 1) + 1
            y = torch.arange(size, dtype=torch.float64).view(1, 1, size, 1) + 1
            xx = torch.arange(size, dtype=torch.float64).view(1, 1, 1, size) + 1
            x = torch.sin(0.37 * i * xx + 0.11 * c * y).float()
            with torch.no_grad():
                logits, pool3 = module(preprocess(x))
            for k in range(n):
                f.write(f"{size},{channels},{k},logits," + ",".join(f"{v:.9g}" for v in logits[k].tolist()) + "\n")
                f.write(f"{size},{channels},{k},features," + ",".join(f"{v:.9g}" for v in pool3[k].tolist()) + "\n")
    print(f"wrote {out_dir}/tiny-inception-reference.csv")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("export").add_argument("--out", default="inception-v3.pt")
    sub.add_parser("random").add_argument("--out", default="inception-v3-random.pt")
    sub.add_parser("tiny").add_argument("--out-dir", default=".")
    args = parser.parse_args()
    if args.command == "export":
        export(args.out)
    elif args.command == "random":
        random(args.out)
    else:
        tiny(args.out_dir)


if __name__ == "__main__":
    main()
