package io.began.core.events;

import io.began.core.run.RunConfig;
import java.time.Instant;

/**
 * On began.runs, keyed by runId, every event of a run on one partition: a {@code request} to train (config set; the
 * trainer of the consumer group that holds the partition takes it), a {@code stop} (the holder stops the run), or a
 * {@code status} change published by the trainer that runs it (state set, reason when FAILED).
 *
 * @param trainer the trainer replica that published a status, or null on requests
 */
public record RunEvent(
        int schema,
        String runId,
        long step,
        Instant time,
        String type,
        RunState state,
        String reason,
        RunConfig config,
        String sweepId,
        String trainer) {

    public static final String REQUEST = "request";
    public static final String STOP = "stop";
    public static final String STATUS = "status";

    public static RunEvent request(String runId, RunConfig config, Instant time, String sweepId) {
        return new RunEvent(Events.SCHEMA, runId, 0, time, REQUEST, null, null, config, sweepId, null);
    }

    public static RunEvent stop(String runId, Instant time) {
        return new RunEvent(Events.SCHEMA, runId, 0, time, STOP, null, null, null, null, null);
    }

    public static RunEvent status(
            String runId, long step, RunState state, String reason, RunConfig config, Instant time) {
        return status(runId, step, state, reason, config, time, null, null);
    }

    public static RunEvent status(
            String runId,
            long step,
            RunState state,
            String reason,
            RunConfig config,
            Instant time,
            String sweepId,
            String trainer) {
        return new RunEvent(Events.SCHEMA, runId, step, time, STATUS, state, reason, config, sweepId, trainer);
    }
}
