package io.began.core.events;

import io.began.core.checkpoint.Manifest;
import io.began.core.run.RunConfig;
import java.time.Instant;
import java.util.Map;

/**
 * On began.checkpoints, keyed by runId, once every file of a checkpoint (MANIFEST.json last) is in object storage.
 *
 * @param bucket      the bucket holding it
 * @param prefix      object key prefix of the checkpoint, {@code runs/{runId}/checkpoints/{step:09d}/}
 * @param files       sha256 and size of every file under the prefix, as in its MANIFEST.json
 * @param samples     object key of the preview grid of this step, or null
 * @param convergence M_global of the checkpoint's step
 * @param trainer     the trainer replica that wrote it
 * @param discriminatorView object key of the discriminator's view of this step (real images beside D(x), G(z)
 *                    beside D(G(z))), or null
 */
public record CheckpointEvent(
        int schema,
        String runId,
        long step,
        Instant time,
        String bucket,
        String prefix,
        Map<String, Manifest.Entry> files,
        RunConfig config,
        double lossReal,
        double lossGen,
        double k,
        double convergence,
        String samples,
        String trainer,
        String discriminatorView) {}
