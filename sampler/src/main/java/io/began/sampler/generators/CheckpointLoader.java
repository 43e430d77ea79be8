package io.began.sampler.generators;

import ai.djl.Device;
import io.began.core.checkpoint.RemoteCheckpoint;
import io.began.core.checkpoint.TrainingState;
import io.began.core.io.ScratchDir;
import io.began.core.model.BeganModel;
import io.began.core.model.DeviceChoice;
import io.began.core.model.GeneratorKind;
import io.began.core.model.Precision;
import io.began.sampler.config.SamplerConfig;
import io.began.sampler.storage.RunArtifacts;
import io.began.service.storage.Keys;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fetches a checkpoint's generator from the bucket, checks it against the checkpoint's MANIFEST (sha256 and size of
 * every file it reads) and loads it. Only what serving needs is fetched: the MANIFEST, state.json (the run's config)
 * and the generators' parameters (G's, and G_ema's when the checkpoint has it), not the discriminator or the optimizer
 * state. One generator is loaded per call: G or G_ema, as asked.
 */
@ApplicationScoped
public class CheckpointLoader {

    private final RunArtifacts artifacts;
    private final DeviceChoice deviceChoice;
    /** Resolved at the first load, on a loading thread: an engine that does not load fails that job, not a consumer. */
    private volatile Device device;

    private final Path workDir;
    private final Precision precision;

    public CheckpointLoader(RunArtifacts artifacts, SamplerConfig config) {
        this.artifacts = artifacts;
        this.deviceChoice = config.device();
        this.workDir = config.workDir();
        this.precision = config.precision();
    }

    /**
     * The {@code kind} generator of {@code runId} at {@code step}; CorruptCheckpointException when a file does not
     * match, MissingGeneratorException when G_ema is asked of a checkpoint without one.
     */
    public ServedGenerator load(String runId, long step, GeneratorKind kind) {
        try (ScratchDir dir = ScratchDir.under(workDir, runId + "-" + step + "-" + kind.configName() + "-")) {
            TrainingState state =
                    RemoteCheckpoint.fetchGenerator(artifacts::get, Keys.checkpoint(runId, step), dir.path());
            boolean hasEma = Files.isRegularFile(dir.path().resolve(GeneratorKind.EMA.file()));
            if (kind == GeneratorKind.EMA && !hasEma) {
                throw new MissingGeneratorException(runId, step);
            }
            return new ServedGenerator(
                    runId,
                    step,
                    kind,
                    hasEma,
                    BeganModel.loadGenerator(state.config(), device(), dir.path(), kind),
                    precision);
        }
    }

    private Device device() {
        Device resolved = device;
        if (resolved == null) {
            resolved = deviceChoice.device();
            device = resolved;
        }
        return resolved;
    }
}
