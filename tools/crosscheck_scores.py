#!/usr/bin/env python3
"""Cross-checks `./began score` against the reference formulas in numpy/scipy (not part of the test suite).

IS as openai/improved-gan and torch-fidelity compute it (softmax, contiguous splits, exp of the mean KL, mean and
population std over splits); FID as pytorch-fid's calculate_frechet_distance (np.cov, scipy.linalg.sqrtm, real part); precision, recall, density
and coverage as clovaai/generative-evaluation-prdc's compute_prdc (one k per call: 3 for P/R, 5 for D/C); KID as
torch-fidelity's kid_features_to_metric (100 subsets of 1000 drawn by np.random.RandomState(2020), cubic polynomial
kernel, unbiased MMD²). With TORCH_FIDELITY_SRC set to a checkout of toshas/torch-fidelity and torch importable, KID is
checked against that code itself, in float64; otherwise against the same steps written out below.
Needs numpy and scipy; run from the repository root after ./mvnw -pl cli -am package -DskipTests.
"""
import os
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import scipy.linalg

CLASSPATH = 'cli/target/began-cli.jar:cli/target/lib/*'


def began(*args):
    return json.loads(subprocess.check_output(['java', '-cp', CLASSPATH, 'io.began.cli.Began', *args]))


def reference_is(logits, splits):
    x = logits - logits.max(1, keepdims=True)
    p = np.exp(x) / np.exp(x).sum(1, keepdims=True)
    n = len(p)
    scores = []
    for k in range(splits):
        part = p[k * n // splits:(k + 1) * n // splits]
        py = part.mean(0, keepdims=True)
        scores.append(np.exp((part * (np.log(part) - np.log(py))).sum(1).mean()))
    return np.mean(scores), np.std(scores)


def reference_fid(a, b):
    mu1, mu2 = a.mean(0), b.mean(0)
    s1, s2 = np.cov(a, rowvar=False), np.cov(b, rowvar=False)
    covmean = scipy.linalg.sqrtm(s1.dot(s2))
    if not np.isfinite(covmean).all():
        offset = np.eye(s1.shape[0]) * 1e-6
        covmean = scipy.linalg.sqrtm((s1 + offset).dot(s2 + offset))
    covmean = covmean.real
    diff = mu1 - mu2
    return diff.dot(diff) + np.trace(s1) + np.trace(s2) - 2 * np.trace(covmean)


def reference_prdc(real, fake, k):
    def pairwise(a, b):
        return np.sqrt(np.maximum(((a[:, None, :] - b[None, :, :]) ** 2).sum(-1), 0))

    def radii(x):
        return np.partition(pairwise(x, x), k, axis=-1)[:, k]

    real_r, fake_r, d = radii(real), radii(fake), pairwise(real, fake)
    return {'precision': (d < real_r[:, None]).any(axis=0).mean(),
            'recall': (d < fake_r[None, :]).any(axis=1).mean(),
            'density': (1.0 / k) * (d < real_r[:, None]).sum(axis=0).mean(),
            'coverage': (d.min(axis=1) < real_r).mean()}


def torch_fidelity_kid():
    """torch-fidelity's own kid_features_to_metric, without importing its feature extractors (torchvision)."""
    src = os.environ.get('TORCH_FIDELITY_SRC')
    if not src:
        return None
    import types
    import torch
    package = types.ModuleType('torch_fidelity')
    package.__path__ = [str(Path(src) / 'torch_fidelity')]
    sys.modules['torch_fidelity'] = package
    utils = types.ModuleType('torch_fidelity.utils')  # only its feature extraction, which KID of rows does not use
    for name in ('create_feature_extractor', 'extract_featuresdict_from_input_id_cached', 'resolve_feature_extractor',
                 'resolve_feature_layer_for_metric'):
        setattr(utils, name, None)
    sys.modules['torch_fidelity.utils'] = utils
    from torch_fidelity.metric_kid import kid_features_to_metric

    def kid(samples, real, subsets, size):
        out = kid_features_to_metric(torch.from_numpy(samples), torch.from_numpy(real), kid_subsets=subsets,
                                     kid_subset_size=size, kid_kernel='poly', kid_kernel_poly_degree=3,
                                     kid_kernel_poly_gamma=None, kid_kernel_poly_coef0=1, rng_seed=2020,
                                     verbose=False)
        return out['kernel_inception_distance_mean'], out['kernel_inception_distance_std']
    return kid


def reference_kid(samples, real, subsets, size):
    rng = np.random.RandomState(2020)

    def kernel(x, y):
        return (x @ y.T / x.shape[1] + 1) ** 3
    mmds = []
    for _ in range(subsets):
        x = samples[rng.choice(len(samples), size, replace=False)]
        y = real[rng.choice(len(real), size, replace=False)]
        kxx, kyy, kxy = kernel(x, x), kernel(y, y), kernel(x, y)
        mmds.append((kxx.sum() - np.trace(kxx) + kyy.sum() - np.trace(kyy)) / (size * (size - 1))
                    - 2 * kxy.sum() / size ** 2)
    return np.mean(mmds), np.std(mmds)


def main(trials=5):
    rng = np.random.default_rng(0)
    worst_is = worst_fid = worst_prdc = worst_kid = 0.0
    kid = torch_fidelity_kid() or reference_kid
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        # the evaluator's shape first (N 10 000 samples and real rows, the domain classifier's 128 features), then
        # smaller random ones
        for n, m, d, subsets, size in [(10000, 10000, 128, 100, 1000)] + [
                (int(rng.integers(300, 1500)), int(rng.integers(300, 1500)), int(rng.integers(2, 256)),
                 int(rng.integers(2, 20)), 200) for _ in range(trials)]:
            samples = rng.normal(rng.uniform(0, 0.3), rng.uniform(0.5, 1.5), (n, d))
            real = rng.normal(0, 1, (m, d))
            np.savetxt(tmp / 's.csv', samples, delimiter=',', fmt='%.17g')
            np.savetxt(tmp / 'r.csv', real, delimiter=',', fmt='%.17g')
            ours = began('score', 'kid', str(tmp / 's.csv'), str(tmp / 'r.csv'), '--subsets', str(subsets),
                         '--subset-size', str(size))
            mean, std = kid(samples, real, subsets, size)
            worst_kid = max(worst_kid, abs(ours['kid'] - mean) / abs(mean), abs(ours['kidStd'] - std) / std)
        for _ in range(trials):
            n, c = int(rng.integers(200, 2000)), int(rng.integers(2, 1008))
            logits = rng.normal(0, rng.uniform(0.5, 5), (n, c))
            np.savetxt(tmp / 'l.csv', logits, delimiter=',', fmt='%.17g')
            ours = began('score', 'is', str(tmp / 'l.csv'), '--splits', '10')
            mean, std = reference_is(logits, 10)
            worst_is = max(worst_is, abs(ours['inceptionScore'] - mean) / mean, abs(ours['std'] - std) / std)
            d = int(rng.integers(4, 200))
            a = rng.normal(0, 1, (int(rng.integers(d + 10, 3 * d + 50)), d)) @ rng.normal(0, 1, (d, d))
            b = rng.normal(0.2, 1, (int(rng.integers(d + 10, 3 * d + 50)), d)) @ rng.normal(0, 1, (d, d))
            np.savetxt(tmp / 'a.csv', a, delimiter=',', fmt='%.17g')
            np.savetxt(tmp / 'b.csv', b, delimiter=',', fmt='%.17g')
            ours = began('score', 'fid', str(tmp / 'a.csv'), str(tmp / 'b.csv'))
            worst_fid = max(worst_fid, abs(ours['fid'] - reference_fid(a, b)) / abs(reference_fid(a, b)))
            n, m, d = int(rng.integers(100, 600)), int(rng.integers(100, 600)), int(rng.integers(2, 64))
            real = rng.normal(0, 1, (n, d))
            fake = rng.normal(rng.uniform(0, 0.5), rng.uniform(0.5, 1.5), (m, d))
            np.savetxt(tmp / 'r.csv', real, delimiter=',', fmt='%.17g')
            np.savetxt(tmp / 'f.csv', fake, delimiter=',', fmt='%.17g')
            ours = began('score', 'prdc', str(tmp / 'r.csv'), str(tmp / 'f.csv'))
            pr, dc = reference_prdc(real, fake, 3), reference_prdc(real, fake, 5)
            want = {'precision': pr['precision'], 'recall': pr['recall'], 'density': dc['density'],
                    'coverage': dc['coverage']}
            worst_prdc = max([worst_prdc] + [abs(ours[key] - value) for key, value in want.items()])
    print(json.dumps({'trials': trials, 'maxRelativeDifferenceIS': worst_is, 'maxRelativeDifferenceFID': worst_fid,
                      'maxAbsoluteDifferencePRDC': worst_prdc, 'maxRelativeDifferenceKID': worst_kid,
                      'kidReference': 'torch-fidelity' if kid is not reference_kid else 'numpy'}))
    return 0 if max(worst_is, worst_fid, worst_prdc, worst_kid) < 1e-6 else 1


if __name__ == '__main__':
    sys.exit(main())
