package io.began.sampler.generators;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.began.core.checkpoint.CorruptCheckpointException;
import io.began.core.checkpoint.Manifest;
import io.began.core.checkpoint.TrainingState;
import io.began.core.model.BeganModel;
import io.began.core.model.Devices;
import io.began.sampler.storage.RunArtifacts;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Fetches a checkpoint's generator from the bucket, checks it against the checkpoint's MANIFEST (sha256 and size of
 * every file it reads) and loads it. Only what serving needs is fetched: the MANIFEST, state.json (the run's config)
 * and the generator's parameters, not the discriminator or the optimizer state.
 */
@ApplicationScoped
public class CheckpointLoader {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> NEEDED = List.of(BeganModel.GENERATOR_FILE, TrainingState.FILE);

    private final RunArtifacts artifacts;
    private final Device device;
    private final Path workDir;

    public CheckpointLoader(RunArtifacts artifacts,
                            @ConfigProperty(name = "began.sampler.device") String device,
                            @ConfigProperty(name = "began.sampler.work-dir") Path workDir) {
        this.artifacts = artifacts;
        this.device = Devices.of(device);
        this.workDir = workDir;
    }

    /** The generator of {@code runId} at {@code step}; CorruptCheckpointException when a file does not match. */
    public ServedGenerator load(String runId, long step) {
        Path dir;
        try {
            Files.createDirectories(workDir);
            dir = Files.createTempDirectory(workDir, runId + "-" + step + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a download directory under " + workDir, e);
        }
        try {
            String prefix = RunArtifacts.checkpointPrefix(runId, step);
            byte[] manifestBytes = artifacts.get(prefix + Manifest.FILE).orElseThrow(() ->
                    new CorruptCheckpointException(dir, Manifest.FILE, "is missing from " + prefix));
            Files.write(dir.resolve(Manifest.FILE), manifestBytes);
            Manifest manifest = Manifest.read(dir);
            for (String name : NEEDED) {
                Manifest.Entry entry = manifest.files().get(name);
                if (entry == null) {
                    throw new CorruptCheckpointException(dir, name, "is not in the MANIFEST of " + prefix);
                }
                byte[] bytes = artifacts.get(prefix + name).orElseThrow(() ->
                        new CorruptCheckpointException(dir, name, "is missing from " + prefix));
                Path file = dir.resolve(name);
                Files.write(file, bytes);
                if (bytes.length != entry.size()) {
                    throw new CorruptCheckpointException(dir, name, "has " + bytes.length + " bytes, the MANIFEST says "
                            + entry.size() + " (" + prefix + ")");
                }
                if (!Manifest.sha256(file).equals(entry.sha256())) {
                    throw new CorruptCheckpointException(dir, name, "does not match its sha256 in the MANIFEST ("
                            + prefix + ")");
                }
            }
            TrainingState state;
            try {
                state = JSON.readValue(dir.resolve(TrainingState.FILE).toFile(), TrainingState.class);
            } catch (IOException e) {
                throw new CorruptCheckpointException(dir, TrainingState.FILE, "is unreadable: " + e.getMessage());
            }
            return new ServedGenerator(runId, step, BeganModel.loadGenerator(state.config(), device, dir));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot fetch checkpoint " + step + " of " + runId + ": " + e.getMessage(),
                    e);
        } finally {
            deleteRecursively(dir);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }
}
