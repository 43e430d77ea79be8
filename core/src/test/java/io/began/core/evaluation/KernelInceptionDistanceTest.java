package io.began.core.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.util.Random;
import org.apache.commons.math3.random.MersenneTwister;
import org.junit.jupiter.api.Test;

class KernelInceptionDistanceTest {

    /** What numpy 2.4 printed for np.random.RandomState(2020) and three choice(n, k, replace=False) calls in a row. */
    @Test
    void subsetsAreNumpysRandomStateChoices() {
        MersenneTwister random = new MersenneTwister(2020);
        assertArrayEquals(new int[] {2, 4, 9, 1, 5}, KernelInceptionDistance.choice(random, 10, 5));
        assertArrayEquals(
                new int[] {358, 763, 430, 530, 677, 107, 127, 935}, KernelInceptionDistance.choice(random, 1000, 8));
        assertArrayEquals(
                new int[] {19629, 54640, 2561, 49256, 62108, 56914}, KernelInceptionDistance.choice(random, 70000, 6));
    }

    /** A subset of every row is a permutation, which MMD² ignores: each subset gives the sums written out here. */
    @Test
    void aSubsetOfEveryRowIsTheUnbiasedMmdOfTheWholeSets() {
        double[][] x = rows(40, 6, 0.0, 1);
        double[][] y = rows(40, 6, 0.3, 2);
        KernelInceptionDistance.Result r = KernelInceptionDistance.of(x, y, 5, 40, 7, Device.cpu());
        assertEquals(unbiasedMmd(x, y), r.mean(), 1e-12);
        assertEquals(0, r.std(), 1e-12);
    }

    @Test
    void itIsNearZeroForOneDistributionAndGrowsWithTheShift() {
        double[][] real = rows(600, 8, 0.0, 3);
        double same = KernelInceptionDistance.of(rows(600, 8, 0.0, 4), real, 20, 200, 2020, Device.cpu())
                .mean();
        double near = KernelInceptionDistance.of(rows(600, 8, 0.2, 5), real, 20, 200, 2020, Device.cpu())
                .mean();
        double far = KernelInceptionDistance.of(rows(600, 8, 0.6, 6), real, 20, 200, 2020, Device.cpu())
                .mean();
        assertTrue(Math.abs(same) < near && near < far, same + " < " + near + " < " + far);
    }

    @Test
    void aSubsetLargerThanEitherSideIsRefused() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> KernelInceptionDistance.of(rows(10, 3, 0, 1), rows(50, 3, 0, 2), 2, 20, 1, Device.cpu()));
        assertTrue(e.getMessage().contains("10 samples"), e.getMessage());
    }

    private static double[][] rows(int n, int d, double shift, long seed) {
        Random random = new Random(seed);
        double[][] out = new double[n][d];
        for (double[] row : out) {
            for (int j = 0; j < d; j++) {
                row[j] = random.nextGaussian() + shift;
            }
        }
        return out;
    }

    private static double unbiasedMmd(double[][] x, double[][] y) {
        int m = x.length;
        double xx = 0;
        double yy = 0;
        double xy = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                if (i != j) {
                    xx += k(x[i], x[j]);
                    yy += k(y[i], y[j]);
                }
                xy += k(x[i], y[j]);
            }
        }
        return (xx + yy) / (m * (m - 1.0)) - 2 * xy / ((double) m * m);
    }

    private static double k(double[] a, double[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return Math.pow(dot / a.length + 1, 3);
    }
}
