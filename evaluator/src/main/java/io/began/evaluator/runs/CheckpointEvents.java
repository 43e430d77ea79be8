package io.began.evaluator.runs;

import io.began.core.events.CheckpointEvent;
import io.began.core.events.Events;
import io.began.core.events.RunId;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Checkpoints from began.checkpoints: the dashboard shows the newest one's preview grid; each is scored. */
@ApplicationScoped
public class CheckpointEvents {

    private final RunBoard board;
    private final io.began.evaluator.evaluation.Evaluations evaluations;

    public CheckpointEvents(RunBoard board, io.began.evaluator.evaluation.Evaluations evaluations) {
        this.board = board;
        this.evaluations = evaluations;
    }

    /** A message that is not a checkpoint event fails here and goes to began.dlq.began.checkpoints. */
    @Incoming("checkpoints")
    public void onCheckpoint(String json) throws Exception {
        CheckpointEvent event = Events.read(json, CheckpointEvent.class);
        RunId.require(event.runId());
        board.checkpoint(event);
        evaluations.submit(event);
    }
}
