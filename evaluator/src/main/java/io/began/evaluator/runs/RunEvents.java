package io.began.evaluator.runs;

import io.began.core.events.Events;
import io.began.core.events.RunEvent;
import io.began.core.events.RunId;
import io.began.service.kafka.ConsumerPositions;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Run states from began.runs (status events; requests are the trainers' business). */
@ApplicationScoped
public class RunEvents {

    private final RunBoard board;
    private final ConsumerPositions positions;

    public RunEvents(RunBoard board, @Identifier(ConsumerPositions.NAME) ConsumerPositions positions) {
        this.board = board;
        this.positions = positions;
    }

    /** A message that is not a run event fails here and goes to began.dlq.began.runs with the reason. */
    @Incoming("run-status")
    public void onRunEvent(ConsumerRecord<String, String> record) throws Exception {
        positions.handle(record, this::onRunEvent);
    }

    private void onRunEvent(String json) throws Exception {
        RunEvent event = Events.read(json, RunEvent.class);
        RunId.require(event.runId());
        if (RunEvent.STATUS.equals(event.type())) {
            board.status(event);
        }
    }
}
