#!/usr/bin/env python3
"""Cross-checks `./began score` against the reference formulas in numpy/scipy (not part of the test suite).

IS as openai/improved-gan and torch-fidelity compute it (softmax, contiguous splits, exp of the mean KL, mean and
population std over splits); FID as pytorch-fid's calculate_frechet_distance (np.cov, scipy.linalg.sqrtm, real part); precision, recall, density
and coverage as clovaai/generative-evaluation-prdc's compute_prdc (one k per call: 3 for P/R, 5 for D/C).
Needs numpy and scipy; run from the repository root after ./mvnw -pl cli -am package -DskipTests.
"""
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


def main(trials=5):
    rng = np.random.default_rng(0)
    worst_is = worst_fid = worst_prdc = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
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
                      'maxAbsoluteDifferencePRDC': worst_prdc}))
    return 0 if max(worst_is, worst_fid, worst_prdc) < 1e-6 else 1


if __name__ == '__main__':
    sys.exit(main())
