package io.began.evaluator.runs;

import io.began.core.events.CheckpointEvent;
import io.began.core.events.Events;
import io.began.core.events.RunId;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Checkpoints from began.checkpoints: the dashboard shows the newest one's preview grid. */
@ApplicationScoped
public class CheckpointEvents {

    private final RunBoard board;

    public CheckpointEvents(RunBoard board) {
        this.board = board;
    }

    /** A message that is not a checkpoint event fails here and goes to began.dlq.began.checkpoints. */
    @Incoming("checkpoints")
    public void onCheckpoint(String json) throws Exception {
        CheckpointEvent event = Events.json().readValue(json, CheckpointEvent.class);
        RunId.require(event.runId());
        board.checkpoint(event);
    }
}
