package io.began.evaluator.runs;

import io.began.core.events.MetricsEvent;

import java.time.Instant;
import java.util.List;

/**
 * A run as the dashboard shows it: state, progress (step of steps, steps/s, ETA), last metrics, convergence phase
 * and alerts, latest checkpoint and the object key of its preview grid, its newest evaluation and its best
 * checkpoint by FID; the checkpoints whose scoring failed, with the reason, and why a run is not scored at all;
 * the sweep it belongs to and its config.
 */
public record RunSummary(String runId, String state, String reason, long step, Long steps, Double stepsPerSecond,
                         Long etaSeconds, MetricsEvent lastMetrics, String phase, List<String> alerts,
                         Long lastCheckpoint, String previewKey, Instant updated,
                         io.began.core.events.EvaluationEvent lastEvaluation, Long bestFidStep, Double bestFid,
                         List<EvaluationFailure> failedEvaluations, String notScored,
                         String sweepId, io.began.core.train.RunConfig config) {

    /** A checkpoint the evaluator could not score, and why. */
    public record EvaluationFailure(long step, String reason, Instant time) {
    }
}
