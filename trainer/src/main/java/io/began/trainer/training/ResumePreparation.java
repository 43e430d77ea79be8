package io.began.trainer.training;

import io.began.core.checkpoint.CheckpointStore;
import io.began.core.checkpoint.Manifest;
import io.began.core.events.Events;
import io.began.core.train.LocalTraining;
import io.began.service.storage.Keys;
import io.began.trainer.runs.RunRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * A run's local directory made ready to resume from the run's last checkpoint in the bucket: the config written
 * when this disk never saw the run, the bucket's checkpoint fetched (and checked against its MANIFEST) when this disk
 * lacks it, and any newer local checkpoint removed (never uploaded, or written after another replica took the run
 * over), so that every replica continues the same history.
 */
final class ResumePreparation {

    /** Copies every object under a prefix of the bucket into a directory. */
    @FunctionalInterface
    interface Download {
        void all(String prefix, Path target);
    }

    private static final Logger LOG = Logger.getLogger(ResumePreparation.class);

    private final Download download;

    ResumePreparation(Download download) {
        this.download = download;
    }

    void prepare(RunRecord record, Path dir) {
        Path checkpoints = dir.resolve("checkpoints");
        try {
            Files.createDirectories(dir);
            if (!Files.exists(dir.resolve(LocalTraining.CONFIG_FILE))) {
                Files.write(
                        dir.resolve(LocalTraining.CONFIG_FILE), Events.json().writeValueAsBytes(record.config()));
            }
            if (Files.isDirectory(checkpoints)) {
                try (Stream<Path> steps = Files.list(checkpoints)) {
                    for (Path step : steps.toList()) {
                        if (step.getFileName().toString().matches("\\d+")
                                && Long.parseLong(step.getFileName().toString()) > record.lastCheckpoint()) {
                            LOG.infof(
                                    "run %s: local checkpoint %s is not the bucket's; removed",
                                    record.runId(), step.getFileName());
                            deleteTree(step);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare " + dir + ": " + e.getMessage(), e);
        }
        if (record.lastCheckpoint() < 0
                || Files.isDirectory(checkpoints.resolve(CheckpointStore.stepName(record.lastCheckpoint())))) {
            return;
        }
        Path target = checkpoints.resolve(CheckpointStore.stepName(record.lastCheckpoint()));
        download.all(Keys.checkpoint(record.runId(), record.lastCheckpoint()), target);
        Manifest.verify(target);
        LOG.infof("run %s: fetched checkpoint %d from object storage", record.runId(), record.lastCheckpoint());
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
