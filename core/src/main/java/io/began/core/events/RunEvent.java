package io.began.core.events;

import io.began.core.train.RunConfig;

import java.time.Instant;

/**
 * On began.runs, keyed by runId: either a {@code request} to train (config set; any trainer of the consumer group
 * takes it) or a {@code status} change published by the trainer that runs it (state set, reason when FAILED).
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
        String sweepId) {

    public static final String REQUEST = "request";
    public static final String STATUS = "status";

    public static RunEvent request(String runId, RunConfig config, Instant time) {
        return new RunEvent(Events.SCHEMA, runId, 0, time, REQUEST, null, null, config, null);
    }

    public static RunEvent status(String runId, long step, RunState state, String reason, RunConfig config,
                                  Instant time) {
        return status(runId, step, state, reason, config, time, null);
    }

    public static RunEvent status(String runId, long step, RunState state, String reason, RunConfig config,
                                  Instant time, String sweepId) {
        return new RunEvent(Events.SCHEMA, runId, step, time, STATUS, state, reason, config, sweepId);
    }
}
