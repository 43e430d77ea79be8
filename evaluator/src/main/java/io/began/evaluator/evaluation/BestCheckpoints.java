package io.began.evaluator.evaluation;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.began.core.events.BestCheckpointEvent;
import io.began.core.events.EvaluationEvent;
import io.began.core.events.Events;
import io.began.evaluator.metrics.EvaluationMetrics;
import io.began.evaluator.runs.BestCheckpoint;
import io.began.evaluator.runs.RunBoard;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Each run's best checkpoint ({@link BestCheckpoint}: the lowest FID over G and G_ema of every scored checkpoint),
 * announced on began.best-checkpoints whenever an evaluation beats it. A run that collapses late keeps its best.
 * <p>
 * The sampler takes a run's last event as the truth, so an older, worse best must never go out after a better one.
 * The first evaluation of a run this process sees (after a restart: usually a stored one read back while
 * began.checkpoints is replayed, in any order) therefore first rebuilds the run's best from every evaluation in the
 * bucket, replayed in the order they were made, and sends that best again: re-sending the current best is harmless,
 * and a best whose event was lost with the previous process (stored, then killed) goes out after all.
 */
@ApplicationScoped
public class BestCheckpoints {

    private static final Logger LOG = Logger.getLogger(BestCheckpoints.class);

    /** A run's best and the one it replaced (for the event's previousStep). */
    private record Standing(BestCheckpoint best, BestCheckpoint previous) {

        Standing after(EvaluationEvent evaluation) {
            BestCheckpoint candidate = BestCheckpoint.of(evaluation);
            if (candidate == null || best != null && !best.beatenBy(candidate)) {
                return this;
            }
            return new Standing(candidate, best);
        }
    }

    private final StoredEvaluations stored;
    private final RunBoard board;
    private final EvaluationMetrics metrics;
    private final Emitter<String> events;
    /** Guarded by this. */
    private final Map<String, Standing> runs = new HashMap<>();

    public BestCheckpoints(
            StoredEvaluations stored,
            RunBoard board,
            EvaluationMetrics metrics,
            @Channel("best-checkpoints") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 10_000)
                    Emitter<String> events) {
        this.stored = stored;
        this.board = board;
        this.metrics = metrics;
        this.events = events;
    }

    /**
     * An evaluation stored in the bucket (scored now, or read back): announces the run's new best when it is one.
     * Storage that does not answer while the run's best is rebuilt throws, and the checkpoint is tried again.
     */
    public synchronized void evaluated(EvaluationEvent evaluation) {
        String runId = evaluation.runId();
        Standing before = runs.get(runId);
        Standing now;
        if (before == null) {
            now = new Standing(null, null);
            for (EvaluationEvent e : stored.of(runId)) {
                now = now.after(e);
            }
            now = now.after(evaluation); // stored just now, so listed already; folding it twice changes nothing
        } else {
            now = before.after(evaluation);
        }
        runs.put(runId, now);
        if (now.best() == null || now == before) {
            return;
        }
        board.best(runId, now.best());
        metrics.best(runId, now.best());
        announce(runId, now);
    }

    private void announce(String runId, Standing standing) {
        BestCheckpoint best = standing.best();
        Long previousStep =
                standing.previous() == null ? null : standing.previous().step();
        BestCheckpointEvent event = new BestCheckpointEvent(
                Events.SCHEMA,
                runId,
                best.step(),
                Instant.now(),
                best.generator(),
                best.fid(),
                best.kid(),
                previousStep);
        try {
            events.send(Message.of(Events.json().writeValueAsString(event))
                    .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                            .withKey(runId)
                            .build()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + event, e);
        }
        LOG.infof(
                "run %s: best checkpoint step %d (%s, FID %.3f%s)",
                runId,
                best.step(),
                best.generatorName(),
                best.fid(),
                previousStep == null ? "" : "; was step " + previousStep);
    }
}
