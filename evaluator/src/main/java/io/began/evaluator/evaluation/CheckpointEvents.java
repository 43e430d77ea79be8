package io.began.evaluator.evaluation;

import io.began.core.events.CheckpointEvent;
import io.began.core.events.Events;
import io.began.core.events.RunId;
import io.began.evaluator.runs.RunBoard;
import io.began.service.kafka.ConsumerPositions;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Checkpoints from began.checkpoints: the dashboard shows the newest one's preview grid; each is scored. */
@ApplicationScoped
public class CheckpointEvents {

    private final RunBoard board;
    private final Evaluations evaluations;
    private final ConsumerPositions positions;

    public CheckpointEvents(
            RunBoard board, Evaluations evaluations, @Identifier(ConsumerPositions.NAME) ConsumerPositions positions) {
        this.board = board;
        this.evaluations = evaluations;
        this.positions = positions;
    }

    /** A message that is not a checkpoint event fails here and goes to began.dlq.began.checkpoints. */
    @Incoming("checkpoints")
    public void onCheckpoint(ConsumerRecord<String, String> record) throws Exception {
        positions.handle(record, this::onCheckpoint);
    }

    private void onCheckpoint(String json) throws Exception {
        CheckpointEvent event = Events.read(json, CheckpointEvent.class);
        RunId.require(event.runId());
        board.checkpoint(event);
        evaluations.submit(event);
    }
}
