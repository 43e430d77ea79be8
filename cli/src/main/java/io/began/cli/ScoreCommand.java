package io.began.cli;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import io.began.cli.options.DeviceOption;
import io.began.cli.options.SamplePrecision;
import io.began.cli.stack.LocalEnv;
import io.began.cli.stack.ServiceClient;
import io.began.cli.stack.StackAddress;
import io.began.cli.stack.StackOptions;
import io.began.cli.stack.StackRunCopy;
import io.began.core.data.LabeledImages;
import io.began.core.evaluation.ClassifierInfo;
import io.began.core.evaluation.FeatureCsv;
import io.began.core.evaluation.FeatureStatistics;
import io.began.core.evaluation.FrechetDistance;
import io.began.core.evaluation.GridClasses;
import io.began.core.evaluation.InceptionScore;
import io.began.core.evaluation.KernelInceptionDistance;
import io.began.core.evaluation.ManifoldMetrics;
import io.began.core.events.Events;
import io.began.core.events.RunId;
import io.began.core.image.LineChart;
import io.began.core.run.RunConfig;
import io.began.core.train.LocalTraining;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code began score}: the evaluator's metric math on your own rows, to compare with other tools. */
@Command(
        name = "score",
        mixinStandardHelpOptions = true,
        description = "Inception Score, FID and precision/recall/density/coverage of feature rows from files (one "
                + "row per line, comma or space separated); prints JSON.",
        subcommands = {
            ScoreCommand.Is.class,
            ScoreCommand.Fid.class,
            ScoreCommand.Kid.class,
            ScoreCommand.Prdc.class,
            ScoreCommand.RunCheckpoints.class,
            ScoreCommand.StackRun.class,
            ScoreCommand.Chart.class
        })
final class ScoreCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(
            name = "is",
            mixinStandardHelpOptions = true,
            description =
                    "Inception Score of logits (or probabilities) rows: {\"inceptionScore\",\"std\",\"splits\",\"n\"}")
    static final class Is implements Callable<Integer> {

        @Parameters(paramLabel = "LOGITS.csv")
        Path file;

        @Option(names = "--splits", description = "contiguous slices (default: ${DEFAULT-VALUE})", defaultValue = "10")
        int splits;

        @Option(names = "--probabilities", description = "rows are probabilities, not logits")
        boolean probabilities;

        @Option(
                names = "--shuffle",
                paramLabel = "SEED",
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

    @Command(
            name = "fid",
            mixinStandardHelpOptions = true,
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

    @Command(
            name = "kid",
            mixinStandardHelpOptions = true,
            description = "Kernel Inception Distance of sample features against real features, as torch-fidelity "
                    + "computes it (cubic polynomial kernel, unbiased MMD² on random subsets drawn as numpy's "
                    + "RandomState(seed) draws them): {\"kid\",\"kidStd\",\"subsets\",\"subsetSize\"}")
    static final class Kid implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "SAMPLES.csv")
        Path samples;

        @Parameters(index = "1", paramLabel = "REAL.csv")
        Path real;

        @Option(names = "--subsets", defaultValue = "100", description = "default: ${DEFAULT-VALUE}")
        int subsets;

        @Option(
                names = "--subset-size",
                defaultValue = "1000",
                description = "rows per subset (default: " + "${DEFAULT-VALUE})")
        int subsetSize;

        @Option(
                names = "--seed",
                defaultValue = "2020",
                description = "torch-fidelity's rng_seed (default: " + "${DEFAULT-VALUE})")
        int seed;

        @Override
        public Integer call() throws Exception {
            KernelInceptionDistance.Result r = KernelInceptionDistance.of(
                    FeatureCsv.read(samples), FeatureCsv.read(real), subsets, subsetSize, seed, Device.cpu());
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("kid", r.mean());
            json.put("kidStd", r.std());
            json.put("subsets", r.subsets());
            json.put("subsetSize", r.subsetSize());
            System.out.println(Events.json().writeValueAsString(json));
            return 0;
        }
    }

    @Command(
            name = "prdc",
            mixinStandardHelpOptions = true,
            description = "Precision and recall (k-NN balls, --k-pr) and density and coverage (--k-dc) of sample "
                    + "features against real features, as clovaai/generative-evaluation-prdc: "
                    + "{\"precision\",\"recall\",\"density\",\"coverage\",\"n\",\"m\",...}")
    static final class Prdc implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "REAL.csv")
        Path real;

        @Parameters(index = "1", paramLabel = "FAKE.csv")
        Path fake;

        @Option(
                names = "--k-pr",
                defaultValue = "3",
                description = "k of precision and recall (default: ${DEFAULT-VALUE})")
        int kPrecisionRecall;

        @Option(
                names = "--k-dc",
                defaultValue = "5",
                description = "k of density and coverage (default: ${DEFAULT-VALUE})")
        int kDensityCoverage;

        @Override
        public Integer call() throws Exception {
            ManifoldMetrics.Result r = ManifoldMetrics.of(
                    FeatureCsv.read(real), FeatureCsv.read(fake), kPrecisionRecall, kDensityCoverage, Device.cpu());
            System.out.println(Events.json().writeValueAsString(r));
            return 0;
        }
    }

    @Command(
            name = "run",
            mixinStandardHelpOptions = true,
            description = "Scores every checkpoint of a ./began train --local run directory as the evaluator does: N "
                    + "samples through the data set's classifier (./began classifier train), Inception Score, FID "
                    + "against the real test images and precision/recall/density/coverage, next to the real-data "
                    + "baseline; prints JSON {\"baseline\":{...},\"checkpoints\":[{\"step\",...}]}.")
    static final class RunCheckpoints implements Callable<Integer> {

        @Parameters(paramLabel = "RUN_DIR")
        Path runDir;

        @Option(
                names = "--classifier",
                paramLabel = "DIR",
                description = "classifier.params + classifier.json (default: classifiers/DATASET-SIZExCHANNELS)")
        Path classifier;

        @Option(
                names = "--n",
                defaultValue = "10000",
                description = "samples per checkpoint and real images for "
                        + "the baseline, N (default: ${DEFAULT-VALUE}, the standard N)")
        int n;

        @Option(names = "--splits", defaultValue = "10", description = "default: ${DEFAULT-VALUE}")
        int splits;

        @Option(
                names = "--seed",
                defaultValue = "1",
                description = "z of the samples, the same for every " + "checkpoint (default: ${DEFAULT-VALUE})")
        long seed;

        @picocli.CommandLine.Mixin
        DeviceOption device = new DeviceOption();

        @Option(names = "--last", description = "score only the newest checkpoint")
        boolean last;

        @Option(
                names = "--steps",
                split = ",",
                paramLabel = "STEP",
                description = "score only these checkpoints " + "(comma-separated steps)")
        List<Long> steps = new ArrayList<>();

        @picocli.CommandLine.Mixin
        SamplePrecision precision = new SamplePrecision();

        @Override
        public Integer call() throws Exception {
            Map<String, Object> json = RunScoring.score(
                    runDir, classifier, n, splits, seed, device.device(), last, precision.precision(), steps);
            System.out.println(Events.json().writerWithDefaultPrettyPrinter().writeValueAsString(json));
            return 0;
        }
    }

    @Command(
            name = "stack",
            mixinStandardHelpOptions = true,
            description = "Scores a run of a stack: waits for the evaluator's scores of each of its "
                    + "checkpoints and prints them, then copies its first and last checkpoint and the evaluator's "
                    + "classifier out of the bucket and scores both at N (default 10 000, the standard N), with the "
                    + "real-data baseline, as ./began score run does. The bucket is the local stack's, or the one "
                    + "S3_ENDPOINT, S3_ACCESS_KEY and S3_SECRET_KEY name; without one, only the evaluator's scores.")
    static final class StackRun implements Callable<Integer> {

        @Parameters(paramLabel = "RUN")
        String runId;

        @Option(
                names = "--n",
                defaultValue = "10000",
                description =
                        "samples for the first and last checkpoint, " + "N (default: ${DEFAULT-VALUE}, the standard N)")
        int n;

        @Option(
                names = "--wait",
                defaultValue = "10m",
                description = "how long to wait for the evaluator to score "
                        + "the run's last checkpoint (default: ${DEFAULT-VALUE})")
        Duration wait;

        @picocli.CommandLine.Mixin
        DeviceOption device = new DeviceOption();

        @picocli.CommandLine.Mixin
        StackOptions stack = new StackOptions();

        @Override
        public Integer call() throws Exception {
            RunId.require(runId);
            StackAddress address = stack.resolve();
            ServiceClient evaluator = address.evaluatorClient();
            LocalEnv env = LocalEnv.bucket(address);
            StackRunCopy bucket = env == null ? null : new StackRunCopy(env);
            List<Long> steps = bucket != null
                    ? bucket.steps(runId)
                    : checkpoints(address.trainerClient().run(runId));
            if (steps.isEmpty()) {
                throw new IllegalArgumentException("run " + runId + " has no checkpoint yet");
            }
            JsonNode evaluations = evaluatorScores(evaluator, steps);
            JsonNode run = evaluator.status("/api/runs/" + runId) == 200
                    ? evaluator.get("/api/runs/" + runId)
                    : Events.json().createObjectNode();
            long best = run.path("bestStep").asLong(-1);
            System.out.printf(
                    "run %s: the evaluator's scores of each checkpoint, G and G_ema (* the best by FID: "
                            + "step %s, %s)%n",
                    runId,
                    best < 0 ? "none yet" : best,
                    run.path("bestGenerator").asText("-"));
            System.out.printf(
                    "  %7s | %7s %8s %8s | %7s %8s %8s | %7s %8s %6s%n",
                    "step", "IS G", "FID G", "KID G", "IS ema", "FID ema", "KID ema", "recall", "coverage", "N");
            for (JsonNode e : evaluations) {
                JsonNode ema = e.path("ema");
                System.out.printf(
                        "  %1s%6d | %7.3f %8.2f %8s | %7s %8s %8s | %7.3f %8.3f %6d%n",
                        e.path("step").asLong() == best ? "*" : "",
                        e.path("step").asLong(),
                        e.path("inceptionScore").asDouble(),
                        e.path("fid").asDouble(),
                        kid(e),
                        ema.isObject()
                                ? "%.3f".formatted(ema.path("inceptionScore").asDouble())
                                : "-",
                        ema.isObject() ? "%.2f".formatted(ema.path("fid").asDouble()) : "-",
                        kid(ema),
                        e.path("recall").asDouble(),
                        e.path("coverage").asDouble(),
                        e.path("n").asInt());
            }

            if (bucket == null) {
                System.out.printf(
                        "%nthe scores at N = %d need the stack's bucket: set S3_ENDPOINT, S3_ACCESS_KEY and "
                                + "S3_SECRET_KEY (for compose: eval \"$(./began env --compose)\")%n",
                        n);
                return 0;
            }
            Path dir = Files.createTempDirectory("began-score-" + runId);
            List<Long> chosen = steps.size() == 1 ? steps : List.of(steps.get(0), steps.get(steps.size() - 1));
            bucket.copy(runId, chosen, dir);
            RunConfig config = LocalTraining.readConfig(dir);
            String scheme = LabeledImages.labelledScheme(config.dataset())
                    .orElseThrow(() ->
                            new IllegalArgumentException("the run's data set " + config.dataset() + " has no labels"));
            String name = ClassifierInfo.nameOf(scheme, config.imageSize(), config.channels());
            Path classifier = bucket.classifier(name, dir.resolve("classifier"));
            Map<String, Object> scored = RunScoring.score(dir, classifier, n, 10, 1, device.device(), false);
            @SuppressWarnings("unchecked")
            Map<String, Object> real = (Map<String, Object>) scored.get("baseline");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> rows = (List<Map<String, Object>>) scored.get("checkpoints");
            System.out.printf(
                    "%nat N = %d with the evaluator's classifier %s (test accuracy %.1f%%), as ./began score "
                            + "run --n %d (classes: of the 64-image grid, those with at least %d tiles classified with "
                            + "probability ≥ %.1f):%n",
                    n,
                    name,
                    100 * ((Number) real.get("extractorTestAccuracy")).doubleValue(),
                    n,
                    GridClasses.MIN_TILES,
                    GridClasses.CONFIDENCE);
            System.out.printf(
                    "  %-20s IS %6.3f  FID %7.2f (real training images against the test images)%n",
                    "real data", real.get("inceptionScore"), real.get("fid"));
            for (Map<String, Object> row : rows) {
                System.out.printf(
                        "  %-20s IS %6.3f  FID %7.2f  KID %s  precision %.3f  recall %.3f  coverage %.3f"
                                + "  classes %s%n",
                        "step " + row.get("step") + " " + label(row),
                        row.get("inceptionScore"),
                        row.get("fid"),
                        row.containsKey("kid") ? "%.4f".formatted(row.get("kid")) : "-",
                        row.get("precision"),
                        row.get("recall"),
                        row.get("coverage"),
                        row.get("gridClasses"));
            }
            for (String generator : List.of("raw", "ema")) {
                List<Map<String, Object>> of = rows.stream()
                        .filter(r -> generator.equals(r.get("generator")))
                        .toList();
                if (of.size() == 2) {
                    double first = ((Number) of.get(0).get("fid")).doubleValue();
                    double last = ((Number) of.get(1).get("fid")).doubleValue();
                    System.out.printf(
                            "  FID of %s from the first checkpoint to the last: %.2f → %.2f (%.2f of it)%n",
                            label(of.get(0)), first, last, last / first);
                }
            }
            return 0;
        }

        /** The steps the trainer's record says were checkpointed: every checkpointEvery, and the last. */
        static List<Long> checkpoints(JsonNode run) {
            long every = run.path("config").path("checkpointEvery").asLong();
            long last = run.path("lastCheckpoint").asLong(-1);
            List<Long> steps = new ArrayList<>();
            for (long s = every; every > 0 && s < last; s += every) {
                steps.add(s);
            }
            if (last > 0) {
                steps.add(last);
            }
            return steps;
        }

        private static String kid(JsonNode scores) {
            return scores.path("kid").isNumber()
                    ? "%.4f".formatted(scores.path("kid").asDouble())
                    : "-";
        }

        private String lastPreparing;
        private Instant preparingSaidAt = Instant.EPOCH;

        /** A classifier the evaluator is preparing, with how far it has come ("classifier X (training: ...)"). */
        private static String preparing(ServiceClient evaluator) {
            try {
                for (JsonNode job : evaluator.get("/api/jobs")) {
                    String name = job.path("job").asText();
                    if ("RUNNING".equals(job.path("state").asText()) && name.startsWith("classifier ")) {
                        return name + " (" + job.path("detail").asText("preparing") + ")";
                    }
                }
            } catch (Exception unanswered) {
                // the wait goes on; the scores are what this command is for
            }
            return null;
        }

        /** The evaluator's scores of the run once every checkpoint in the bucket is among them (or time is up). */
        private JsonNode evaluatorScores(ServiceClient evaluator, List<Long> steps) throws Exception {
            long newest = steps.get(steps.size() - 1);
            Instant deadline = Instant.now().plus(wait);
            JsonNode evaluations = Events.json().createArrayNode();
            boolean said = false;
            while (Instant.now().isBefore(deadline)) {
                if (evaluator.status("/api/runs/" + runId + "/evaluations") == 200) {
                    evaluations = evaluator.get("/api/runs/" + runId + "/evaluations");
                    Set<Long> scored = new HashSet<>();
                    evaluations.forEach(e -> scored.add(e.path("step").asLong()));
                    if (scored.containsAll(steps)) {
                        return evaluations;
                    }
                }
                if (!said) {
                    System.out.println("waiting for the evaluator to score every checkpoint up to " + newest + " ...");
                    said = true;
                }
                String preparing = preparing(evaluator);
                if (preparing != null
                        && (!preparing.equals(lastPreparing)
                                && Duration.between(preparingSaidAt, Instant.now())
                                                .getSeconds()
                                        >= 10)) {
                    System.out.println("  scoring waits for the evaluator's " + preparing);
                    lastPreparing = preparing;
                    preparingSaidAt = Instant.now();
                }
                Thread.sleep(3000);
            }
            System.err.println("the evaluator has not scored every checkpoint up to " + newest + " within " + wait
                    + "; showing what it has");
            return evaluations;
        }
    }

    /** G or G_ema, as a score row's {@code generator} names it. */
    static String label(Map<String, Object> row) {
        return "ema".equals(row.get("generator")) ? "G_ema" : "G";
    }

    @Command(
            name = "chart",
            mixinStandardHelpOptions = true,
            description = "Draws FID, IS, recall and coverage over steps as a PNG from the JSON of ./began score run, "
                    + "one series per LABEL=FILE (the real-data baseline of the first as dashed lines).")
    static final class Chart implements Callable<Integer> {

        @Parameters(paramLabel = "LABEL=SCORES.json", arity = "1..*")
        List<String> inputs;

        @Option(names = "--out", required = true, description = "the PNG to write")
        Path out;

        @Option(
                names = "--title",
                defaultValue = "BEGAN on Fashion-MNIST: scores per checkpoint",
                description = "default: ${DEFAULT-VALUE}")
        String title;

        @Override
        public Integer call() throws Exception {
            List<String> labels = new ArrayList<>();
            List<JsonNode> scores = new ArrayList<>();
            for (String input : inputs) {
                int eq = input.indexOf('=');
                Path file = Path.of(eq < 0 ? input : input.substring(eq + 1));
                labels.add(eq < 0 ? file.getFileName().toString() : input.substring(0, eq));
                if (!Files.isRegularFile(file)) {
                    throw new IllegalArgumentException(file + " is not a file (the JSON of ./began score run)");
                }
                scores.add(Events.json().readTree(file.toFile()));
            }
            JsonNode baseline = scores.get(0).path("baseline");
            List<LineChart.Panel> panels = List.of(
                    panel(
                            "FID (lower is better)",
                            "fid",
                            labels,
                            scores,
                            baseline.path("fid").asDouble(Double.NaN),
                            "real train vs test"),
                    panel(
                            "Inception Score (domain classifier)",
                            "inceptionScore",
                            labels,
                            scores,
                            baseline.path("inceptionScore").asDouble(Double.NaN),
                            "real test images"),
                    panel("recall", "recall", labels, scores, Double.NaN, ""),
                    panel("coverage", "coverage", labels, scores, Double.NaN, ""));
            LineChart.write(title, panels, out);
            System.out.println("wrote " + out.toAbsolutePath());
            return 0;
        }

        private static LineChart.Panel panel(
                String title,
                String key,
                List<String> labels,
                List<JsonNode> scores,
                double reference,
                String referenceLabel) {
            List<LineChart.Series> series = new ArrayList<>();
            for (int i = 0; i < labels.size(); i++) {
                // one series per generator a run was scored with (rows from before G_ema name none: G's)
                Map<String, List<JsonNode>> byGenerator = new TreeMap<>(Comparator.reverseOrder());
                scores.get(i)
                        .path("checkpoints")
                        .forEach(c -> byGenerator
                                .computeIfAbsent(c.path("generator").asText("raw"), g -> new ArrayList<>())
                                .add(c));
                for (Map.Entry<String, List<JsonNode>> entry : byGenerator.entrySet()) {
                    List<JsonNode> checkpoints = entry.getValue();
                    double[] x = new double[checkpoints.size()];
                    double[] y = new double[checkpoints.size()];
                    for (int j = 0; j < checkpoints.size(); j++) {
                        x[j] = checkpoints.get(j).path("step").asDouble();
                        y[j] = checkpoints.get(j).path(key).asDouble(Double.NaN);
                    }
                    series.add(new LineChart.Series(
                            byGenerator.size() == 1
                                    ? labels.get(i)
                                    : labels.get(i) + " " + ("ema".equals(entry.getKey()) ? "G_ema" : "G"),
                            x,
                            y));
                }
            }
            return new LineChart.Panel(title, series, reference, referenceLabel);
        }
    }
}
