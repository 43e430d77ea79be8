package io.began.core.events;

import io.began.core.train.StepMetrics;

import java.time.Instant;

/** On began.metrics, keyed by runId: the fields of a metrics.jsonl line plus runId, time and schema. */
public record MetricsEvent(
        int schema,
        String runId,
        long step,
        Instant time,
        double lossReal,
        double lossFake,
        double lossGen,
        double k,
        double convergence,
        double lr,
        double imagesPerSecond) {

    public static MetricsEvent of(String runId, StepMetrics m, Instant time) {
        return new MetricsEvent(Events.SCHEMA, runId, m.step(), time, m.lossReal(), m.lossFake(), m.lossGen(), m.k(),
                m.convergence(), m.lr(), m.imagesPerSecond());
    }
}
