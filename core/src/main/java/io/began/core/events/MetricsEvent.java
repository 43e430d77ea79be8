package io.began.core.events;

import io.began.core.train.StepMetrics;

import java.time.Instant;

/**
 * On began.metrics, keyed by runId: the fields of a metrics.jsonl line plus runId, time and schema.
 *
 * @param trainer the trainer replica that trained this step (a run moves between replicas when one dies)
 */
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
        double imagesPerSecond,
        String trainer) {

    public static MetricsEvent of(String runId, StepMetrics m, Instant time, String trainer) {
        return new MetricsEvent(Events.SCHEMA, runId, m.step(), time, m.lossReal(), m.lossFake(), m.lossGen(), m.k(),
                m.convergence(), m.lr(), m.imagesPerSecond(), trainer);
    }
}
