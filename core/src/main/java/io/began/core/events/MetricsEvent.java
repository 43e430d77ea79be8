package io.began.core.events;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.began.core.run.StepMetrics;
import java.time.Instant;

/**
 * On began.metrics, keyed by runId: a metrics.jsonl line (its fields written inline, as in the file) plus runId, time
 * and schema. The step's figures are declared once, in {@link StepMetrics}: a new metric is added there only.
 *
 * @param metrics the step's figures, written as top-level fields of the event
 * @param trainer the trainer replica that trained this step (a run moves between replicas when one dies)
 */
public record MetricsEvent(
        int schema,
        String runId,
        Instant time,
        @JsonUnwrapped StepMetrics metrics,
        String trainer) {

    public static MetricsEvent of(String runId, StepMetrics metrics, Instant time, String trainer) {
        return new MetricsEvent(Events.SCHEMA, runId, time, metrics, trainer);
    }
}
