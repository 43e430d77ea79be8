package io.began.cli;

import io.began.core.evaluation.FeatureCsv;
import io.began.core.evaluation.FeatureStatistics;
import io.began.core.evaluation.FrechetDistance;
import io.began.core.evaluation.InceptionScore;
import io.began.core.evaluation.ManifoldMetrics;
import io.began.core.events.Events;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code began score}: the evaluator's metric math on your own rows, to compare with other tools. */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = "Inception Score, FID and precision/recall/density/coverage of feature rows from files (one "
                + "row per line, comma or space separated); prints JSON.",
        subcommands = {ScoreCommand.Is.class, ScoreCommand.Fid.class, ScoreCommand.Prdc.class})
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
}
