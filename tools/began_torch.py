"""BEGAN in plain PyTorch (autograd, torch.optim.Adam), written apart from the Java code so the two can be compared:
the model of core/.../model and the step of core/.../train/BeganStep, used by reference_began.py (does the algorithm
behave as ours?) and bench_pytorch.py (is our step as fast as PyTorch's?).

Architecture: n, 2n, 3n, ... encoder filters, stride-2 conv down, nearest-neighbour up, 8×8 bottleneck, ELU, no
normalisation, Glorot-uniform weights, zero biases. The step: D on L(x) − k_t·L(G(z_D)) with G(z_D) detached, then G
on L(G(z_G)) through a frozen D, then k_t.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


def conv(cin, cout, stride=1):
    return nn.Conv2d(cin, cout, 3, stride, 1)


class Encoder(nn.Module):
    def __init__(self, n, h, size, channels):
        super().__init__()
        blocks = int(math.log2(size)) - 2
        layers, cin = [conv(channels, n)], n
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
    def __init__(self, n, h, size, channels):
        super().__init__()
        self.n, self.blocks = n, int(math.log2(size)) - 2
        self.fc = nn.Linear(h, 8 * 8 * n)
        self.convs = nn.ModuleList([conv(n, n) for _ in range(2 * self.blocks)])
        self.out = conv(n, channels)

    def forward(self, z):
        x = self.fc(z).view(-1, self.n, 8, 8)
        for i in range(self.blocks):
            if i:
                x = F.interpolate(x, scale_factor=2, mode='nearest')
            x = F.elu(self.convs[2 * i + 1](F.elu(self.convs[2 * i](x))))
        return self.out(x)


def loss(v, reconstruction):
    """L(v) = mean |v − D(v)| (η = 1)."""
    return (v - reconstruction).abs().mean()


class Began:
    """G, D (an encoder and a decoder), their Adam optimisers and k_t."""

    def __init__(self, n, h, size, channels, lr, gamma, lambda_k, device='cpu'):
        self.h, self.gamma, self.lambda_k, self.device = h, gamma, lambda_k, device
        self.G = Decoder(n, h, size, channels).to(device)
        self.D = nn.Sequential(Encoder(n, h, size, channels), Decoder(n, h, size, channels)).to(device)
        for m in list(self.G.modules()) + list(self.D.modules()):
            if isinstance(m, (nn.Conv2d, nn.Linear)):
                nn.init.xavier_uniform_(m.weight)
                nn.init.zeros_(m.bias)
        self.optD = torch.optim.Adam(self.D.parameters(), lr, betas=(0.5, 0.999))
        self.optG = torch.optim.Adam(self.G.parameters(), lr, betas=(0.5, 0.999))
        # k_t stays on the device, as in core's Equilibrium: no step waits for the host
        self.k = torch.zeros((), device=device)

    def uniform(self, count):
        return torch.rand(count, self.h, device=self.device) * 2 - 1

    def step(self, x):
        """One training step on the batch x; returns L(x), L(G(z_D)), L(G(z_G)) and M_global, as 0-d tensors."""
        with torch.no_grad():
            fake_d = self.G(self.uniform(len(x)))
        loss_real, loss_fake = loss(x, self.D(x)), loss(fake_d, self.D(fake_d))
        self.optD.zero_grad()
        (loss_real - self.k * loss_fake).backward()
        self.optD.step()
        for p in self.D.parameters():
            p.requires_grad_(False)
        fake_g = self.G(self.uniform(len(x)))
        loss_gen = loss(fake_g, self.D(fake_g))
        self.optG.zero_grad()
        loss_gen.backward()
        self.optG.step()
        for p in self.D.parameters():
            p.requires_grad_(True)
        with torch.no_grad():
            balance = self.gamma * loss_real - loss_gen
            self.k = (self.k + self.lambda_k * balance).clamp(0, 1)
            convergence = loss_real + balance.abs()
        return loss_real.detach(), loss_fake.detach(), loss_gen.detach(), convergence
