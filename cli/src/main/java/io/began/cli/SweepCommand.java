package io.began.cli;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.began.cli.options.RunIds;
import io.began.cli.stack.LocalStack;
import io.began.cli.stack.ServiceClient;
import io.began.cli.stack.StackAddress;
import io.began.cli.stack.StackOptions;
import io.began.cli.stack.TrainerClient;
import io.began.core.checkpoint.CheckpointStore;
import io.began.core.events.Events;
import io.began.core.events.RunId;
import io.began.core.image.SampleDiversity;
import io.began.core.model.BeganModel;
import io.began.core.model.Devices;
import io.began.core.run.RunConfig;
import io.began.core.sampling.Latents;
import io.began.core.sweep.SweepGrid;
import io.began.core.train.LocalTraining;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code began sweep --gamma 0.3,0.5,0.7 [any train flag, comma lists allowed]}: one run per combination of the
 * listed values. With the local stack up they go to the trainer as one sweep ({@code POST /api/sweeps}) and are
 * followed until trained and scored; otherwise (or with {@code --local}) they are trained one after another in this
 * process, each under {@code --out DIR/RUN}. Either way a table compares them. The paper's Figure 3 is one command.
 */
@Command(
        name = "sweep",
        mixinStandardHelpOptions = true,
        description = "One run per combination of the comma-separated values of any train flag (--gamma 0.3,0.5,0.7 "
                + "--seed 1,2 ...). On a stack (named by --trainer-url or $BEGAN_TRAINER_URL, or the local one when it is "
                + "up) they are submitted to the trainer as one sweep and "
                + "followed until trained and scored (the dashboard compares them); otherwise, or with --local, they "
                + "train one after another in this process, each under --out DIR/RUN. Then a table compares them.")
public final class SweepCommand implements Callable<Integer> {

    /** Train flags that take no value; they are passed through, not swept. */
    private static final Set<String> SWITCHES = Set.of("--skip", "--shared-z", "--flip");
    /** Train flags a sweep sets itself, or that make no sense in one. */
    private static final Set<String> OWN = Set.of("--out", "--resume", "--run-id", "--detach", "--local");

    @Option(names = "--out", description = "the sweep's directory with --local (default: runs/sweep-TIMESTAMP)")
    Path out;

    @Option(
            names = "--local",
            description = "train the runs in this process, one after another, even when the " + "local stack is up")
    boolean local;

    @Option(
            names = "--sweep-id",
            description =
                    "the sweep's id on the stack; its runs are SWEEP-KEY-VALUE... " + "(default: sweep-TIMESTAMP)")
    String sweepId;

    @Option(names = "--detach", description = "submit the sweep to the stack and return without following it")
    boolean detach;

    @Option(
            names = "--n",
            defaultValue = "10000",
            description = "with --local: samples (N) to score each run's "
                    + "newest checkpoint with, as the evaluator does (IS, FID, recall, coverage; needs the data set's "
                    + "classifier, see ./began classifier train); 0 = no scores (default: ${DEFAULT-VALUE})")
    int score;

    @Option(
            names = "--classifier",
            paramLabel = "DIR",
            description =
                    "with --local: the classifier to score with " + "(default: classifiers/DATASET-SIZExCHANNELS)")
    Path classifier;

    @Option(
            names = "--wait",
            defaultValue = "10m",
            description = "on the stack: how long to wait for the "
                    + "evaluator's scores of the runs' last checkpoints after training (default: ${DEFAULT-VALUE})")
    Duration scoreTimeout;

    /** The older name of --n, kept for a release. */
    @Option(names = "--score", hidden = true)
    void olderScore(int n) {
        score = n;
    }

    /** The older name of --wait, kept for a release. */
    @Option(names = "--score-timeout", hidden = true)
    void olderScoreTimeout(Duration wait) {
        scoreTimeout = wait;
    }

    @picocli.CommandLine.Mixin
    StackOptions stack;

    @Unmatched
    List<String> flags = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Map<String, List<String>> grid = new LinkedHashMap<>();
        List<String> switches = new ArrayList<>();
        for (int i = 0; i < flags.size(); i++) {
            String flag = flags.get(i);
            if (!flag.startsWith("--") || OWN.contains(flag)) {
                err.println(
                        "began sweep: " + flag + " is not a train flag a sweep can take (see ./began train --help)");
                return 2;
            }
            if (SWITCHES.contains(flag)) {
                switches.add(flag);
            } else if (i + 1 < flags.size() && !flags.get(i + 1).startsWith("--")) {
                grid.put(
                        flag,
                        List.of(flags.get(++i).split(",")).stream()
                                .map(String::strip)
                                .toList());
            } else {
                err.println("began sweep: " + flag + " needs a value (or values: a,b,c)");
                return 2;
            }
        }
        if (SweepGrid.size(grid) > SweepGrid.MAX_RUNS) {
            err.println("began sweep: the flags make " + SweepGrid.size(grid) + " runs; at most " + SweepGrid.MAX_RUNS);
            return 2;
        }
        List<Map<String, String>> runs = SweepGrid.combinations(grid);
        for (Map<String, String> values : runs) {
            try {
                trainFlags(values, switches); // a typo or a bad value fails here, before anything trains
            } catch (CommandLine.ParameterException e) {
                err.println("began sweep: " + e.getMessage() + " (see ./began train --help)");
                return 2;
            }
        }
        if (!local) {
            StackAddress address = stack.resolve();
            if (address.origin() == StackAddress.Origin.GIVEN
                    || address.origin() == StackAddress.Origin.LOCAL
                            && LocalStack.existing().trainerUp()) {
                return onStack(address, grid, switches, err);
            }
        }
        return inProcess(grid, runs, switches, err);
    }

    /** The train command the flags make (parsed, not run), so its config is the one ./began train would use. */
    private static TrainCommand trainFlags(Map<String, String> values, List<String> switches) {
        List<String> args = new ArrayList<>();
        values.forEach((flag, value) -> args.addAll(List.of(flag, value)));
        args.addAll(switches);
        TrainCommand train = new TrainCommand();
        new CommandLine(train).setOverwrittenOptionsAllowed(true).parseArgs(args.toArray(String[]::new));
        return train;
    }

    // ---- on the stack: one sweep for the trainers, followed from its API and scored by the evaluator

    private int onStack(StackAddress stack, Map<String, List<String>> grid, List<String> switches, PrintWriter err)
            throws Exception {
        ObjectNode base = base(grid, switches);
        ObjectNode keys = sweptKeys(grid);
        List<String> sweptKeys = new ArrayList<>();
        keys.fieldNames().forEachRemaining(sweptKeys::add);
        String id = sweepId != null ? sweepId : RunIds.timestamped("sweep");
        RunId.require(id);
        TrainerClient trainer = stack.trainerClient();
        ServiceClient evaluator = stack.evaluatorClient();
        JsonNode created = trainer.submitSweep(id, base, keys);
        System.out.printf(
                "submitted sweep %s (%d runs over %s) to the trainer at %s%n",
                id, created.path("runs").size(), sweptKeys, trainer.baseUrl());
        created.path("runs")
                .forEach(r -> System.out.println("  run " + r.path("runId").asText()));
        System.out.println("  sweep:      curl " + trainer.baseUrl() + "/api/sweeps/" + id);
        System.out.println("  compare:    " + evaluator.baseUrl() + "/#sweep=" + id + "  (curl " + evaluator.baseUrl()
                + "/api/sweeps/" + id + ")");
        if (detach) {
            return 0;
        }
        String last = "";
        JsonNode sweep;
        while (true) {
            sweep = trainer.sweep(id);
            String line = progress(sweep);
            if (!line.equals(last)) {
                System.out.println(Instant.now().toString().substring(11, 19) + " " + line);
                last = line;
            }
            if (sweep.path("done").asBoolean()) {
                break;
            }
            Thread.sleep(5000);
        }
        JsonNode compared = awaitScores(evaluator, id, sweep, err);
        printStack(compared);
        return sweep.path("failed").asInt() == 0 ? 0 : 1;
    }

    /** The run config keys the flags with one value set, for every run of the sweep ({@code base}). */
    static ObjectNode base(Map<String, List<String>> grid, List<String> switches) {
        Map<String, String> fixed = new LinkedHashMap<>();
        grid.forEach((flag, values) -> {
            if (values.size() == 1) {
                fixed.put(flag, values.get(0));
            }
        });
        return trainFlags(fixed, switches).explicit();
    }

    /** The flags with several values as a sweep's grid: config keys, values typed as ./began train types them. */
    static ObjectNode sweptKeys(Map<String, List<String>> grid) {
        ObjectNode keys = Events.json().createObjectNode();
        for (String flag : SweepGrid.swept(grid)) {
            ArrayNode list = Events.json().createArrayNode();
            String key = null;
            for (String value : grid.get(flag)) {
                ObjectNode one = trainFlags(Map.of(flag, value), List.of()).explicit();
                key = one.fieldNames().next();
                list.add(one.get(key));
            }
            keys.set(key, list);
        }
        return keys;
    }

    private static String progress(JsonNode sweep) {
        Map<String, Integer> states = new LinkedHashMap<>();
        String running = "";
        for (JsonNode r : sweep.path("runs")) {
            String state = r.path("state").asText("UNKNOWN");
            states.merge(state, 1, Integer::sum);
            if (state.equals("RUNNING")) {
                running = String.format(
                        " · %s at step %d/%d",
                        r.path("runId").asText(),
                        r.path("step").asLong(),
                        r.path("steps").asLong());
            }
        }
        StringBuilder line = new StringBuilder();
        states.forEach((state, count) -> line.append(line.length() == 0 ? "" : ", ")
                .append(count)
                .append(' ')
                .append(state));
        return line + running;
    }

    /** The evaluator's comparison once every finished run's newest checkpoint is scored (or the wait is over). */
    private JsonNode awaitScores(ServiceClient evaluator, String id, JsonNode sweep, PrintWriter err) throws Exception {
        Instant deadline = Instant.now().plus(scoreTimeout);
        System.out.println("waiting for the evaluator's scores of each run's last checkpoint...");
        JsonNode compared = null;
        while (Instant.now().isBefore(deadline)) {
            if (evaluator.status("/api/sweeps/" + id) == 200) {
                compared = evaluator.get("/api/sweeps/" + id);
                if (scored(compared, sweep)) {
                    return compared;
                }
            }
            Thread.sleep(3000);
        }
        err.println("began sweep: not every run's last checkpoint was scored within " + scoreTimeout
                + "; the table shows what is (the dashboard goes on showing them as they come)");
        return compared != null ? compared : Events.json().createObjectNode();
    }

    private static boolean scored(JsonNode compared, JsonNode sweep) {
        Map<String, Long> lastCheckpoints = new LinkedHashMap<>();
        sweep.path("runs").forEach(r -> {
            if (r.path("state").asText().equals("FINISHED")) {
                lastCheckpoints.put(
                        r.path("runId").asText(), r.path("lastCheckpoint").asLong());
            }
        });
        for (JsonNode r : compared.path("runs")) {
            Long wanted = lastCheckpoints.remove(r.path("runId").asText());
            if (wanted != null && r.path("lastEvaluation").path("step").asLong(-1) < wanted) {
                return false;
            }
        }
        return lastCheckpoints.isEmpty();
    }

    private static void printStack(JsonNode compared) {
        List<String> swept = new ArrayList<>();
        compared.path("swept").forEach(k -> swept.add(k.asText()));
        StringBuilder header = new StringBuilder(String.format("%-34s", "run"));
        swept.forEach(key -> header.append(String.format(" %12s", key)));
        header.append(String.format(
                " %9s %7s %9s %8s %7s %8s %9s %7s %8s",
                "state", "steps", "M_global", "k_t", "IS", "FID", "precision", "recall", "coverage"));
        System.out.println();
        System.out.println(header);
        String best = compared.path("bestByFid").asText(null);
        for (JsonNode r : compared.path("runs")) {
            StringBuilder line = new StringBuilder(String.format(
                    "%-34s",
                    r.path("runId").asText() + (r.path("runId").asText().equals(best) ? " *" : "")));
            swept.forEach(key -> line.append(
                    String.format(" %12s", r.path("values").path(key).asText())));
            JsonNode e = r.path("lastEvaluation");
            line.append(String.format(
                    " %9s %7d %9.4f %8.5f %7.3f %8.2f %9.3f %7.3f %8.3f",
                    r.path("state").asText(),
                    r.path("step").asLong(),
                    num(r.path("convergence")),
                    num(r.path("k")),
                    num(e.path("inceptionScore")),
                    num(e.path("fid")),
                    num(e.path("precision")),
                    num(e.path("recall")),
                    num(e.path("coverage"))));
            System.out.println(line);
        }
        System.out.println("(* the lowest FID at its newest checkpoint; scores: the evaluator's, at its N)");
    }

    private static double num(JsonNode value) {
        return value.isNumber() ? value.asDouble() : Double.NaN;
    }

    // ---- in this process: one run after another, each in its own directory

    private int inProcess(
            Map<String, List<String>> grid, List<Map<String, String>> runs, List<String> switches, PrintWriter err)
            throws Exception {
        Path dir = out != null ? out : Path.of("runs", RunIds.timestamped("sweep"));
        List<String> swept = SweepGrid.swept(grid);
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
            rows.add(row(name, values, runDir, code, minutes, err));
        }
        print(rows, swept);
        return rows.stream().allMatch(r -> r.code == 0) ? 0 : 1;
    }

    /** Every combination of the values, the first flag varying slowest. */
    static List<Map<String, String>> combinations(Map<String, List<String>> grid) {
        return SweepGrid.combinations(grid);
    }

    /** A run's name from its swept values, usable as a directory and a run id: gamma-0-3-seed-2. */
    static String name(Map<String, String> values, List<String> swept) {
        String name = SweepGrid.runName(values, swept);
        return name.length() > 63 ? name.substring(0, 63) : name;
    }

    private record Row(
            String name,
            Map<String, String> values,
            int code,
            double minutes,
            long step,
            double convergence,
            double k,
            double diversity,
            JsonNode scores) {}

    private Row row(String name, Map<String, String> values, Path runDir, int code, double minutes, PrintWriter err)
            throws IOException {
        Path metrics = runDir.resolve(LocalTraining.METRICS_FILE);
        if (code != 0 || !Files.exists(metrics)) {
            return new Row(name, values, code, minutes, 0, Double.NaN, Double.NaN, Double.NaN, null);
        }
        List<String> lines = Files.readAllLines(metrics);
        JsonNode last = new ObjectMapper().readTree(lines.get(lines.size() - 1));
        return new Row(
                name,
                values,
                code,
                minutes,
                last.path("step").asLong(),
                last.path("convergence").asDouble(),
                last.path("k").asDouble(),
                diversity(runDir),
                scores(runDir, err));
    }

    /** The newest checkpoint scored as the evaluator would, or null (no --score, no classifier: said once). */
    private JsonNode scores(Path runDir, PrintWriter err) {
        if (score <= 0) {
            return null;
        }
        try {
            Map<String, Object> scored = RunScoring.score(runDir, classifier, score, 10, 1, Devices.of("auto"), true);
            JsonNode checkpoints = Events.json().valueToTree(scored.get("checkpoints"));
            return checkpoints.isEmpty() ? null : checkpoints.get(checkpoints.size() - 1);
        } catch (IllegalArgumentException | IOException e) {
            err.println("began sweep: no scores for " + runDir.getFileName() + ": " + e.getMessage());
            return null;
        }
    }

    /** Sample diversity of 64 samples (seed 1) from the run's newest checkpoint: a collapse shows as about 2. */
    private static double diversity(Path runDir) {
        RunConfig config = LocalTraining.readConfig(runDir);
        Path checkpoint =
                new CheckpointStore(runDir.resolve("checkpoints")).latestValid().orElse(null);
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
        header.append(String.format(
                " %7s %8s %9s %8s %9s %7s %8s %7s %8s",
                "steps", "minutes", "M_global", "k_t", "diversity", "IS", "FID", "recall", "coverage"));
        System.out.println();
        System.out.println(header);
        for (Row r : rows) {
            StringBuilder line = new StringBuilder(String.format("%-28s", r.name));
            swept.forEach(flag -> line.append(String.format(" %12s", r.values.get(flag))));
            JsonNode s = r.scores == null ? Events.json().createObjectNode() : r.scores;
            line.append(
                    r.code != 0
                            ? "  FAILED (exit " + r.code + ")"
                            : String.format(
                                    " %7d %8.1f %9.4f %8.5f %9.2f %7.3f %8.2f %7.3f %8.3f",
                                    r.step,
                                    r.minutes,
                                    r.convergence,
                                    r.k,
                                    r.diversity,
                                    num(s.path("inceptionScore")),
                                    num(s.path("fid")),
                                    num(s.path("recall")),
                                    num(s.path("coverage"))));
            System.out.println(line);
        }
        System.out.println("(diversity: mean pairwise L2 of 64 samples of seed 1, about 24 for real Fashion-MNIST "
                + "images, about 2 for a collapse; IS, FID, recall, coverage: the newest checkpoint at N = --n "
                + "with the domain classifier, as ./began score run --last)");
    }
}
