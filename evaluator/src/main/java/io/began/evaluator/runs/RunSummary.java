package io.began.evaluator.runs;

import io.began.core.events.EvaluationEvent;
import io.began.core.events.MetricsEvent;
import io.began.core.run.RunConfig;
import java.time.Instant;
import java.util.List;

/**
 * A run as the dashboard shows it: state, progress (step of steps, steps/s, ETA), last metrics, convergence phase
 * and alerts, latest checkpoint and the object keys of its preview grid and its discriminator view (null when the
 * trainer wrote none), its newest evaluation and its best checkpoint (the lowest FID over G and G_ema: step, generator
 * {@code raw} or {@code ema}, FID); the checkpoints whose scoring failed, with the reason, and why a run is not scored
 * at all; the sweep it belongs to and its config.
 */
public record RunSummary(
        String runId,
        String state,
        String reason,
        long step,
        Long steps,
        Double stepsPerSecond,
        Long etaSeconds,
        MetricsEvent lastMetrics,
        String phase,
        List<String> alerts,
        Long lastCheckpoint,
        String previewKey,
        String discriminatorView,
        Instant updated,
        EvaluationEvent lastEvaluation,
        Long bestStep,
        String bestGenerator,
        Double bestFid,
        List<EvaluationFailure> failedEvaluations,
        String notScored,
        String sweepId,
        RunConfig config) {

    /** A checkpoint the evaluator could not score, and why. */
    public record EvaluationFailure(long step, String reason, Instant time) {}
}
