package io.began.evaluator.sweeps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.began.core.events.EvaluationEvent;
import io.began.core.events.Events;
import io.began.core.run.RunConfig;
import io.began.evaluator.runs.RunSummary;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SweepComparisonTest {

    private static RunSummary run(String id, double gamma, long seed, String state, Double fid) {
        RunConfig config =
                RunConfig.builder().n(8).gamma(gamma).steps(100).seed(seed).build();
        EvaluationEvent evaluation = fid == null
                ? null
                : new EvaluationEvent(
                        Events.SCHEMA,
                        id,
                        100,
                        Instant.now(),
                        2000,
                        10,
                        2.0,
                        0.1,
                        fid,
                        "fashion-mnist-32x1",
                        "0".repeat(64),
                        0.9,
                        "p",
                        7.8,
                        2.0,
                        3.0,
                        0.5,
                        0.1,
                        0.4,
                        0.2,
                        "float32",
                        null,
                        null,
                        null);
        return new RunSummary(
                id,
                state,
                null,
                100,
                100L,
                null,
                null,
                null,
                null,
                List.of(),
                100L,
                null,
                null,
                Instant.now(),
                evaluation,
                null,
                null,
                null,
                List.of(),
                null,
                "s",
                config);
    }

    @Test
    void theSweptKeysComeFromTheRunsConfigsAndTheLowestFidIsBest() {
        SweepComparison compared = SweepComparison.of(
                "s",
                List.of(
                        run("s-gamma-0-7-seed-1", 0.7, 1, "FINISHED", 60.0),
                        run("s-gamma-0-3-seed-1", 0.3, 1, "FINISHED", 80.0),
                        run("s-gamma-0-3-seed-2", 0.3, 2, "RUNNING", 50.0)));
        assertEquals(List.of("gamma", "seed"), compared.swept());
        assertEquals(
                List.of("s-gamma-0-3-seed-1", "s-gamma-0-3-seed-2", "s-gamma-0-7-seed-1"),
                compared.runs().stream().map(SweepComparison.Run::runId).toList());
        assertEquals(0.7, compared.runs().get(2).values().get("gamma").asDouble());
        assertEquals(2, compared.runs().get(1).values().get("seed").asLong());
        assertEquals("s-gamma-0-3-seed-2", compared.bestByFid());
        assertEquals(2, compared.finished());
        assertFalse(compared.done());
    }

    @Test
    void noBestBeforeAnyScoreAndDoneWhenEveryRunEnded() {
        SweepComparison compared = SweepComparison.of(
                "s", List.of(run("s-a", 0.3, 1, "FINISHED", null), run("s-b", 0.5, 1, "FAILED", null)));
        assertNull(compared.bestByFid());
        assertTrue(compared.done());
        assertEquals(List.of("gamma"), compared.swept());
    }
}
