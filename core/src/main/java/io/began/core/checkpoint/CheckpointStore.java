package io.began.core.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.began.core.io.ScratchDir;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkpoints of one run on a local disk: {@code ROOT/{step:09d}/}, the same layout as in object storage. A
 * checkpoint is written into a hidden temporary directory, its MANIFEST last, then renamed into place, so a crash
 * never leaves a half-written one under a step name.
 */
public final class CheckpointStore {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;

    public CheckpointStore(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public static String stepName(long step) {
        return String.format("%09d", step);
    }

    /** Writes a checkpoint: {@code writer} fills a directory, then the MANIFEST is added and the directory published. */
    public Path write(long step, Consumer<Path> writer) {
        Path target = root.resolve(stepName(step));
        Path tmp = root.resolve("." + stepName(step) + ".tmp");
        try {
            Files.createDirectories(root);
            ScratchDir.deleteTree(tmp);
            Files.createDirectories(tmp);
            writer.accept(tmp);
            Manifest.of(step, tmp).write(tmp);
            ScratchDir.deleteTree(target);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + target + ": " + e.getMessage(), e);
        }
    }

    /** Steps of the published checkpoints, oldest first (unverified). */
    public List<Long> steps() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(root)) {
            return list.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("\\d{9}"))
                    .map(Long::parseLong)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path dir(long step) {
        return root.resolve(stepName(step));
    }

    /** The newest checkpoint whose files match its MANIFEST; corrupt ones are reported and skipped. */
    public Optional<Path> latestValid() {
        List<Long> steps = steps();
        for (int i = steps.size() - 1; i >= 0; i--) {
            Path dir = dir(steps.get(i));
            try {
                Manifest.verify(dir);
                return Optional.of(dir);
            } catch (CorruptCheckpointException e) {
                LOG.warn("skipping {}", e.getMessage());
            }
        }
        return Optional.empty();
    }

    /** Verifies a checkpoint and reads its state.json. */
    public static TrainingState readState(Path dir) {
        Manifest.verify(dir);
        try {
            return JSON.readValue(dir.resolve(TrainingState.FILE).toFile(), TrainingState.class);
        } catch (IOException e) {
            throw new CorruptCheckpointException(dir, TrainingState.FILE, "is unreadable: " + e.getMessage());
        }
    }

    public static void writeState(Path dir, TrainingState state) {
        try {
            Files.write(
                    dir.resolve(TrainingState.FILE),
                    JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(state));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Keeps the newest {@code keep} checkpoints, deleting older ones. */
    public void prune(int keep) {
        List<Long> steps = steps();
        steps.subList(0, Math.max(0, steps.size() - keep)).forEach(this::delete);
    }

    /** Deletes every checkpoint older than {@code step}. */
    public void deleteBefore(long step) {
        steps().stream().filter(s -> s < step).forEach(this::delete);
    }

    private void delete(long step) {
        try {
            ScratchDir.deleteTree(dir(step));
        } catch (IOException e) {
            LOG.warn("cannot delete old checkpoint {}: {}", dir(step), e.getMessage());
        }
    }
}
