package io.began.cli.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.began.core.events.Events;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingBesideEvaluationTest {

    private static final Instant T0 = Instant.parse("2026-12-03T07:00:00Z");

    private static JsonNode metrics(long step, double second) {
        return Events.json()
                .createObjectNode()
                .put("step", step)
                .put("time", T0.plusMillis((long) (second * 1000)).toString());
    }

    @Test
    void intervalsMostlyInsideAnEvaluationCountAsDuringIt() {
        // 10 steps a second for 10 s, then 10 steps every 4 s for 8 s while a checkpoint is scored (10-18 s),
        // then 10 a second again; a repeated step (a resume) is skipped
        List<JsonNode> events = new ArrayList<>();
        for (int s = 0; s <= 10; s++) {
            events.add(metrics(10L * s, s));
        }
        events.add(metrics(110, 14));
        events.add(metrics(120, 18));
        events.add(metrics(120, 18.5));
        for (int s = 1; s <= 5; s++) {
            events.add(metrics(120 + 10L * s, 18.5 + s));
        }
        List<TrainingBesideEvaluation.Evaluation> evaluations = List.of(new TrainingBesideEvaluation.Evaluation(
                100, T0.plusSeconds(10), T0.plusSeconds(18).plusMillis(200), 8.2, 10000));
        TrainingBesideEvaluation.Report report = TrainingBesideEvaluation.measure("r", null, events, evaluations);
        assertEquals(20 / 8.0, report.stepsPerSecondDuring(), 1e-9);
        assertEquals(8, report.secondsDuring(), 1e-9);
        // outside: 100 steps in 10 s and 50 in 5 s; the repeated step's half second is neither
        assertEquals(150 / 15.0, report.stepsPerSecondOutside(), 1e-9);
        assertEquals(15, report.secondsOutside(), 1e-9);
        assertEquals(0, report.secondsAfterTraining(), 1e-9);
    }
}
