package io.began.core.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class InceptionScoreTest {

    @Test
    void uniformPredictionsScoreOne() {
        double[][] rows = new double[100][10];
        InceptionScore.Result r = InceptionScore.of(rows, 10, false); // equal logits: p(y|x) uniform
        assertEquals(1.0, r.inceptionScore(), 1e-12);
        assertEquals(0.0, r.std(), 1e-12);
        assertEquals(100, r.n());
    }

    @Test
    void confidentBalancedPredictionsOverCClassesScoreC() {
        int classes = 7;
        double[][] probabilities = new double[70][classes];
        for (int i = 0; i < 70; i++) {
            probabilities[i][i % classes] = 1.0;
        }
        // each split of 7 rows holds every class once: p(y) uniform, KL = log C per row
        InceptionScore.Result r = InceptionScore.of(probabilities, 10, true);
        assertEquals(classes, r.inceptionScore(), 1e-9);
        assertEquals(0.0, r.std(), 1e-9);
        // the same with very confident logits
        double[][] logits = new double[70][classes];
        for (int i = 0; i < 70; i++) {
            logits[i][i % classes] = 60;
        }
        assertEquals(classes, InceptionScore.of(logits, 10, false).inceptionScore(), 1e-9);
    }

    @Test
    void splitsAreContiguousSlicesAndTheStdIsThePopulationOne() {
        // first half: one class only (score 1); second half: two classes balanced (score 2)
        double[][] p = new double[8][2];
        for (int i = 0; i < 4; i++) {
            p[i][0] = 1;
        }
        for (int i = 4; i < 8; i++) {
            p[i][i % 2] = 1;
        }
        InceptionScore.Result r = InceptionScore.of(p, 2, true);
        assertEquals(1.5, r.inceptionScore(), 1e-12);
        assertEquals(0.5, r.std(), 1e-12); // ddof 0: sqrt(((1-1.5)² + (2-1.5)²)/2)
    }

    @Test
    void aKnownMixedCaseMatchesTheFormulaWorkedByHand() {
        // one split, two rows: p1 = (0.9, 0.1), p2 = (0.2, 0.8); p(y) = (0.55, 0.45)
        double[][] p = {{0.9, 0.1}, {0.2, 0.8}};
        double kl1 = 0.9 * Math.log(0.9 / 0.55) + 0.1 * Math.log(0.1 / 0.45);
        double kl2 = 0.2 * Math.log(0.2 / 0.55) + 0.8 * Math.log(0.8 / 0.45);
        assertEquals(Math.exp((kl1 + kl2) / 2), InceptionScore.of(p, 1, true).inceptionScore(), 1e-12);
        double[][] logits = {{Math.log(0.9), Math.log(0.1)}, {Math.log(0.2) + 3, Math.log(0.8) + 3}};
        assertEquals(
                Math.exp((kl1 + kl2) / 2), InceptionScore.of(logits, 1, false).inceptionScore(), 1e-12);
    }

    @Test
    void badInputIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> InceptionScore.of(new double[3][2], 4, false));
        assertThrows(IllegalArgumentException.class, () -> InceptionScore.of(new double[][] {{0.5, 0.7}}, 1, true));
        assertThrows(IllegalArgumentException.class, () -> InceptionScore.of(new double[][] {{1, 2}, {3}}, 1, false));
    }
}
