package io.began.core.events;

import java.util.List;

/** The Kafka topics of the pipeline, in one place. Events are small JSON records keyed by runId. */
public final class Topics {

    /** Run requests and run status changes. */
    public static final String RUNS = "began.runs";
    /** Per-step training metrics. */
    public static final String METRICS = "began.metrics";
    /** A checkpoint is complete in object storage. */
    public static final String CHECKPOINTS = "began.checkpoints";
    /** A sample grid was rendered. */
    public static final String SAMPLES = "began.samples";
    /** IS / FID of a checkpoint. */
    public static final String EVALUATIONS = "began.evaluations";
    /** A run's best checkpoint by FID changed. */
    public static final String BEST_CHECKPOINTS = "began.best-checkpoints";
    /** Convergence state changes. */
    public static final String CONVERGENCE = "began.convergence";
    /** Prefix of the dead-letter topics: began.dlq.&lt;topic&gt;. */
    public static final String DLQ_PREFIX = "began.dlq.";

    /** The event topics, each with its dead-letter topic beside it ({@link #deadLetters}). */
    public static final List<String> ALL =
            List.of(RUNS, METRICS, CHECKPOINTS, SAMPLES, EVALUATIONS, CONVERGENCE, BEST_CHECKPOINTS);

    private Topics() {}

    public static String deadLetters(String topic) {
        return DLQ_PREFIX + topic;
    }
}
