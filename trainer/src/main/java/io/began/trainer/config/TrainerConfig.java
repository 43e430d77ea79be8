package io.began.trainer.config;

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

    /** Where the runs train. */
    DeviceChoice device();

    /** The local spool: run directories and checkpoints not yet uploaded. */
    Path workDir();

    /** The consumer group of every trainer replica on began.runs. */
    String group();

    /** A replica that stops heartbeating this long leaves the group, and its runs move to the others. */
    Duration sessionTimeout();

    /** How long a replica losing a partition may take to checkpoint the run before it lets it go. */
    Duration handOverTimeout();

    /** {@code auto} takes the GPU when PyTorch sees one; {@code cpu} and {@code gpu} force it. */
    enum DeviceChoice {
        AUTO, CPU, GPU;

        /** As Devices.of and the config file spell it. */
        public String configName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
