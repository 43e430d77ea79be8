package io.began.cli;

import ai.djl.Device;
import io.began.core.checkpoint.CheckpointStore;
import io.began.core.checkpoint.CorruptCheckpointException;
import io.began.core.checkpoint.Manifest;
import io.began.core.data.ImageSource;
import io.began.core.data.LabeledImages;
import io.began.core.evaluation.CheckpointEvaluation;
import io.began.core.evaluation.ClassifierInfo;
import io.began.core.evaluation.DomainClassifier;
import io.began.core.evaluation.Features;
import io.began.core.evaluation.GridClasses;
import io.began.core.evaluation.RealBaseline;
import io.began.core.events.Events;
import io.began.core.model.BeganModel;
import io.began.core.model.GeneratorKind;
import io.began.core.model.Precision;
import io.began.core.run.RunConfig;
import io.began.core.train.LatentSampler;
import io.began.core.train.LocalTraining;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The checkpoints of a run directory scored as the evaluator scores them: N samples through the data set's
 * classifier, IS, FID against the real test images, precision/recall/density/coverage, beside the real baseline.
 */
final class RunScoring {

    private RunScoring() {}

    /**
     * {"baseline": {...}, "checkpoints": [{"step", "inceptionScore", "fid", ...}]}; {@code classifier} null takes
     * {@code classifiers/DATASET-SIZExCHANNELS}.
     */
    static Map<String, Object> score(
            Path runDir, Path classifier, int n, int splits, long seed, Device on, boolean lastOnly)
            throws IOException {
        return score(runDir, classifier, n, splits, seed, on, lastOnly, Precision.FLOAT32);
    }

    /** The same with the samples generated in {@code precision}. */
    static Map<String, Object> score(
            Path runDir,
            Path classifier,
            int n,
            int splits,
            long seed,
            Device on,
            boolean lastOnly,
            Precision precision)
            throws IOException {
        return score(runDir, classifier, n, splits, seed, on, lastOnly, precision, List.of());
    }

    /** The same, only for the checkpoints of {@code only} when it names any. */
    static Map<String, Object> score(
            Path runDir,
            Path classifier,
            int n,
            int splits,
            long seed,
            Device on,
            boolean lastOnly,
            Precision precision,
            List<Long> only)
            throws IOException {
        RunConfig config = LocalTraining.readConfig(runDir);
        String scheme = LabeledImages.labelledScheme(config.dataset())
                .orElseThrow(() ->
                        new IllegalArgumentException("the run's data set " + config.dataset() + " has no labels for a "
                                + "classifier: fashion-mnist, mnist or cifar10:DIR runs can be scored"));
        String name = ClassifierInfo.nameOf(scheme, config.imageSize(), config.channels());
        Path dir = classifier != null ? classifier : Path.of("classifiers", name);
        Path params = dir.resolve(DomainClassifier.PARAMS_FILE);
        if (!Files.isRegularFile(params) || !Files.isRegularFile(dir.resolve(ClassifierInfo.FILE))) {
            throw new IllegalArgumentException(dir + " holds no classifier; make one with ./began classifier "
                    + "train --dataset " + config.dataset() + " --image-size " + config.imageSize()
                    + " --channels " + config.channels() + " --out " + dir);
        }
        ClassifierInfo info =
                Events.json().readValue(dir.resolve(ClassifierInfo.FILE).toFile(), ClassifierInfo.class);
        if (info.imageSize() != config.imageSize() || info.channels() != config.channels()) {
            throw new IllegalArgumentException(dir + " classifies " + info.imageSize() + "×" + info.imageSize()
                    + "×" + info.channels() + " images, the run makes " + config.imageSize() + "×"
                    + config.imageSize() + "×" + config.channels());
        }
        CheckpointStore store = new CheckpointStore(runDir.resolve("checkpoints"));
        List<Long> steps = store.steps();
        if (lastOnly && !steps.isEmpty()) {
            steps = List.of(steps.get(steps.size() - 1));
        }
        if (!only.isEmpty()) {
            List<Long> missing =
                    only.stream().filter(s -> !store.steps().contains(s)).toList();
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException(
                        runDir + " has no checkpoint of step " + missing + "; it has " + store.steps());
            }
            steps = only;
        }
        if (steps.isEmpty()) {
            throw new IllegalArgumentException(runDir + " has no checkpoints yet");
        }
        Map<String, Object> json = new LinkedHashMap<>();
        List<Map<String, Object>> scored = new ArrayList<>();
        try (DomainClassifier network =
                        DomainClassifier.load(params, info.imageSize(), info.channels(), info.classes(), on);
                ImageSource test = LabeledImages.open(config.dataset(), true, config.imageSize(), config.channels());
                ImageSource train =
                        LabeledImages.open(config.dataset(), false, config.imageSize(), config.channels())) {
            // as the evaluator: IS of real test images, FID of real train against test; the test features
            // are also the real manifold of precision/recall/density/coverage
            Features testFeatures = network.extract(test, n);
            RealBaseline baseline =
                    RealBaseline.of(info.name(), info.sha256(), testFeatures, network.extract(train, n), splits);
            double[][] realFeatures = testFeatures.features();
            Map<String, Object> real = new LinkedHashMap<>();
            real.put("extractor", info.name());
            real.put("extractorSha256", info.sha256());
            real.put("extractorTestAccuracy", info.testAccuracy());
            real.put("n", baseline.n());
            real.put("inceptionScore", baseline.realInceptionScore());
            real.put("inceptionStd", baseline.realInceptionStd());
            real.put("fid", baseline.realFid());
            // the same count on a grid of 64 real test images: what a generator that keeps every class shows
            int per = config.channels() * config.imageSize() * config.imageSize();
            float[] images = new float[LocalTraining.PREVIEW_IMAGES * per];
            for (int i = 0; i < LocalTraining.PREVIEW_IMAGES; i++) {
                test.read(i, images, i * per);
            }
            GridClasses realGrid = GridClasses.of(
                    network.extract(images, LocalTraining.PREVIEW_IMAGES, config.imageSize(), config.channels())
                            .logits());
            real.put("gridClasses", realGrid.present());
            real.put("gridClassTiles", realGrid.tiles());
            json.put("baseline", real);
            System.err.printf(
                    "baseline: real IS %.3f, real FID %.3f (n %d), a grid of 64 test images: %s%n",
                    baseline.realInceptionScore(), baseline.realFid(), baseline.n(), realGrid);
            for (long step : steps) {
                Path checkpoint = store.dir(step);
                try {
                    Manifest.verify(checkpoint);
                } catch (CorruptCheckpointException e) {
                    System.err.println("skipping step " + step + ": " + e.getMessage());
                    continue;
                }
                for (GeneratorKind kind : GeneratorKind.values()) {
                    if (!Files.isRegularFile(checkpoint.resolve(kind.file()))) {
                        continue;
                    }
                    try (BeganModel generator = BeganModel.loadGenerator(config, on, checkpoint, kind)) {
                        CheckpointEvaluation.Result r = CheckpointEvaluation.evaluate(
                                generator, precision, network, baseline, realFeatures, n, splits, seed);
                        GridClasses grid = GridClasses.of(
                                generator,
                                network,
                                new LatentSampler(config.seed(), config.h())
                                        .values(0, LatentSampler.STREAM_PREVIEW, LocalTraining.PREVIEW_IMAGES),
                                LocalTraining.PREVIEW_IMAGES);
                        Map<String, Object> row = new LinkedHashMap<>();
                        row.put("step", step);
                        row.put("generator", kind.configName());
                        row.put("n", r.n());
                        row.put("generatorPrecision", precision.configName());
                        row.put("inceptionScore", r.inceptionScore());
                        row.put("inceptionStd", r.inceptionStd());
                        row.put("fid", r.fid());
                        if (r.kid() != null) {
                            row.put("kid", r.kid().mean());
                            row.put("kidStd", r.kid().std());
                        }
                        if (r.manifold() != null) {
                            row.put("precision", r.manifold().precision());
                            row.put("recall", r.manifold().recall());
                            row.put("density", r.manifold().density());
                            row.put("coverage", r.manifold().coverage());
                        }
                        row.put("gridClasses", grid.present());
                        row.put("gridClassTiles", grid.tiles());
                        row.put("seconds", r.seconds());
                        scored.add(row);
                        System.err.printf(
                                "step %d %s: IS %.3f, FID %.3f, KID %s, %s (%.0f s)%n",
                                step,
                                kind.configName(),
                                r.inceptionScore(),
                                r.fid(),
                                r.kid() == null
                                        ? "-"
                                        : String.format("%.4f", r.kid().mean()),
                                grid,
                                r.seconds());
                    }
                }
            }
        }
        json.put("checkpoints", scored);
        return json;
    }
}
