package io.began.sampler.storage;

import io.began.service.storage.Bucket;
import io.began.service.storage.Keys;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The runs in the bucket as the sampler reads them (layout in {@link Keys}): which runs there are, which checkpoints
 * each has, and their files, preview grids and discriminator views.
 */
@ApplicationScoped
public class RunArtifacts {

    private final Bucket bucket;

    public RunArtifacts(Bucket bucket) {
        this.bucket = bucket;
    }

    public String bucket() {
        return bucket.name();
    }

    /** Ids of the runs that have anything in the bucket. */
    public List<String> runs() {
        return bucket.list(Keys.RUNS, false).stream()
                .filter(p -> p.endsWith("/"))
                .map(Keys::folderName)
                .toList();
    }

    /** True when the bucket holds anything of this run (its run.json, checkpoints or samples). */
    public boolean exists(String runId) {
        return !bucket.list(Keys.runPrefix(runId), false).isEmpty();
    }

    /** Steps of the run's checkpoints, oldest first (names only; a checkpoint counts once its MANIFEST is there). */
    public List<Long> checkpointSteps(String runId) {
        List<Long> steps = new ArrayList<>();
        for (String prefix : bucket.list(Keys.checkpoints(runId), false)) {
            String name = Keys.folderName(prefix);
            if (prefix.endsWith("/") && name.matches("\\d{9}")) {
                steps.add(Long.parseLong(name));
            }
        }
        steps.sort(null);
        return steps;
    }

    /** The discriminator's view the trainer rendered at the run's checkpoint of {@code step}; empty for none. */
    public Optional<byte[]> discriminatorView(String runId, long step) {
        return bucket.get(Keys.discriminatorView(runId, step));
    }

    public boolean objectExists(String key) {
        return bucket.exists(key);
    }

    public void put(String key, byte[] bytes, String contentType) {
        bucket.put(key, bytes, contentType);
    }

    public Optional<byte[]> get(String key) {
        return bucket.get(key);
    }
}
