package io.began.core.evaluation;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.began.core.model.GradMode;

/**
 * Fidelity and diversity of samples as k-nearest-neighbour manifolds in feature space, as
 * clovaai/generative-evaluation-prdc computes them: precision and recall (Kynkäänniemi et al. 2019) with k = 3,
 * density and coverage (Naeem et al. 2020) with k = 5. A real point's ball has the radius of its k-th nearest real
 * neighbour (itself excluded); comparisons are strict (&lt;). Euclidean distances in double, in row blocks through
 * PyTorch (GPU when there is one), never the whole N×M matrix at once.
 * <ul>
 * <li>precision: the fraction of samples inside some real ball;</li>
 * <li>recall: the fraction of real points inside some sample ball (sample balls from the samples' own k-NN);</li>
 * <li>density: real balls holding each sample, averaged and divided by k (1 for samples distributed like the data);</li>
 * <li>coverage: the fraction of real balls holding at least one sample.</li>
 * </ul>
 */
public final class ManifoldMetrics {

    public static final int K_PRECISION_RECALL = 3;
    public static final int K_DENSITY_COVERAGE = 5;
    private static final int BLOCK = 1024;

    public record Result(
            int n,
            int m,
            int kPrecisionRecall,
            int kDensityCoverage,
            double precision,
            double recall,
            double density,
            double coverage) {}

    private ManifoldMetrics() {}

    /** With the papers' k: 3 for precision/recall, 5 for density/coverage. */
    public static Result of(double[][] real, double[][] fake, Device device) {
        return of(real, fake, K_PRECISION_RECALL, K_DENSITY_COVERAGE, device);
    }

    public static Result of(
            double[][] real, double[][] fake, int kPrecisionRecall, int kDensityCoverage, Device device) {
        int n = real.length;
        int m = fake.length;
        int kMax = Math.max(kPrecisionRecall, kDensityCoverage);
        if (n <= kMax || m <= kPrecisionRecall) {
            throw new IllegalArgumentException("need more than k points on each side: " + n + " real, " + m
                    + " samples, k " + kPrecisionRecall + " and " + kDensityCoverage);
        }
        int d = real[0].length;
        if (fake[0].length != d) {
            throw new IllegalArgumentException("real features have " + d + " dimensions, samples " + fake[0].length);
        }
        try (NDManager manager = NDManager.newBaseManager(device, "PyTorch");
                GradMode off = GradMode.disabled()) {
            NDArray r = matrix(manager, real);
            NDArray f = matrix(manager, fake);
            NDArray r2 = squaredNorms(r);
            NDArray f2 = squaredNorms(f);
            NDArray realPr = radii(r, r2, kPrecisionRecall);
            NDArray realDc = radii(r, r2, kDensityCoverage);
            NDArray fakePr = radii(f, f2, kPrecisionRecall);
            long precise = 0;
            double dense = 0;
            for (int from = 0; from < m; from += BLOCK) {
                try (NDManager block = manager.newSubManager()) {
                    NDArray dist = distances(f.get(from + ":" + Math.min(m, from + BLOCK)), r, r2, block);
                    precise += dist.lt(realPr)
                            .toType(DataType.INT32, false)
                            .sum(new int[] {1})
                            .gt(0)
                            .toType(DataType.INT64, false)
                            .sum()
                            .getLong();
                    dense += dist.lt(realDc).toType(DataType.INT64, false).sum().getLong();
                }
            }
            long recalled = 0;
            long covered = 0;
            for (int from = 0; from < n; from += BLOCK) {
                int to = Math.min(n, from + BLOCK);
                try (NDManager block = manager.newSubManager()) {
                    NDArray dist = distances(r.get(from + ":" + to), f, f2, block);
                    recalled += dist.lt(fakePr)
                            .toType(DataType.INT32, false)
                            .sum(new int[] {1})
                            .gt(0)
                            .toType(DataType.INT64, false)
                            .sum()
                            .getLong();
                    NDArray balls = realDc.get(from + ":" + to);
                    balls.attach(block);
                    covered += dist.min(new int[] {1})
                            .lt(balls)
                            .toType(DataType.INT64, false)
                            .sum()
                            .getLong();
                }
            }
            return new Result(
                    n,
                    m,
                    kPrecisionRecall,
                    kDensityCoverage,
                    (double) precise / m,
                    (double) recalled / n,
                    dense / ((double) kDensityCoverage * m),
                    (double) covered / n);
        }
    }

    private static NDArray matrix(NDManager manager, double[][] rows) {
        int d = rows[0].length;
        double[] flat = new double[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != d) {
                throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " values, not " + d);
            }
            System.arraycopy(rows[i], 0, flat, i * d, d);
        }
        return manager.create(flat, new Shape(rows.length, d));
    }

    /** Distance from each row of {@code x} to its k-th nearest other row (its own row is the 0th, at distance 0). */
    private static NDArray radii(NDArray x, NDArray xSquared, int k) {
        int n = (int) x.getShape().get(0);
        double[] out = new double[n];
        for (int from = 0; from < n; from += BLOCK) {
            int to = Math.min(n, from + BLOCK);
            try (NDManager block = x.getManager().newSubManager()) {
                double[] kth = distances(x.get(from + ":" + to), x, xSquared, block)
                        .topK(k + 1, 1, false, true)
                        .get(0)
                        .get(":, " + k)
                        .toDoubleArray();
                System.arraycopy(kth, 0, out, from, to - from);
            }
        }
        return x.getManager().create(out);
    }

    /**
     * Euclidean distances between the rows of {@code a} (a fresh slice, moved into {@code block} so everything
     * computed from it is freed with the block) and of {@code b}: ‖a‖² + ‖b‖² − 2ab, clamped at 0.
     */
    private static NDArray distances(NDArray a, NDArray b, NDArray bSquared, NDManager block) {
        a.attach(block);
        return a.square()
                .sum(new int[] {1}, true)
                .add(bSquared)
                .sub(a.matMul(b.transpose()).mul(2))
                .maximum(0)
                .sqrt();
    }

    /** ‖row‖² of every row, as a 1×N row for broadcasting. */
    private static NDArray squaredNorms(NDArray x) {
        return x.square().sum(new int[] {1}).expandDims(0);
    }
}
