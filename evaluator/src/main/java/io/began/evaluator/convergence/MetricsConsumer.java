package io.began.evaluator.convergence;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.began.core.events.ConvergenceEvent;
import io.began.core.events.Events;
import io.began.core.events.MetricsEvent;
import io.began.core.events.RunId;
import io.began.evaluator.runs.RunBoard;
import io.began.service.kafka.ConsumerPositions;
import io.quarkus.runtime.Startup;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Tracks convergence from began.metrics and publishes each change of a run's phase or alerts on began.convergence.
 * The evaluator reads the topic from the beginning at every start to rebuild its charts and trackers; changes found
 * in that history (events older than this process) are not published again.
 */
@Startup // created at start, not at the first message: "started" must not postdate the events it is meant to pass
@ApplicationScoped
public class MetricsConsumer {

    private static final Logger LOG = Logger.getLogger(MetricsConsumer.class);

    private final RunBoard board;
    private final Emitter<String> convergence;
    private final Instant started = Instant.now();
    private final ConsumerPositions positions;

    public MetricsConsumer(
            RunBoard board,
            @Channel("convergence") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 10_000)
                    Emitter<String> convergence,
            @Identifier(ConsumerPositions.NAME) ConsumerPositions positions) {
        this.board = board;
        this.convergence = convergence;
        this.positions = positions;
    }

    /** A message that is not a metrics event fails here and goes to began.dlq.began.metrics with the reason. */
    @Incoming("metrics")
    public void onMetrics(ConsumerRecord<String, String> record) throws Exception {
        positions.handle(record, this::onMetrics);
    }

    private void onMetrics(String json) throws Exception {
        MetricsEvent event = Events.read(json, MetricsEvent.class);
        RunId.require(event.runId());
        if (event.time() == null) {
            throw new IllegalArgumentException("metrics event of " + event.runId() + " step "
                    + event.metrics().step() + " has no time");
        }
        board.metrics(event).ifPresent(change -> {
            if (event.time().isBefore(started)) {
                return;
            }
            LOG.infof("run %s at step %d: %s %s", change.runId(), change.step(), change.phase(), change.alerts());
            publish(change);
        });
    }

    private void publish(ConvergenceEvent change) {
        try {
            convergence.send(Message.of(Events.json().writeValueAsString(change))
                    .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                            .withKey(change.runId())
                            .build()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + change, e);
        }
    }
}
