package io.began.core.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.began.core.model.BeganModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A checkpoint in object storage, fetched for serving or evaluating its generator: only the MANIFEST, state.json and
 * the generators' parameters (G's, and G_ema's when the MANIFEST lists it), each checked against the MANIFEST (size
 * and sha256) before use.
 */
public final class RemoteCheckpoint {

    /** Reads an object by key; empty when there is none. */
    @FunctionalInterface
    public interface Objects {
        Optional<byte[]> get(String key);
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> GENERATOR_FILES = List.of(BeganModel.GENERATOR_FILE, TrainingState.FILE);

    private RemoteCheckpoint() {}

    /**
     * Fetches the generator's files of the checkpoint under {@code prefix} into {@code dir} and returns its state
     * (config, step, losses); CorruptCheckpointException names a missing or mismatching file.
     */
    public static TrainingState fetchGenerator(Objects objects, String prefix, Path dir) {
        try {
            Files.createDirectories(dir);
            byte[] manifestBytes = objects.get(prefix + Manifest.FILE)
                    .orElseThrow(() -> new CorruptCheckpointException(dir, Manifest.FILE, "is missing from " + prefix));
            Files.write(dir.resolve(Manifest.FILE), manifestBytes);
            Manifest manifest = Manifest.read(dir);
            List<String> names = new ArrayList<>(GENERATOR_FILES);
            if (manifest.files().containsKey(BeganModel.GENERATOR_EMA_FILE)) {
                names.add(BeganModel.GENERATOR_EMA_FILE);
            }
            for (String name : names) {
                Manifest.Entry entry = manifest.files().get(name);
                if (entry == null) {
                    throw new CorruptCheckpointException(dir, name, "is not in the MANIFEST of " + prefix);
                }
                byte[] bytes = objects.get(prefix + name)
                        .orElseThrow(() -> new CorruptCheckpointException(dir, name, "is missing from " + prefix));
                Path file = dir.resolve(name);
                Files.write(file, bytes);
                if (bytes.length != entry.size()) {
                    throw new CorruptCheckpointException(
                            dir,
                            name,
                            "has " + bytes.length + " bytes, the MANIFEST says " + entry.size() + " (" + prefix + ")");
                }
                if (!Manifest.sha256(file).equals(entry.sha256())) {
                    throw new CorruptCheckpointException(
                            dir, name, "does not match its sha256 in the MANIFEST (" + prefix + ")");
                }
            }
            try {
                return JSON.readValue(dir.resolve(TrainingState.FILE).toFile(), TrainingState.class);
            } catch (IOException e) {
                throw new CorruptCheckpointException(dir, TrainingState.FILE, "is unreadable: " + e.getMessage());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot fetch the checkpoint under " + prefix + ": " + e.getMessage(), e);
        }
    }
}
