package io.began.core.evaluation;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.began.core.model.GradMode;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.apache.commons.math3.random.MersenneTwister;

/**
 * Kernel Inception Distance (Bińkowski et al. 2018) as torch-fidelity and clean-fid compute it: the unbiased MMD²
 * between sample and real features under the cubic polynomial kernel k(x, y) = (xᵀy/d + 1)³, on {@code subsets}
 * pairs of random subsets of {@code subsetSize} rows each (without replacement), reported as the mean and the
 * population standard deviation over the subsets. Unlike FID it is unbiased at any N, so checkpoints scored with
 * different N compare; like FID, lower is better and 0 is the real data's.
 * <p>
 * The subsets are drawn exactly as torch-fidelity draws them: numpy's legacy {@code RandomState(seed)} (MT19937
 * seeded by init_genrand) and {@code choice(n, size, replace=False)}, which is the first {@code size} entries of
 * {@code permutation(n)}, a Fisher–Yates shuffle from the top whose j is drawn by masked rejection from 32-bit
 * outputs. With torch-fidelity's seed, 2020, both compute on the same rows (tools/crosscheck_scores.py).
 * Kernel sums are taken in double through PyTorch; the real side's are computed once per real feature set (the
 * evaluator scores every checkpoint against the same rows, drawn into the same subsets), a third of the work. When a
 * subset holds every row of both sides (N and the reference rows both at most 1000), all subsets are the same sets
 * and one computation gives the result.
 */
public final class KernelInceptionDistance {

    /** torch-fidelity's defaults: 100 subsets of 1000, rng_seed 2020. */
    public static final int SUBSETS = 100;

    public static final int SUBSET_SIZE = 1000;
    public static final int SEED = 2020;

    /** @param mean KID, the mean MMD² over the subsets; @param std their population standard deviation */
    public record Result(double mean, double std, int subsets, int subsetSize) {}

    /** Per real feature set (held weakly: an evaluator keeps one per extractor), its subsets' kernel sums. */
    private static final Map<double[][], Map<List<Integer>, double[]>> REAL_SUMS =
            Collections.synchronizedMap(new WeakHashMap<>());

    private KernelInceptionDistance() {}

    /** With torch-fidelity's subsets, subset size and seed; the subset size shrinks to the smaller side's rows. */
    public static Result of(double[][] samples, double[][] real, Device device) {
        return of(samples, real, SUBSETS, Math.min(SUBSET_SIZE, Math.min(samples.length, real.length)), SEED, device);
    }

    public static Result of(double[][] samples, double[][] real, int subsets, int subsetSize, int seed, Device device) {
        if (subsetSize < 2 || subsetSize > samples.length || subsetSize > real.length) {
            throw new IllegalArgumentException("a KID subset of " + subsetSize + " rows needs at least that many (and "
                    + "2) on each side: " + samples.length + " samples, " + real.length + " real");
        }
        int d = samples[0].length;
        if (real[0].length != d) {
            throw new IllegalArgumentException("samples have " + d + " features, real rows " + real[0].length);
        }
        double gamma = 1.0 / d;
        if (subsetSize == samples.length && subsetSize == real.length) {
            // every subset is then a permutation of all rows, which MMD² ignores: the subsets' values agree to the
            // order of float sums, so one computation on the whole sets is the mean, and their spread is 0
            try (NDManager manager = NDManager.newBaseManager(device, "PyTorch");
                    GradMode off = GradMode.disabled()) {
                int[] all = IntStream.range(0, subsetSize).toArray();
                NDArray x = rows(manager, samples, all, d);
                NDArray y = rows(manager, real, all, d);
                double m = subsetSize;
                double mmd = (offDiagonalSum(x, gamma) + offDiagonalSum(y, gamma)) / (m * (m - 1))
                        - 2 * cubicSum(x, y, gamma) / (m * m);
                return new Result(mmd, 0, subsets, subsetSize);
            }
        }
        MersenneTwister random = new MersenneTwister(seed);
        double[] mmds = new double[subsets];
        // the real side's subsets depend only on the counts and the seed: its kernel sums are kept per real set
        double[] realSums = REAL_SUMS
                .computeIfAbsent(real, r -> new ConcurrentHashMap<>())
                .get(List.of(samples.length, subsets, subsetSize, seed));
        double[] computed = realSums != null ? null : new double[subsets];
        try (NDManager manager = NDManager.newBaseManager(device, "PyTorch");
                GradMode off = GradMode.disabled()) {
            for (int s = 0; s < subsets; s++) {
                // torch-fidelity draws the first set's subset, then the second's
                int[] first = choice(random, samples.length, subsetSize);
                int[] second = choice(random, real.length, subsetSize);
                try (NDManager subset = manager.newSubManager()) {
                    NDArray x = rows(subset, samples, first, d);
                    NDArray y = rows(subset, real, second, d);
                    double yy;
                    if (realSums != null) {
                        yy = realSums[s];
                    } else {
                        yy = offDiagonalSum(y, gamma);
                        computed[s] = yy;
                    }
                    double m = subsetSize;
                    mmds[s] = (offDiagonalSum(x, gamma) + yy) / (m * (m - 1)) - 2 * cubicSum(x, y, gamma) / (m * m);
                }
            }
        }
        if (computed != null) {
            REAL_SUMS.get(real).put(List.of(samples.length, subsets, subsetSize, seed), computed);
        }
        double mean = 0;
        for (double v : mmds) {
            mean += v;
        }
        mean /= subsets;
        double variance = 0;
        for (double v : mmds) {
            variance += (v - mean) * (v - mean);
        }
        return new Result(mean, Math.sqrt(variance / subsets), subsets, subsetSize);
    }

    /**
     * Σ_ij k(a_i, b_j), k = (aᵀb·γ + 1)³: torch-fidelity's mmd2 takes these sums (unbiased: off the diagonal for
     * a set with itself). The cube is two in-place products, not pow, which costs as much as the matrix product.
     */
    private static double cubicSum(NDArray a, NDArray b, double gamma) {
        NDArray k = a.matMul(b.transpose()).muli(gamma).addi(1);
        return k.mul(k).muli(k).sum().getDouble();
    }

    /** Σ_{i≠j} k(a_i, a_j): the whole sum less the diagonal, k(a_i, a_i) = (‖a_i‖²γ + 1)³. */
    private static double offDiagonalSum(NDArray a, double gamma) {
        NDArray diagonal = a.square().sum(new int[] {1}).muli(gamma).addi(1);
        return cubicSum(a, a, gamma)
                - diagonal.mul(diagonal).muli(diagonal).sum().getDouble();
    }

    private static NDArray rows(NDManager manager, double[][] all, int[] picked, int d) {
        double[] flat = new double[picked.length * d];
        for (int i = 0; i < picked.length; i++) {
            System.arraycopy(all[picked[i]], 0, flat, i * d, d);
        }
        return manager.create(flat, new Shape(picked.length, d));
    }

    /** numpy's legacy {@code RandomState.choice(n, size, replace=False)}: {@code permutation(n)[:size]}. */
    static int[] choice(MersenneTwister random, int n, int size) {
        int[] permutation = new int[n];
        for (int i = 0; i < n; i++) {
            permutation[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = interval(random, i);
            int t = permutation[i];
            permutation[i] = permutation[j];
            permutation[j] = t;
        }
        return Arrays.copyOf(permutation, size);
    }

    /** numpy's random_interval(max) for max below 2³²: 32-bit outputs masked to max's bit length until ≤ max. */
    private static int interval(MersenneTwister random, int max) {
        long mask = max;
        mask |= mask >>> 1;
        mask |= mask >>> 2;
        mask |= mask >>> 4;
        mask |= mask >>> 8;
        mask |= mask >>> 16;
        long value;
        do {
            value = (random.nextInt() & 0xFFFFFFFFL) & mask;
        } while (value > max);
        return (int) value;
    }
}
