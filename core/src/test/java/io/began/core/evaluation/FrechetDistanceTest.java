package io.began.core.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

class FrechetDistanceTest {

    private static FeatureStatistics stats(double[] mean, double[][] cov) {
        DMatrixRMaj c = new DMatrixRMaj(cov);
        return new FeatureStatistics(1000, mean, c);
    }

    @Test
    void identicalStatisticsAreAtDistanceZero() {
        Random random = new Random(1);
        double[][] rows = new double[500][16];
        for (double[] row : rows) {
            for (int j = 0; j < row.length; j++) {
                row[j] = random.nextGaussian() * (1 + j % 3) + j;
            }
        }
        FeatureStatistics s = FeatureStatistics.of(rows);
        assertEquals(0.0, FrechetDistance.between(s, s), 1e-9);
    }

    @Test
    void diagonalCovariancesGiveTheClosedForm() {
        double[] a = {1, 4, 9};
        double[] b = {4, 1, 0.25};
        double expected = 0;
        for (int i = 0; i < 3; i++) {
            expected += Math.pow(Math.sqrt(a[i]) - Math.sqrt(b[i]), 2);
        }
        expected += 1 + 4 + 0; // ‖(1,2,0) − 0‖²
        double fid = FrechetDistance.between(
                stats(new double[] {1, 2, 0}, new double[][] {{1, 0, 0}, {0, 4, 0}, {0, 0, 9}}),
                stats(new double[] {0, 0, 0}, new double[][] {{4, 0, 0}, {0, 1, 0}, {0, 0, 0.25}}));
        assertEquals(expected, fid, 1e-10);
    }

    @Test
    void nonCommutingCovariancesMatchTheTwoByTwoFormula() {
        double[][] s1 = {{2, 0.5}, {0.5, 1}};
        double[][] s2 = {{1, -0.3}, {-0.3, 3}};
        // M = S1·S2 has real nonnegative eigenvalues: tr √M = √(tr M + 2√det M)
        double m00 = s1[0][0] * s2[0][0] + s1[0][1] * s2[1][0];
        double m11 = s1[1][0] * s2[0][1] + s1[1][1] * s2[1][1];
        double det1 = s1[0][0] * s1[1][1] - s1[0][1] * s1[1][0];
        double det2 = s2[0][0] * s2[1][1] - s2[0][1] * s2[1][0];
        double traceRoot = Math.sqrt(m00 + m11 + 2 * Math.sqrt(det1 * det2));
        double expected = 0.25 + (2 + 1) + (1 + 3) - 2 * traceRoot; // means differ by (0.5, 0)
        double fid = FrechetDistance.between(stats(new double[] {0.5, 0}, s1), stats(new double[] {0, 0}, s2));
        assertEquals(expected, fid, 1e-10);
    }

    @Test
    void fewerSamplesThanDimensionsStayFiniteAndNonNegative() {
        Random random = new Random(2);
        double[][] a = new double[20][64];
        double[][] b = new double[20][64];
        for (int i = 0; i < 20; i++) {
            for (int j = 0; j < 64; j++) {
                a[i][j] = random.nextGaussian();
                b[i][j] = random.nextGaussian() + 0.1;
            }
        }
        double fid = FrechetDistance.between(FeatureStatistics.of(a), FeatureStatistics.of(b));
        assertTrue(Double.isFinite(fid) && fid >= 0, "fid " + fid);
    }

    @Test
    void fromRowsItIsTheSameWithFewerOrMoreRowsThanDimensions() {
        Random random = new Random(5);
        double[][] reference = new double[300][48];
        for (double[] row : reference) {
            for (int j = 0; j < row.length; j++) {
                row[j] = random.nextGaussian() * (1 + j % 3);
            }
        }
        FeatureStatistics b = FeatureStatistics.of(reference);
        for (int n : new int[] {10, 47, 48, 200}) {
            double[][] a = new double[n][48];
            for (double[] row : a) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = random.nextGaussian() * 1.5 + 0.2;
                }
            }
            double fromStatistics = FrechetDistance.between(FeatureStatistics.of(a), b);
            // the covariance form sums √ of the round-off eigenvalues (1e-14 and so on) where the rank is below d;
            // the rows' form has exact zeros there: they agree to 1e-7 of the distance
            assertEquals(
                    fromStatistics,
                    FrechetDistance.between(a, b),
                    1e-7 * Math.max(1, fromStatistics),
                    n + " rows of 48 features");
        }
    }

    @Test
    void theCovarianceUsesNMinusOne() {
        FeatureStatistics s = FeatureStatistics.of(new double[][] {{1, 0}, {3, 0}});
        assertEquals(2.0, s.mean()[0], 0);
        assertEquals(2.0, s.covariance().get(0, 0), 1e-12); // ((1-2)² + (3-2)²) / (2 - 1)
    }
}
