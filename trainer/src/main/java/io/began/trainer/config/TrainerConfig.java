package io.began.trainer.config;

import io.began.core.model.DeviceChoice;
import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The trainer's own settings, {@code began.trainer.*}, as application.properties documents them key by key. A bad
 * value (a device that is none of auto, cpu, gpu; a duration that is none) fails the boot, naming its key.
 */
@ConfigMapping(prefix = "began.trainer")
public interface TrainerConfig {

    /** This replica's identity: it resumes the RUNNING runs it owned when it restarts (a pod name in Kubernetes). */
    String id();

    /** Where the runs train: auto (the GPU when PyTorch sees one), cpu or gpu. */
    DeviceChoice device();

    /** The local spool: run directories and checkpoints not yet uploaded. */
    Path workDir();

    /** The consumer group of every trainer replica on began.runs. */
    String group();

    /** A replica that stops heartbeating this long leaves the group, and its runs move to the others. */
    Duration sessionTimeout();

    /** How long a replica losing a partition may take to checkpoint the run before it lets it go. */
    Duration handOverTimeout();
}
