package io.began.core.train;

import io.began.core.checkpoint.TrainingState;
import io.began.core.run.StepMetrics;
import java.nio.file.Path;

/** What a training loop tells the outside world (a service forwards it to Kafka and object storage). */
public interface TrainingListener {

    /** A metrics step; called on the training thread, so it must not block. */
    default void onMetrics(StepMetrics metrics) {}

    /**
     * A checkpoint is complete on local disk (its MANIFEST written) together with its preview grid. The directory
     * is not deleted by the loop while a listener is set; the listener owns its clean-up.
     */
    default void onCheckpoint(TrainingState state, Path checkpointDir, Path samplesPng) {}

    TrainingListener NONE = new TrainingListener() {};
}
