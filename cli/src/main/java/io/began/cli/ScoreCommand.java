package io.began.cli;

import io.began.core.checkpoint.CheckpointStore;
import io.began.core.checkpoint.CorruptCheckpointException;
import io.began.core.checkpoint.Manifest;
import io.began.core.data.ImageSource;
import io.began.core.data.LabeledImages;
import io.began.core.evaluation.CheckpointEvaluation;
import io.began.core.evaluation.ClassifierInfo;
import io.began.core.evaluation.DomainClassifier;
import io.began.core.evaluation.FeatureCsv;
import io.began.core.evaluation.FeatureStatistics;
import io.began.core.evaluation.Features;
import io.began.core.evaluation.FrechetDistance;
import io.began.core.evaluation.InceptionScore;
import io.began.core.evaluation.ManifoldMetrics;
import io.began.core.evaluation.RealBaseline;
import io.began.core.model.BeganModel;
import io.began.core.model.Devices;
import io.began.core.train.LocalTraining;
import io.began.core.train.RunConfig;
import io.began.core.events.Events;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code began score}: the evaluator's metric math on your own rows, to compare with other tools. */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = "Inception Score, FID and precision/recall/density/coverage of feature rows from files (one "
                + "row per line, comma or space separated); prints JSON.",
        subcommands = {ScoreCommand.Is.class, ScoreCommand.Fid.class, ScoreCommand.Prdc.class,
                ScoreCommand.RunCheckpoints.class})
final class ScoreCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "is", mixinStandardHelpOptions = true,
            description = "Inception Score of logits (or probabilities) rows: {\"inceptionScore\",\"std\",\"splits\",\"n\"}")
    static final class Is implements Callable<Integer> {

        @Parameters(paramLabel = "LOGITS.csv")
        Path file;

        @Option(names = "--splits", description = "contiguous slices (default: ${DEFAULT-VALUE})", defaultValue = "10")
        int splits;

        @Option(names = "--probabilities", description = "rows are probabilities, not logits")
        boolean probabilities;

        @Option(names = "--shuffle", paramLabel = "SEED",
                description = "shuffle the rows with this seed before splitting (our RNG, not torch's)")
        Long shuffle;

        @Override
        public Integer call() throws Exception {
            double[][] rows = FeatureCsv.read(file);
            if (shuffle != null) {
                rows = InceptionScore.shuffled(rows, shuffle);
            }
            InceptionScore.Result r = InceptionScore.of(rows, splits, probabilities);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("inceptionScore", r.inceptionScore());
            json.put("std", r.std());
            json.put("splits", r.splits());
            json.put("n", r.n());
            System.out.println(Events.json().writeValueAsString(json));
            return 0;
        }
    }

    @Command(name = "fid", mixinStandardHelpOptions = true,
            description = "Fréchet distance between the Gaussians of two feature files: {\"fid\",\"n1\",\"n2\"}")
    static final class Fid implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "A.csv")
        Path a;

        @Parameters(index = "1", paramLabel = "B.csv")
        Path b;

        @Override
        public Integer call() throws Exception {
            FeatureStatistics sa = FeatureStatistics.of(FeatureCsv.read(a));
            FeatureStatistics sb = FeatureStatistics.of(FeatureCsv.read(b));
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("fid", FrechetDistance.between(sa, sb));
            json.put("n1", sa.n());
            json.put("n2", sb.n());
            System.out.println(Events.json().writeValueAsString(json));
            return 0;
        }
    }

    @Command(name = "prdc", mixinStandardHelpOptions = true,
            description = "Precision and recall (k-NN balls, --k-pr) and density and coverage (--k-dc) of sample "
                    + "features against real features, as clovaai/generative-evaluation-prdc: "
                    + "{\"precision\",\"recall\",\"density\",\"coverage\",\"n\",\"m\",...}")
    static final class Prdc implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "REAL.csv")
        Path real;

        @Parameters(index = "1", paramLabel = "FAKE.csv")
        Path fake;

        @Option(names = "--k-pr", defaultValue = "3", description = "k of precision and recall (default: ${DEFAULT-VALUE})")
        int kPrecisionRecall;

        @Option(names = "--k-dc", defaultValue = "5", description = "k of density and coverage (default: ${DEFAULT-VALUE})")
        int kDensityCoverage;

        @Override
        public Integer call() throws Exception {
            ManifoldMetrics.Result r = ManifoldMetrics.of(FeatureCsv.read(real), FeatureCsv.read(fake),
                    kPrecisionRecall, kDensityCoverage, ai.djl.Device.cpu());
            System.out.println(Events.json().writeValueAsString(r));
            return 0;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Scores every checkpoint of a ./began train --local run directory as the evaluator does: N "
                    + "samples through the data set's classifier (./began classifier train), Inception Score, FID "
                    + "against the real test images and precision/recall/density/coverage, next to the real-data "
                    + "baseline; prints JSON {\"baseline\":{...},\"checkpoints\":[{\"step\",...}]}.")
    static final class RunCheckpoints implements Callable<Integer> {

        @Parameters(paramLabel = "RUN_DIR")
        Path runDir;

        @Option(names = "--classifier", paramLabel = "DIR",
                description = "classifier.params + classifier.json (default: classifiers/DATASET-SIZExCHANNELS)")
        Path classifier;

        @Option(names = "--n", defaultValue = "2000", description = "samples per checkpoint and real images for "
                + "the baseline (default: ${DEFAULT-VALUE})")
        int n;

        @Option(names = "--splits", defaultValue = "10", description = "default: ${DEFAULT-VALUE}")
        int splits;

        @Option(names = "--seed", defaultValue = "1", description = "z of the samples, the same for every "
                + "checkpoint (default: ${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--device", defaultValue = "auto", description = "auto | cpu | gpu (default: ${DEFAULT-VALUE})")
        String device;

        @Override
        public Integer call() throws Exception {
            RunConfig config = LocalTraining.readConfig(runDir);
            String scheme = LabeledImages.labelledScheme(config.dataset()).orElseThrow(() ->
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
            ClassifierInfo info = Events.json().readValue(dir.resolve(ClassifierInfo.FILE).toFile(),
                    ClassifierInfo.class);
            if (info.imageSize() != config.imageSize() || info.channels() != config.channels()) {
                throw new IllegalArgumentException(dir + " classifies " + info.imageSize() + "×" + info.imageSize()
                        + "×" + info.channels() + " images, the run makes " + config.imageSize() + "×"
                        + config.imageSize() + "×" + config.channels());
            }
            CheckpointStore store = new CheckpointStore(runDir.resolve("checkpoints"));
            List<Long> steps = store.steps();
            if (steps.isEmpty()) {
                throw new IllegalArgumentException(runDir + " has no checkpoints yet");
            }
            ai.djl.Device on = Devices.of(device);
            Map<String, Object> json = new LinkedHashMap<>();
            List<Map<String, Object>> scored = new ArrayList<>();
            try (DomainClassifier network = DomainClassifier.load(params, info.imageSize(), info.channels(),
                    info.classes(), on);
                 ImageSource test = LabeledImages.open(config.dataset(), true, config.imageSize(), config.channels());
                 ImageSource train = LabeledImages.open(config.dataset(), false, config.imageSize(),
                         config.channels())) {
                // as the evaluator: IS of real test images, FID of real train against test; the test features
                // are also the real manifold of precision/recall/density/coverage
                Features testFeatures = network.extract(test, n);
                RealBaseline baseline = RealBaseline.of(info.name(), info.sha256(), testFeatures,
                        network.extract(train, n), splits);
                double[][] realFeatures = testFeatures.features();
                Map<String, Object> real = new LinkedHashMap<>();
                real.put("extractor", info.name());
                real.put("extractorSha256", info.sha256());
                real.put("extractorTestAccuracy", info.testAccuracy());
                real.put("n", baseline.n());
                real.put("inceptionScore", baseline.realInceptionScore());
                real.put("inceptionStd", baseline.realInceptionStd());
                real.put("fid", baseline.realFid());
                json.put("baseline", real);
                System.err.printf("baseline: real IS %.3f, real FID %.3f (n %d)%n", baseline.realInceptionScore(),
                        baseline.realFid(), baseline.n());
                for (long step : steps) {
                    Path checkpoint = store.dir(step);
                    try {
                        Manifest.verify(checkpoint);
                    } catch (CorruptCheckpointException e) {
                        System.err.println("skipping step " + step + ": " + e.getMessage());
                        continue;
                    }
                    try (BeganModel generator = BeganModel.loadGenerator(config, on, checkpoint)) {
                        CheckpointEvaluation.Result r = CheckpointEvaluation.evaluate(generator, network, baseline,
                                realFeatures, n, splits, seed);
                        Map<String, Object> row = new LinkedHashMap<>();
                        row.put("step", step);
                        row.put("n", r.n());
                        row.put("inceptionScore", r.inceptionScore());
                        row.put("inceptionStd", r.inceptionStd());
                        row.put("fid", r.fid());
                        if (r.manifold() != null) {
                            row.put("precision", r.manifold().precision());
                            row.put("recall", r.manifold().recall());
                            row.put("density", r.manifold().density());
                            row.put("coverage", r.manifold().coverage());
                        }
                        row.put("seconds", r.seconds());
                        scored.add(row);
                        System.err.printf("step %d: IS %.3f, FID %.3f (%.0f s)%n", step, r.inceptionScore(), r.fid(),
                                r.seconds());
                    }
                }
            }
            json.put("checkpoints", scored);
            System.out.println(Events.json().writerWithDefaultPrettyPrinter().writeValueAsString(json));
            return 0;
        }
    }
}
