package io.began.trainer.training;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.began.core.events.Events;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Sends events as JSON strings keyed by runId (so each run's events stay in order on one partition). Sends never
 * block the training thread: the Kafka producer buffers and retries (idempotent, acks=all) through broker outages.
 */
@ApplicationScoped
public class EventPublisher {

    @Inject
    @Channel("metrics")
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 200_000)
    Emitter<String> metrics;

    @Inject
    @Channel("checkpoints")
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 10_000)
    Emitter<String> checkpoints;

    @Inject
    @Channel("run-status")
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 10_000)
    Emitter<String> runStatus;

    public void metrics(String runId, Object event) {
        send(metrics, runId, event);
    }

    public void checkpoint(String runId, Object event) {
        send(checkpoints, runId, event);
    }

    public void runStatus(String runId, Object event) {
        send(runStatus, runId, event);
    }

    private static void send(Emitter<String> emitter, String key, Object event) {
        String json;
        try {
            json = Events.json().writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + event, e);
        }
        emitter.send(Message.of(json).addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build()));
    }
}
