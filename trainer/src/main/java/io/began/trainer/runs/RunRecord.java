package io.began.trainer.runs;

import io.began.core.events.RunState;
import io.began.core.run.RunConfig;
import io.began.core.run.StepMetrics;
import java.time.Instant;

/**
 * What the trainer knows of a run; kept as {@code runs/{id}/run.json} on every state change and checkpoint.
 *
 * @param owner          the trainer instance that runs (or ran) it; it resumes its RUNNING runs when it restarts
 * @param lastCheckpoint step of the newest checkpoint in object storage, or -1
 * @param sweepId        the sweep the run belongs to, or null
 * @param partition      the partition of began.runs that carries every event of the run (the trainer holding it
 *                       trains the run), or null where Kafka's key hash chose it
 */
public record RunRecord(
        String runId,
        RunState state,
        String reason,
        RunConfig config,
        long step,
        StepMetrics lastMetrics,
        long lastCheckpoint,
        String owner,
        Instant createdAt,
        Instant updatedAt,
        String sweepId,
        Integer partition) {

    public static RunRecord queued(
            String runId, RunConfig config, String owner, Instant now, String sweepId, Integer partition) {
        return new RunRecord(runId, RunState.QUEUED, null, config, 0, null, -1, owner, now, now, sweepId, partition);
    }

    public RunRecord withState(RunState newState, String newReason, Instant now) {
        return new RunRecord(
                runId,
                newState,
                newReason,
                config,
                step,
                lastMetrics,
                lastCheckpoint,
                owner,
                createdAt,
                now,
                sweepId,
                partition);
    }

    public RunRecord withMetrics(StepMetrics metrics, Instant now) {
        return new RunRecord(
                runId,
                state,
                reason,
                config,
                metrics.step(),
                metrics,
                lastCheckpoint,
                owner,
                createdAt,
                now,
                sweepId,
                partition);
    }

    public RunRecord withCheckpoint(long checkpointStep, Instant now) {
        return new RunRecord(
                runId,
                state,
                reason,
                config,
                Math.max(step, checkpointStep),
                lastMetrics,
                checkpointStep,
                owner,
                createdAt,
                now,
                sweepId,
                partition);
    }

    public RunRecord withOwner(String newOwner) {
        return new RunRecord(
                runId,
                state,
                reason,
                config,
                step,
                lastMetrics,
                lastCheckpoint,
                newOwner,
                createdAt,
                updatedAt,
                sweepId,
                partition);
    }
}
