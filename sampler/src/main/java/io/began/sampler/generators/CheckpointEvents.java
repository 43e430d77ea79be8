package io.began.sampler.generators;

import io.began.core.events.CheckpointEvent;
import io.began.core.events.Events;
import io.began.core.events.RunId;
import io.began.sampler.metrics.SamplerMetrics;
import io.began.service.jobs.BackgroundJobs;
import io.began.service.kafka.ConsumerPositions;
import io.began.service.storage.StorageUnavailableException;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Checkpoint events from began.checkpoints (every replica has a group of its own, so each sees every checkpoint).
 * The checkpoint is loaded in the background, in event order, then swapped in (tried again until object storage
 * answers, when it is down), then loaded as each other kind of generator in use for the run too; a message that is
 * not a checkpoint event fails here and goes to began.dlq.began.checkpoints with the reason (and is counted). The
 * time from an event's arrival to its generator serving is the run's hot-swap latency.
 */
@ApplicationScoped
public class CheckpointEvents {

    /** The longest wait between two tries of a checkpoint while object storage is down. */
    private static final long MAX_BACKOFF_MS = 10_000;

    private final GeneratorCache cache;
    private final Previews previews;
    private final BackgroundJobs jobs;
    private final ConsumerPositions positions;
    private final SamplerMetrics metrics;
    private final ExecutorService loader = Executors.newSingleThreadExecutor(r -> new Thread(r, "sampler-loader"));

    public CheckpointEvents(
            GeneratorCache cache,
            Previews previews,
            BackgroundJobs jobs,
            SamplerMetrics metrics,
            @Identifier(ConsumerPositions.NAME) ConsumerPositions positions) {
        this.cache = cache;
        this.metrics = metrics;
        this.positions = positions;
        this.jobs = jobs;
        this.previews = previews;
    }

    @Incoming("checkpoints")
    public void onCheckpoint(ConsumerRecord<String, String> record) throws Exception {
        long arrived = System.nanoTime();
        try {
            positions.handle(record, json -> onCheckpoint(json, arrived));
        } catch (Exception e) {
            metrics.deadLettered(); // the failure strategy sends it to the dead-letter topic
            throw e;
        }
    }

    private void onCheckpoint(String json, long arrived) throws Exception {
        CheckpointEvent event = Events.read(json, CheckpointEvent.class);
        RunId.require(event.runId());
        if (event.step() <= 0) {
            throw new IllegalArgumentException("checkpoint event of " + event.runId() + " has step " + event.step());
        }
        loader.submit(() -> {
            try {
                Optional<ServedGenerator> swapped =
                        untilStorageAnswers(event, () -> cache.offer(event.runId(), event.step()));
                if (swapped.isPresent()) {
                    metrics.swapped(event.runId(), Duration.ofNanos(System.nanoTime() - arrived));
                    untilStorageAnswers(event, () -> {
                        previews.afterSwap(swapped.get());
                        return null;
                    });
                    cache.loadOtherKindsInUse(swapped.get());
                    jobs.succeeded(GeneratorCache.job(event.runId()), "serving checkpoint " + event.step());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // shutting down
            } catch (Exception | LinkageError e) {
                // an engine that does not load: recorded and logged at ERROR; the next event (or a request) tries
                // again; the old one keeps serving
                jobs.failed(
                        GeneratorCache.job(event.runId()),
                        "checkpoint " + event.step() + " not loaded: " + BackgroundJobs.reason(e),
                        e);
            }
        });
    }

    /**
     * Runs {@code step} until object storage answers: a checkpoint announced while storage is down is loaded once
     * it is back (its event is not sent again), still in event order. The first failure is recorded and logged;
     * the old generator keeps serving meanwhile.
     */
    private <T> T untilStorageAnswers(CheckpointEvent event, Callable<T> step) throws Exception {
        long backoff = 1000;
        for (boolean first = true; ; first = false) {
            try {
                return step.call();
            } catch (StorageUnavailableException e) {
                if (first) {
                    jobs.failed(
                            GeneratorCache.job(event.runId()),
                            "checkpoint " + event.step() + " not loaded yet, "
                                    + "trying again until object storage answers: " + e.getMessage(),
                            null);
                }
                Thread.sleep(backoff);
                backoff = Math.min(2 * backoff, MAX_BACKOFF_MS);
            }
        }
    }

    @PreDestroy
    void stop() {
        loader.shutdownNow();
    }
}
