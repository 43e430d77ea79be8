package io.began.evaluator.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.began.core.events.EvaluationEvent;
import io.began.core.events.Events;
import io.began.core.events.GeneratorScores;
import io.began.evaluator.runs.BestCheckpoint;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BestCheckpointTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    private static EvaluationEvent evaluation(
            long step, Instant time, String extractor, int n, double fid, Double emaFid) {
        GeneratorScores ema = emaFid == null
                ? null
                : new GeneratorScores(n, 2.0, 0.1, emaFid, 0.02, 0.001, null, null, null, null, 1.0);
        return new EvaluationEvent(
                Events.SCHEMA,
                "r",
                step,
                time,
                n,
                10,
                2.0,
                0.1,
                fid,
                extractor,
                "sha",
                null,
                "p",
                9.0,
                1.0,
                1.0,
                null,
                null,
                null,
                null,
                "float32",
                0.03,
                0.001,
                ema);
    }

    @Test
    void theLowerFidOfTheTwoGeneratorsAndItsKid() {
        BestCheckpoint ema = BestCheckpoint.of(evaluation(5, T, "x", 500, 40.0, 35.0));
        assertEquals("ema", ema.generator());
        assertEquals("G_ema", ema.generatorName());
        assertEquals(35.0, ema.fid());
        assertEquals(0.02, ema.kid());
        BestCheckpoint raw = BestCheckpoint.of(evaluation(5, T, "x", 500, 40.0, 40.0));
        assertEquals("raw", raw.generator(), "G on a tie");
        assertEquals(0.03, raw.kid());
        assertEquals(
                "raw", BestCheckpoint.of(evaluation(5, T, "x", 500, 40.0, null)).generator(), "no G_ema");
        assertEquals(
                "ema",
                BestCheckpoint.of(evaluation(5, T, "x", 500, Double.NaN, 50.0)).generator());
        assertNull(
                BestCheckpoint.of(evaluation(5, T, "x", 500, Double.NaN, Double.POSITIVE_INFINITY)),
                "no finite FID: no candidate");
    }

    @Test
    void onlyAStrictlyLowerFidOnTheSameFootingOrANewerFootingTakesItsPlace() {
        BestCheckpoint best = BestCheckpoint.of(evaluation(10, T, "x", 500, 30.0, 32.0));
        assertTrue(best.beatenBy(BestCheckpoint.of(evaluation(15, T.plusSeconds(1), "x", 500, 29.0, null))));
        assertFalse(best.beatenBy(BestCheckpoint.of(evaluation(15, T.plusSeconds(1), "x", 500, 30.0, null))));
        assertFalse(
                best.beatenBy(BestCheckpoint.of(evaluation(15, T.plusSeconds(1), "x", 500, 90.0, 95.0))),
                "a late collapse keeps the best");
        // another extractor or N: FIDs on other scales; the run is scored on the newer footing from then on
        assertTrue(best.beatenBy(BestCheckpoint.of(evaluation(15, T.plusSeconds(1), "inception-v3", 500, 90.0, null))));
        assertTrue(best.beatenBy(BestCheckpoint.of(evaluation(15, T.plusSeconds(1), "x", 10_000, 90.0, null))));
        assertFalse(
                best.beatenBy(BestCheckpoint.of(evaluation(5, T.minusSeconds(1), "inception-v3", 500, 1.0, null))),
                "an older footing never returns");
    }
}
