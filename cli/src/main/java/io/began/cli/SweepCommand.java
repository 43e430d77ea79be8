package io.began.cli;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.began.core.checkpoint.CheckpointStore;
import io.began.core.image.SampleDiversity;
import io.began.core.model.BeganModel;
import io.began.core.sampling.Latents;
import io.began.core.train.LocalTraining;
import io.began.core.train.RunConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code began sweep --gamma 0.3,0.5,0.7 [any train flag, comma lists allowed] --local}: one run per combination of
 * the listed values, trained one after another in this process, each under {@code --out DIR/RUN} (RUN named after
 * its values), then a table comparing them. The paper's Figure 3 (γ ∈ {0.3, 0.5, 0.7}) is one command.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Train one run per combination of the comma-separated values of any train flag "
                + "(--gamma 0.3,0.5,0.7 --seed 1,2 ...), one after another in this process (--local), each under "
                + "--out DIR/RUN, and print a table comparing them.")
public final class SweepCommand implements Callable<Integer> {

    /** Train flags that take no value; they are passed through, not swept. */
    private static final Set<String> SWITCHES = Set.of("--skip", "--shared-z");
    /** Train flags a sweep sets itself, or that make no sense in one. */
    private static final Set<String> OWN = Set.of("--out", "--resume", "--run-id", "--detach", "--local");

    @Option(names = "--out", description = "the sweep's directory (default: runs/sweep-TIMESTAMP)")
    Path out;

    @Option(names = "--local", description = "train the runs in this process, one after another")
    boolean local;

    @Unmatched
    List<String> flags = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (!local) {
            err.println("began sweep: sweeps on the local stack (POST /api/sweeps) are not built yet; add --local to "
                    + "train the runs here, one after another");
            return 2;
        }
        Map<String, List<String>> grid = new LinkedHashMap<>();
        List<String> switches = new ArrayList<>();
        for (int i = 0; i < flags.size(); i++) {
            String flag = flags.get(i);
            if (!flag.startsWith("--") || OWN.contains(flag)) {
                err.println("began sweep: " + flag + " is not a train flag a sweep can take (see ./began train --help)");
                return 2;
            }
            if (SWITCHES.contains(flag)) {
                switches.add(flag);
            } else if (i + 1 < flags.size() && !flags.get(i + 1).startsWith("--")) {
                grid.put(flag, List.of(flags.get(++i).split(",")));
            } else {
                err.println("began sweep: " + flag + " needs a value (or values: a,b,c)");
                return 2;
            }
        }
        Path dir = out != null ? out : Path.of("runs", "sweep-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        List<Map<String, String>> runs = combinations(grid);
        List<String> swept = grid.entrySet().stream().filter(e -> e.getValue().size() > 1).map(Map.Entry::getKey)
                .toList();
        System.out.printf("began sweep: %d run(s) in %s%n", runs.size(), dir.toAbsolutePath());

        List<Row> rows = new ArrayList<>();
        for (Map<String, String> values : runs) {
            String name = name(values, swept);
            Path runDir = dir.resolve(name);
            List<String> args = new ArrayList<>(List.of("train", "--local", "--out", runDir.toString()));
            values.forEach((flag, value) -> args.addAll(List.of(flag, value)));
            args.addAll(switches);
            System.out.println("began sweep: " + name + ": ./began " + String.join(" ", args));
            long start = System.nanoTime();
            int code = Began.execute(err, args.toArray(String[]::new));
            double minutes = (System.nanoTime() - start) / 6e10;
            if (code != 0) {
                err.println("began sweep: " + name + " failed (exit " + code + "); the other runs go on");
            }
            rows.add(row(name, values, runDir, code, minutes));
        }
        print(rows, swept);
        return rows.stream().allMatch(r -> r.code == 0) ? 0 : 1;
    }

    /** Every combination of the values, the first flag varying slowest. */
    static List<Map<String, String>> combinations(Map<String, List<String>> grid) {
        List<Map<String, String>> all = new ArrayList<>(List.of(new LinkedHashMap<>()));
        for (Map.Entry<String, List<String>> flag : grid.entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> partial : all) {
                for (String value : flag.getValue()) {
                    Map<String, String> combined = new LinkedHashMap<>(partial);
                    combined.put(flag.getKey(), value.strip());
                    next.add(combined);
                }
            }
            all = next;
        }
        return all;
    }

    /** A run's name from its swept values, usable as a directory and a run id: gamma-0-3-seed-2. */
    static String name(Map<String, String> values, List<String> swept) {
        if (swept.isEmpty()) {
            return "run";
        }
        StringBuilder name = new StringBuilder();
        for (String flag : swept) {
            name.append(name.length() == 0 ? "" : "-").append(flag.substring(2)).append('-').append(values.get(flag));
        }
        String safe = name.toString().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("-+$", "");
        return safe.length() > 63 ? safe.substring(0, 63) : safe;
    }

    private record Row(String name, Map<String, String> values, int code, double minutes, long step,
                       double convergence, double k, double diversity) {
    }

    private static Row row(String name, Map<String, String> values, Path runDir, int code, double minutes)
            throws IOException {
        Path metrics = runDir.resolve(LocalTraining.METRICS_FILE);
        if (code != 0 || !Files.exists(metrics)) {
            return new Row(name, values, code, minutes, 0, Double.NaN, Double.NaN, Double.NaN);
        }
        List<String> lines = Files.readAllLines(metrics);
        JsonNode last = new ObjectMapper().readTree(lines.get(lines.size() - 1));
        return new Row(name, values, code, minutes, last.path("step").asLong(), last.path("convergence").asDouble(),
                last.path("k").asDouble(), diversity(runDir));
    }

    /** Sample diversity of 64 samples (seed 1) from the run's newest checkpoint: a collapse shows as about 2. */
    private static double diversity(Path runDir) {
        RunConfig config = LocalTraining.readConfig(runDir);
        Path checkpoint = new CheckpointStore(runDir.resolve("checkpoints")).latestValid().orElse(null);
        if (checkpoint == null) {
            return Double.NaN;
        }
        int count = LocalTraining.PREVIEW_IMAGES;
        try (BeganModel generator = BeganModel.loadGenerator(config, Device.cpu(), checkpoint);
             NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            NDArray z = manager.create(Latents.uniform(1, count, config.h()), new Shape(count, config.h()));
            return SampleDiversity.of(generator.generate(z).toFloatArray(), count);
        }
    }

    private static void print(List<Row> rows, List<String> swept) {
        StringBuilder header = new StringBuilder(String.format("%-28s", "run"));
        swept.forEach(flag -> header.append(String.format(" %12s", flag.substring(2))));
        header.append(String.format(" %7s %8s %9s %8s %9s", "steps", "minutes", "M_global", "k_t", "diversity"));
        System.out.println();
        System.out.println(header);
        for (Row r : rows) {
            StringBuilder line = new StringBuilder(String.format("%-28s", r.name));
            swept.forEach(flag -> line.append(String.format(" %12s", r.values.get(flag))));
            line.append(r.code != 0 ? "  FAILED (exit " + r.code + ")" : String.format(" %7d %8.1f %9.4f %8.5f %9.2f",
                    r.step, r.minutes, r.convergence, r.k, r.diversity));
            System.out.println(line);
        }
        System.out.println("(diversity: mean pairwise L2 of 64 samples of seed 1, about 24 for real Fashion-MNIST "
                + "images, about 2 for a collapse; IS and FID: ./began score run DIR/RUN)");
    }
}
