package io.began.evaluator.metrics;

import io.began.core.events.EvaluationEvent;
import io.began.evaluator.runs.BestCheckpoint;
import io.began.service.metrics.RunGauges;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.function.IntSupplier;

/**
 * Scoring as Prometheus sees it on {@code /q/metrics}: per run (label {@code run}, the only one) the scores of its
 * latest scored checkpoint (the highest step this evaluator scored or read back from the bucket: IS, FID and, where
 * the evaluation has them, KID, precision, recall, density and coverage of G, and FID and KID of G_ema), its best
 * checkpoint (step and FID) and the time each scoring took; for the replica, the checkpoints waiting to be scored.
 * A figure an evaluation lacks (G_ema's of a run without one, KID of an evaluation from before it) is NaN.
 */
@ApplicationScoped
public class EvaluationMetrics {

    private final MeterRegistry registry;
    private final RunGauges<EvaluationEvent> latest;
    private final RunGauges<BestCheckpoint> best;

    public EvaluationMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.latest = new RunGauges<EvaluationEvent>(registry)
                .series("began.evaluation.step", "step of the latest scored checkpoint", e -> e.step())
                .series(
                        "began.evaluation.inception.score",
                        "Inception Score of the latest scored checkpoint",
                        EvaluationEvent::inceptionScore)
                .series("began.evaluation.fid", "FID of the latest scored checkpoint", EvaluationEvent::fid)
                .series("began.evaluation.kid", "KID of the latest scored checkpoint", e -> orNaN(e.kid()))
                .series(
                        "began.evaluation.ema.fid",
                        "FID of the latest scored checkpoint's G_ema",
                        e -> e.ema() == null ? Double.NaN : e.ema().fid())
                .series(
                        "began.evaluation.ema.kid",
                        "KID of the latest scored checkpoint's G_ema",
                        e -> e.ema() == null ? Double.NaN : orNaN(e.ema().kid()))
                .series(
                        "began.evaluation.precision",
                        "precision (k-NN manifold, k 3) of the latest scored " + "checkpoint",
                        e -> orNaN(e.precision()))
                .series(
                        "began.evaluation.recall",
                        "recall (k-NN manifold, k 3) of the latest scored checkpoint",
                        e -> orNaN(e.recall()))
                .series(
                        "began.evaluation.density",
                        "density (k 5) of the latest scored checkpoint",
                        e -> orNaN(e.density()))
                .series(
                        "began.evaluation.coverage",
                        "coverage (k 5) of the latest scored checkpoint",
                        e -> orNaN(e.coverage()));
        this.best = new RunGauges<BestCheckpoint>(registry)
                .series(
                        "began.evaluation.best.step",
                        "step of the best checkpoint (lowest FID over G and G_ema)",
                        b -> b.step())
                .series(
                        "began.evaluation.best.fid",
                        "FID of the best checkpoint (of its better generator)",
                        BestCheckpoint::fid);
    }

    /** The evaluator's queue, as a gauge. */
    public void backlog(IntSupplier pending) {
        Gauge.builder("began.evaluation.backlog", pending::getAsInt)
                .description("checkpoints announced and waiting to be scored")
                .register(registry);
    }

    /** A checkpoint's evaluation (scored here or read back): the run's gauges show it unless a later step is known. */
    public void evaluation(EvaluationEvent evaluation) {
        latest.merge(evaluation.runId(), evaluation, (old, now) -> old.step() <= now.step() ? now : old);
    }

    /** The run's best checkpoint changed. */
    public void best(String runId, BestCheckpoint checkpoint) {
        best.set(runId, checkpoint);
    }

    /** How long scoring a checkpoint of the run took (fetching it, sampling, the extractor, the statistics). */
    public void scored(String runId, Duration took) {
        Timer.builder("began.evaluation")
                .description("scoring of one checkpoint (G and G_ema)")
                .tag("run", runId)
                .register(registry)
                .record(took);
    }

    private static double orNaN(Double value) {
        return value == null ? Double.NaN : value;
    }
}
