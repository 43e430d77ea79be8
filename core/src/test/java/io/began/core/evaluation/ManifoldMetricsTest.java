package io.began.core.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Precision, recall, density and coverage on cases whose answers follow from the definitions. */
class ManifoldMetricsTest {

    private static double[][] column(double... values) {
        double[][] rows = new double[values.length][];
        for (int i = 0; i < values.length; i++) {
            rows[i] = new double[] {values[i]};
        }
        return rows;
    }

    @Test
    void aWorkedExampleOnTheLine() {
        // real 0..4, every ball radius 1 (k = 1); samples 0.5 and 10 (their own balls: radius 9.5)
        ManifoldMetrics.Result r = ManifoldMetrics.of(column(0, 1, 2, 3, 4), column(0.5, 10), 1, 1, Device.cpu());
        assertEquals(0.5, r.precision(), 1e-12, "0.5 lies in the balls of 0 and 1; 10 in none");
        assertEquals(1.0, r.recall(), 1e-12, "every real point is within 9.5 of a sample");
        assertEquals(1.0, r.density(), 1e-12, "(2 balls + 0 balls) / (k·2 samples)");
        assertEquals(0.4, r.coverage(), 1e-12, "only the balls of 0 and 1 hold a sample");
    }

    @Test
    void samplesDrawnLikeTheDataScoreNearOneAndFarSamplesZero() {
        Random random = new Random(3);
        double[][] real = gaussian(random, 1500, 8, 0);
        double[][] same = gaussian(random, 1500, 8, 0);
        double[][] far = gaussian(random, 1500, 8, 100);
        ManifoldMetrics.Result alike = ManifoldMetrics.of(real, same, Device.cpu());
        assertTrue(alike.precision() > 0.6 && alike.recall() > 0.6, alike.toString());
        assertTrue(alike.density() > 0.8 && alike.density() < 1.2, alike.toString());
        assertTrue(alike.coverage() > 0.9, alike.toString());
        ManifoldMetrics.Result apart = ManifoldMetrics.of(real, far, Device.cpu());
        assertEquals(0, apart.precision());
        assertEquals(0, apart.recall());
        assertEquals(0, apart.density());
        assertEquals(0, apart.coverage());
        // a collapsed generator: faithful samples (precision) but no diversity (recall, coverage)
        double[][] collapsed = new double[1500][];
        for (int i = 0; i < collapsed.length; i++) {
            collapsed[i] = real[i % 5].clone();
            collapsed[i][0] += 1e-3 * i;
        }
        ManifoldMetrics.Result mode = ManifoldMetrics.of(real, collapsed, Device.cpu());
        assertEquals(1.0, mode.precision(), 1e-12);
        assertTrue(mode.recall() < 0.05 && mode.coverage() < 0.05, mode.toString());
        assertEquals(3, mode.kPrecisionRecall());
        assertEquals(5, mode.kDensityCoverage());
    }

    @Test
    void identicalSetsAreFullyPreciseRecalledAndCovered() {
        double[][] real = gaussian(new Random(5), 700, 4, 0);
        ManifoldMetrics.Result r = ManifoldMetrics.of(real, real, Device.cpu());
        assertEquals(1.0, r.precision(), 1e-12);
        assertEquals(1.0, r.recall(), 1e-12);
        assertEquals(1.0, r.coverage(), 1e-12);
        assertEquals(1.0, r.density(), 1e-12, "each ball holds its centre and its k−1 nearer neighbours");
        assertThrows(
                IllegalArgumentException.class,
                () -> ManifoldMetrics.of(column(0, 1, 2), column(0, 1, 2, 3, 4, 5), Device.cpu()));
    }

    private static double[][] gaussian(Random random, int n, int d, double shift) {
        double[][] rows = new double[n][d];
        for (double[] row : rows) {
            for (int j = 0; j < d; j++) {
                row[j] = random.nextGaussian() + shift;
            }
        }
        return rows;
    }
}
