package io.began.sampler.generators;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.began.core.events.Events;
import io.began.core.events.SampleEvent;
import io.began.sampler.storage.RunArtifacts;
import io.began.service.storage.Keys;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * After a swap: the checkpoint's preview grid is in the bucket (rendered here when the trainer did not store one),
 * and a began.samples event says where.
 */
@ApplicationScoped
public class Previews {

    /** The preview grid: 64 images from seed 0, the same z every checkpoint, so grids over time compare. */
    static final int N = 64;

    static final long SEED = 0;

    private final RunArtifacts artifacts;
    private final Emitter<String> samples;
    private final ForwardPasses passes;

    public Previews(
            RunArtifacts artifacts,
            ForwardPasses passes,
            @Channel("samples") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 10_000)
                    Emitter<String> samples) {
        this.artifacts = artifacts;
        this.passes = passes;
        this.samples = samples;
    }

    void afterSwap(ServedGenerator generator) {
        String key = Keys.samples(generator.runId(), generator.step());
        String renderedBy = "trainer";
        Long seed = null;
        // the trainer stores a grid with each checkpoint; render one only when it is not there
        if (!artifacts.objectExists(key)) {
            if (!generator.acquire()) {
                return; // already swapped out again and freed: a newer checkpoint has its own preview
            }
            try (Lease lease = new Lease(generator)) {
                ServedGenerator served = lease.generator();
                artifacts.put(
                        key, passes.run(() -> Sampling.grid(served.model(), served.precision(), N, SEED)), "image/png");
            }
            renderedBy = "sampler";
            seed = SEED;
        }
        SampleEvent event = new SampleEvent(
                Events.SCHEMA,
                generator.runId(),
                generator.step(),
                Instant.now(),
                artifacts.bucket(),
                key,
                N,
                seed,
                renderedBy);
        try {
            samples.send(Message.of(Events.json().writeValueAsString(event))
                    .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                            .withKey(generator.runId())
                            .build()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + event, e);
        }
    }
}
