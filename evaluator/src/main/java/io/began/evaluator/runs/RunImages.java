package io.began.evaluator.runs;

import io.began.service.storage.Bucket;
import io.began.service.storage.Keys;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * The images the trainer stores beside a run's checkpoints, read from the bucket: the preview grid and the
 * discriminator's view. Empty when the bucket has none (yet); StorageUnavailableException when it does not answer.
 */
@ApplicationScoped
public class RunImages {

    private final Bucket bucket;

    public RunImages(Bucket bucket) {
        this.bucket = bucket;
    }

    /** The PNG stored under {@code key}, as a run's summary names its preview. */
    public Optional<byte[]> preview(String key) {
        return bucket.get(key);
    }

    /** The discriminator's view of {@code runId} at {@code step}, and the key it is stored under. */
    public Optional<byte[]> discriminatorView(String runId, long step) {
        return bucket.get(Keys.discriminatorView(runId, step));
    }
}
