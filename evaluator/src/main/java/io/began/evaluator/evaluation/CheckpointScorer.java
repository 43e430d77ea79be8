package io.began.evaluator.evaluation;

import ai.djl.Device;
import io.began.core.checkpoint.RemoteCheckpoint;
import io.began.core.checkpoint.TrainingState;
import io.began.core.evaluation.CheckpointEvaluation;
import io.began.core.evaluation.KernelInceptionDistance;
import io.began.core.evaluation.ManifoldMetrics;
import io.began.core.events.CheckpointEvent;
import io.began.core.events.EvaluationEvent;
import io.began.core.events.Events;
import io.began.core.events.GeneratorScores;
import io.began.core.io.ScratchDir;
import io.began.core.model.BeganModel;
import io.began.core.model.DeviceChoice;
import io.began.core.model.GeneratorKind;
import io.began.core.model.Precision;
import io.began.core.run.RunConfig;
import io.began.evaluator.config.EvaluatorConfig;
import io.began.service.storage.Bucket;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Scores one checkpoint: its generator G and, when the checkpoint has one, its moving average G_ema, each on N
 * samples from the same z (one seed for every checkpoint and both generators), through the run's feature extractor
 * ({@link Extractors}) against the same real statistics and reference features. G's scores are the evaluation's
 * top-level fields, G_ema's its {@code ema}. Called from the evaluations' one worker thread only.
 */
@ApplicationScoped
public class CheckpointScorer {

    private final Bucket bucket;
    private final Extractors extractors;
    private final int samples;
    private final int splits;
    private final long seed;
    private final DeviceChoice deviceChoice;
    private final Precision precision;
    /** Resolved at the first checkpoint: loading the engine must not fail a consumer or the start. */
    private Device device;

    public CheckpointScorer(Bucket bucket, Extractors extractors, EvaluatorConfig config) {
        EvaluatorConfig.Scoring scoring = config.scoring();
        this.bucket = bucket;
        this.extractors = extractors;
        this.samples = scoring.samples();
        this.splits = scoring.splits();
        this.seed = scoring.seed();
        this.deviceChoice = scoring.device();
        this.precision = scoring.precision();
    }

    /** The scores of the checkpoint {@code event} announces (fetched and checked against its MANIFEST first). */
    public EvaluationEvent score(CheckpointEvent event) {
        if (device == null) {
            device = deviceChoice.device();
        }
        try (ScratchDir scratch = ScratchDir.create("began-evaluate")) {
            Path dir = scratch.path();
            // the checkpoint first: a bad one must not cost a classifier's training
            TrainingState state = RemoteCheckpoint.fetchGenerator(bucket::get, event.prefix(), dir);
            RunConfig config = state.config();
            Extractor extractor = extractors.forRun(config.dataset(), config.imageSize(), config.channels());
            GeneratorScores raw = scores(evaluate(config, dir, GeneratorKind.RAW, extractor));
            // fetchGenerator brings G_ema's file exactly when the MANIFEST lists it
            GeneratorScores ema = Files.isRegularFile(dir.resolve(GeneratorKind.EMA.file()))
                    ? scores(evaluate(config, dir, GeneratorKind.EMA, extractor))
                    : null;
            return new EvaluationEvent(
                    Events.SCHEMA,
                    event.runId(),
                    event.step(),
                    Instant.now(),
                    raw.n(),
                    splits,
                    raw.inceptionScore(),
                    raw.inceptionStd(),
                    raw.fid(),
                    extractor.name(),
                    extractor.sha256(),
                    extractor.testAccuracy(),
                    extractor.preprocessing(),
                    extractor.baseline().realInceptionScore(),
                    extractor.baseline().realFid(),
                    raw.seconds(),
                    raw.precision(),
                    raw.recall(),
                    raw.density(),
                    raw.coverage(),
                    precision.configName(),
                    raw.kid(),
                    raw.kidStd(),
                    ema);
        }
    }

    /** One generator's scores; the model is closed before the other is loaded, so only one is in memory. */
    private CheckpointEvaluation.Result evaluate(RunConfig config, Path dir, GeneratorKind kind, Extractor extractor) {
        try (BeganModel generator = BeganModel.loadGenerator(config, device, dir, kind)) {
            return CheckpointEvaluation.evaluate(
                    generator,
                    precision,
                    extractor.network(),
                    extractor.baseline(),
                    extractor.realFeatures(),
                    samples,
                    splits,
                    seed);
        }
    }

    private static GeneratorScores scores(CheckpointEvaluation.Result result) {
        ManifoldMetrics.Result manifold = result.manifold();
        KernelInceptionDistance.Result kid = result.kid();
        return new GeneratorScores(
                result.n(),
                result.inceptionScore(),
                result.inceptionStd(),
                result.fid(),
                kid == null ? null : kid.mean(),
                kid == null ? null : kid.std(),
                manifold == null ? null : manifold.precision(),
                manifold == null ? null : manifold.recall(),
                manifold == null ? null : manifold.density(),
                manifold == null ? null : manifold.coverage(),
                result.seconds());
    }
}
