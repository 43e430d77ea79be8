package io.began.core.events;

import java.time.Instant;

/**
 * On began.samples, keyed by runId, when the sampler starts serving a checkpoint: where its preview grid is.
 *
 * @param key        object key of the preview grid, {@code runs/{runId}/samples/{step:09d}.png}
 * @param renderedBy {@code trainer} when the trainer stored the grid with the checkpoint, {@code sampler} when the
 *                   sampler rendered it (n images from seed)
 */
public record SampleEvent(
        int schema,
        String runId,
        long step,
        Instant time,
        String bucket,
        String key,
        int n,
        Long seed,
        String renderedBy) {}
