package io.began.sampler.generators;

import io.began.core.events.CheckpointEvent;
import io.began.core.events.Events;
import io.began.core.events.RunId;
import io.began.service.jobs.BackgroundJobs;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Checkpoint events from began.checkpoints (every replica has a group of its own, so each sees every checkpoint).
 * The checkpoint is loaded in the background, in event order, then swapped in; a message that is not a checkpoint
 * event fails here and goes to began.dlq.began.checkpoints with the reason.
 */
@ApplicationScoped
public class CheckpointEvents {

    private final GeneratorCache cache;
    private final Previews previews;
    private final BackgroundJobs jobs;
    private final ExecutorService loader = Executors.newSingleThreadExecutor(r -> new Thread(r, "sampler-loader"));

    public CheckpointEvents(GeneratorCache cache, Previews previews, BackgroundJobs jobs) {
        this.cache = cache;
        this.jobs = jobs;
        this.previews = previews;
    }

    @Incoming("checkpoints")
    public void onCheckpoint(String json) throws Exception {
        CheckpointEvent event = Events.read(json, CheckpointEvent.class);
        RunId.require(event.runId());
        if (event.step() <= 0) {
            throw new IllegalArgumentException("checkpoint event of " + event.runId() + " has step " + event.step());
        }
        loader.submit(() -> {
            try {
                cache.offer(event.runId(), event.step())
                        .ifPresent(previews::afterSwap);
            } catch (Exception | LinkageError e) {
                // storage down, an engine that does not load: recorded and logged at ERROR; the next event (or a
                // request) tries again; the old one keeps serving
                jobs.failed(GeneratorCache.job(event.runId()), "checkpoint " + event.step() + " not loaded: "
                        + BackgroundJobs.reason(e), e);
            }
        });
    }

    @PreDestroy
    void stop() {
        loader.shutdownNow();
    }
}
