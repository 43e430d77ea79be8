package io.began.cli.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.began.cli.options.UserError;
import io.began.cli.stack.StackAddress;
import io.began.cli.stack.StackOptions;
import io.began.core.events.Events;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code began runs [list | show RUN]}: the stack's runs, as its trainer and evaluator know them. */
@Command(
        name = "runs",
        mixinStandardHelpOptions = true,
        description = "The stack's runs: list (the default) or show one.",
        subcommands = {RunsCommand.ListRuns.class, RunsCommand.Show.class})
public final class RunsCommand implements Callable<Integer> {

    @Mixin
    StackOptions stack;

    @Override
    public Integer call() throws Exception {
        ListRuns list = new ListRuns();
        list.stack = stack;
        return list.call();
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "Every run the trainers know: state, step, newest checkpoint, M_global, last change.")
    static final class ListRuns implements Callable<Integer> {

        @Mixin
        StackOptions stack;

        @Option(names = "--json", description = "print the trainer's JSON (GET /api/runs) instead of a table")
        boolean json;

        @Override
        public Integer call() throws Exception {
            JsonNode runs = stack.resolve().trainerClient().runs();
            if (json) {
                System.out.println(
                        Events.json().writerWithDefaultPrettyPrinter().writeValueAsString(runs));
                return 0;
            }
            if (runs.isEmpty()) {
                System.out.println("no runs yet: ./began train submits one");
                return 0;
            }
            System.out.printf(
                    "%-32s %-9s %13s %10s %9s  %s%n", "run", "state", "step", "checkpoint", "M_global", "updated");
            for (JsonNode run : runs) {
                System.out.printf(
                        "%-32s %-9s %13s %10s %9s  %s%n",
                        run.path("runId").asText(),
                        run.path("state").asText(),
                        run.path("step").asLong() + "/"
                                + run.path("config").path("steps").asLong(),
                        run.path("lastCheckpoint").asLong() < 0
                                ? "-"
                                : run.path("lastCheckpoint").asText(),
                        run.path("lastMetrics").isObject()
                                ? "%.4f"
                                        .formatted(run.path("lastMetrics")
                                                .path("convergence")
                                                .asDouble())
                                : "-",
                        run.path("updatedAt").asText().replaceAll("\\.\\d+Z$", "Z"));
            }
            return 0;
        }
    }

    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description = "One run: the trainer's record (state, step, config) and the evaluator's view (phase, "
                    + "best checkpoint, last scores, alerts), with the addresses of its samples and dashboard.")
    static final class Show implements Callable<Integer> {

        @Mixin
        RunOnStack run;

        @Option(names = "--json", description = "print {trainer, evaluator}: both services' JSON")
        boolean json;

        @Override
        public Integer call() throws Exception {
            String runId = run.runId();
            StackAddress address = run.stack();
            JsonNode record = address.trainerClient().run(runId);
            JsonNode evaluated = null;
            try {
                if (address.evaluatorClient().status("/api/runs/" + runId) == 200) {
                    evaluated = address.evaluatorClient().get("/api/runs/" + runId);
                }
            } catch (UserError unanswered) {
                System.err.println("began: " + unanswered.getMessage() + "; showing the trainer's record only");
            }
            if (json) {
                ObjectNode both = Events.json().createObjectNode();
                both.set("trainer", record);
                both.set("evaluator", evaluated);
                System.out.println(
                        Events.json().writerWithDefaultPrettyPrinter().writeValueAsString(both));
                return 0;
            }
            System.out.printf("run         %s%n", runId);
            System.out.printf(
                    "state       %s%s%n",
                    record.path("state").asText(),
                    record.hasNonNull("reason") ? " (" + record.get("reason").asText() + ")" : "");
            System.out.printf(
                    "step        %d of %d%n",
                    record.path("step").asLong(),
                    record.path("config").path("steps").asLong());
            System.out.printf(
                    "checkpoint  %s%n",
                    record.path("lastCheckpoint").asLong() < 0
                            ? "none yet"
                            : record.path("lastCheckpoint").asText());
            JsonNode m = record.path("lastMetrics");
            if (m.isObject()) {
                System.out.printf(
                        "last step   M_global %.4f  k_t %.5f  L(x) %.4f  L(G(z)) %.4f  lr %.3g%n",
                        m.path("convergence").asDouble(),
                        m.path("k").asDouble(),
                        m.path("lossReal").asDouble(),
                        m.path("lossGen").asDouble(),
                        m.path("lr").asDouble());
            }
            if (record.hasNonNull("sweepId")) {
                System.out.printf("sweep       %s%n", record.get("sweepId").asText());
            }
            System.out.printf(
                    "trainer     %s (created %s, updated %s)%n",
                    record.path("owner").asText("-"),
                    record.path("createdAt").asText(),
                    record.path("updatedAt").asText());
            System.out.printf("config      %s%n", record.path("config"));
            if (evaluated != null) {
                System.out.printf(
                        "evaluator   %s%s%n",
                        evaluated.path("phase").asText("-"),
                        evaluated.hasNonNull("notScored")
                                ? "; not scored: " + evaluated.get("notScored").asText()
                                : "");
                JsonNode last = evaluated.path("lastEvaluation");
                if (last.isObject()) {
                    System.out.printf(
                            "last score  step %d: IS %.3f  FID %.2f  (N = %d)%n",
                            last.path("step").asLong(),
                            last.path("inceptionScore").asDouble(),
                            last.path("fid").asDouble(),
                            last.path("n").asInt());
                }
                if (evaluated.hasNonNull("bestStep")) {
                    System.out.printf(
                            "best        step %d, %s, FID %.2f%n",
                            evaluated.get("bestStep").asLong(),
                            "ema".equals(evaluated.path("bestGenerator").asText()) ? "G_ema" : "G",
                            evaluated.path("bestFid").asDouble());
                }
                for (JsonNode alert : evaluated.path("alerts")) {
                    System.out.printf("alert       %s%n", alert.asText());
                }
            }
            System.out.printf(
                    "samples     ./began samples %s --out %s.png   (%s/api/runs/%s/samples.png)%n",
                    runId, runId, address.sampler(), runId);
            System.out.printf("dashboard   %s/%n", address.evaluator());
            return 0;
        }
    }
}
