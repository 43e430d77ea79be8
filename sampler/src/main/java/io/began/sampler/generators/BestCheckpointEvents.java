package io.began.sampler.generators;

import io.began.core.events.BestCheckpointEvent;
import io.began.core.events.Events;
import io.began.core.events.RunId;
import io.began.core.model.GeneratorKind;
import io.began.sampler.metrics.SamplerMetrics;
import io.began.service.kafka.ConsumerPositions;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Best-checkpoint events from began.best-checkpoints, recorded in {@link BestCheckpoints} for
 * {@code ?checkpoint=best}. Every replica has a group of its own and reads the topic from its start: a run's best may
 * have been announced long before this replica started. Nothing is loaded here; the first request for a run's best
 * loads it. A record that is no best-checkpoint event fails here and goes to began.dlq.began.best-checkpoints with
 * the reason (and is counted).
 */
@ApplicationScoped
public class BestCheckpointEvents {

    private final BestCheckpoints best;
    private final ConsumerPositions positions;
    private final SamplerMetrics metrics;

    public BestCheckpointEvents(
            BestCheckpoints best,
            SamplerMetrics metrics,
            @Identifier(ConsumerPositions.NAME) ConsumerPositions positions) {
        this.best = best;
        this.metrics = metrics;
        this.positions = positions;
    }

    @Incoming("best-checkpoints")
    public void onBest(ConsumerRecord<String, String> record) throws Exception {
        try {
            positions.handle(record, this::onBest);
        } catch (Exception e) {
            metrics.bestCheckpointDeadLettered(); // the failure strategy sends it to the dead-letter topic
            throw e;
        }
    }

    private void onBest(String json) {
        BestCheckpointEvent event = Events.read(json, BestCheckpointEvent.class);
        RunId.require(event.runId());
        if (event.step() < 0) {
            throw new IllegalArgumentException(
                    "best-checkpoint event of " + event.runId() + " has step " + event.step());
        }
        if (event.generator() == null) {
            throw new IllegalArgumentException("best-checkpoint event of " + event.runId() + " names no generator");
        }
        best.announced(event.runId(), new BestCheckpoints.Best(event.step(), GeneratorKind.parse(event.generator())));
    }
}
