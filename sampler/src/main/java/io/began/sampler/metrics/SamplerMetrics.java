package io.began.sampler.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Serving as Prometheus sees it on {@code /q/metrics}, beside Quarkus' {@code http_server_requests_seconds} (a
 * histogram per route template, {@link HttpHistograms}): per run (label {@code run}, the only one) the generator
 * cache's hits and misses, the time from a checkpoint event's arrival to its generator serving, and the checkpoints
 * rejected by their MANIFEST check; for the replica, the checkpoint events and the best-checkpoint events that went to
 * their dead-letter topics (they name no valid run). A run label is only ever given to a run that has a checkpoint in
 * the bucket: a request for a made-up run fails before it is counted.
 */
@ApplicationScoped
public class SamplerMetrics {

    private final MeterRegistry registry;
    private final Counter deadLettered;
    private final Counter bestDeadLettered;

    public SamplerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.deadLettered = Counter.builder("began.sampler.checkpoint.events.dead.lettered")
                .description("checkpoint events that are no valid event, sent to the dead-letter topic")
                .register(registry);
        this.bestDeadLettered = Counter.builder("began.sampler.best.checkpoint.events.dead.lettered")
                .description("best-checkpoint events that are no valid event, sent to the dead-letter topic")
                .register(registry);
    }

    /** A request found the generator it asked for loaded. */
    public void cacheHit(String runId) {
        Counter.builder("began.sampler.cache.hits")
                .description("requests served by a generator already loaded")
                .tag("run", runId)
                .register(registry)
                .increment();
    }

    /** A request had to wait for its generator to be loaded from the bucket. */
    public void cacheMiss(String runId) {
        Counter.builder("began.sampler.cache.misses")
                .description("requests that waited for their generator to be loaded from the bucket")
                .tag("run", runId)
                .register(registry)
                .increment();
    }

    /** A checkpoint announced {@code took} ago is now the run's served generator. */
    public void swapped(String runId, Duration took) {
        Timer.builder("began.sampler.hot.swap")
                .description("from a checkpoint event's arrival to its generator serving the run's requests")
                .tag("run", runId)
                .register(registry)
                .record(took);
    }

    /** A checkpoint of the run failed its MANIFEST check (corrupt, truncated, a checksum that does not match). */
    public void rejected(String runId) {
        Counter.builder("began.sampler.checkpoints.rejected")
                .description("checkpoints that failed their MANIFEST check and were not served")
                .tag("run", runId)
                .register(registry)
                .increment();
    }

    /** A checkpoint event that is none went to the dead-letter topic. */
    public void deadLettered() {
        deadLettered.increment();
    }

    /** A best-checkpoint event that is none went to the dead-letter topic. */
    public void bestCheckpointDeadLettered() {
        bestDeadLettered.increment();
    }
}
