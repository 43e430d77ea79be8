package io.began.evaluator.metrics;

import io.began.core.events.EvaluationEvent;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import java.util.function.ToDoubleFunction;

/**
 * Scoring as Prometheus sees it on {@code /q/metrics}: per run (label {@code run}, the only one) the scores of its
 * latest scored checkpoint (the highest step this evaluator scored or read back from the bucket: IS, FID and, where
 * the evaluation has them, precision, recall, density and coverage) and the time each scoring took; for the replica,
 * the checkpoints waiting to be scored.
 */
@ApplicationScoped
public class EvaluationMetrics {

    private final MeterRegistry registry;
    private final Map<String, EvaluationEvent[]> latest = new ConcurrentHashMap<>();

    public EvaluationMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The evaluator's queue, as a gauge. */
    public void backlog(IntSupplier pending) {
        Gauge.builder("began.evaluation.backlog", pending::getAsInt)
                .description("checkpoints announced and waiting to be scored").register(registry);
    }

    /** A checkpoint's evaluation (scored here or read back): the run's gauges show it unless a later step is known. */
    public void evaluation(EvaluationEvent evaluation) {
        EvaluationEvent[] holder = latest.computeIfAbsent(evaluation.runId(), this::register);
        synchronized (holder) {
            if (holder[0] == null || holder[0].step() <= evaluation.step()) {
                holder[0] = evaluation;
            }
        }
    }

    /** How long scoring a checkpoint of the run took (fetching it, sampling, the extractor, the statistics). */
    public void scored(String runId, Duration took) {
        Timer.builder("began.evaluation").description("scoring of one checkpoint")
                .tag("run", runId).register(registry).record(took);
    }

    private EvaluationEvent[] register(String runId) {
        EvaluationEvent[] holder = new EvaluationEvent[1];
        gauge(runId, holder, "began.evaluation.step", "step of the latest scored checkpoint", e -> e.step());
        gauge(runId, holder, "began.evaluation.inception.score", "Inception Score of the latest scored checkpoint",
                EvaluationEvent::inceptionScore);
        gauge(runId, holder, "began.evaluation.fid", "FID of the latest scored checkpoint", EvaluationEvent::fid);
        gauge(runId, holder, "began.evaluation.precision", "precision (k-NN manifold, k 3) of the latest scored "
                + "checkpoint", e -> orNaN(e.precision()));
        gauge(runId, holder, "began.evaluation.recall", "recall (k-NN manifold, k 3) of the latest scored checkpoint",
                e -> orNaN(e.recall()));
        gauge(runId, holder, "began.evaluation.density", "density (k 5) of the latest scored checkpoint",
                e -> orNaN(e.density()));
        gauge(runId, holder, "began.evaluation.coverage", "coverage (k 5) of the latest scored checkpoint",
                e -> orNaN(e.coverage()));
        return holder;
    }

    private static double orNaN(Double value) {
        return value == null ? Double.NaN : value;
    }

    private void gauge(String runId, EvaluationEvent[] holder, String name, String description,
                       ToDoubleFunction<EvaluationEvent> value) {
        Gauge.builder(name, holder, h -> {
            EvaluationEvent e = h[0];
            return e == null ? Double.NaN : value.applyAsDouble(e);
        }).description(description).tag("run", runId).register(registry);
    }
}
