package io.began.trainer.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.began.core.events.Events;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.header.internals.RecordHeaders;
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
    @Channel("run-events")
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 10_000)
    Emitter<String> runEvents;

    @Inject
    @Channel("run-dead-letters")
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 1_000)
    Emitter<String> runDeadLetters;

    public void metrics(String runId, Object event) {
        send(metrics, runId, null, event);
    }

    /**
     * A checkpoint event; completes once the broker has it (acks=all), so that the run's record names a checkpoint
     * only when its event is on began.checkpoints (a trainer killed between the two would leave it unannounced).
     */
    public CompletionStage<Void> checkpoint(String runId, Object event) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        Message<String> message = Message.of(
                json(event),
                () -> {
                    acked.complete(null);
                    return CompletableFuture.completedFuture(null);
                },
                failure -> {
                    acked.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                });
        checkpoints.send(message.addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder().withKey(runId).build()));
        return acked;
    }

    /**
     * A request, stop or status of a run on began.runs, on the run's own partition (null: the key's hash) so that
     * the trainer holding it sees them in order.
     */
    public void runEvent(String runId, Integer partition, Object event) {
        send(runEvents, runId, partition, event);
    }

    /** An unreadable record of began.runs, as it came, with the reason and where it was (as SmallRye's DLQ does). */
    public void runDeadLetter(String key, String value, String reason, String topic, int partition, long offset) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("dead-letter-reason", bytes(reason));
        headers.add("dead-letter-topic", bytes(topic));
        headers.add("dead-letter-partition", bytes(Integer.toString(partition)));
        headers.add("dead-letter-offset", bytes(Long.toString(offset)));
        runDeadLetters.send(Message.of(value)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(key)
                        .withHeaders(headers)
                        .build()));
    }

    private static byte[] bytes(String s) {
        return (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
    }

    private static String json(Object event) {
        try {
            return Events.json().writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + event, e);
        }
    }

    private static void send(Emitter<String> emitter, String key, Integer partition, Object event) {
        String json = json(event);
        var metadata = OutgoingKafkaRecordMetadata.<String>builder().withKey(key);
        if (partition != null) {
            metadata.withPartition(partition);
        }
        emitter.send(Message.of(json).addMetadata(metadata.build()));
    }
}
