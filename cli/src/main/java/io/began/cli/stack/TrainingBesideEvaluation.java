package io.began.cli.stack;

import com.fasterxml.jackson.databind.JsonNode;
import io.began.cli.options.UserError;
import io.began.core.events.Topics;
import io.began.core.run.RunConfig;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What scoring costs training on the same machine: one run on the local stack, its training speed while the
 * evaluator scores one of its checkpoints and while it does not. An evaluation's window is
 * [{@code time − seconds}, {@code time}] of its event; the run's speed is taken between consecutive metrics
 * events (each stamped by the trainer), an interval counting as "during" when most of it lies inside a window.
 */
public final class TrainingBesideEvaluation {

    /** One checkpoint's evaluation: when it ran and at what N. */
    public record Evaluation(long step, Instant start, Instant end, double seconds, int n) {}

    /** Steps/s with and without an evaluation running, and the evaluations themselves. */
    public record Report(
            String runId,
            RunConfig config,
            List<Evaluation> evaluations,
            double stepsPerSecondDuring,
            double secondsDuring,
            double stepsPerSecondOutside,
            double secondsOutside,
            double secondsAfterTraining,
            double evaluatorCpuSecondsWhileTraining,
            double evaluatorShareDuring) {

        Report withEvaluatorCpu(double cpuSeconds, int cores) {
            return new Report(
                    runId,
                    config,
                    evaluations,
                    stepsPerSecondDuring,
                    secondsDuring,
                    stepsPerSecondOutside,
                    secondsOutside,
                    secondsAfterTraining,
                    cpuSeconds,
                    secondsDuring > 0 ? cpuSeconds / (cores * secondsDuring) : Double.NaN);
        }
    }

    private final LocalStack stack;
    private final PrintStream out;

    public TrainingBesideEvaluation(LocalStack stack, PrintStream out) {
        this.stack = stack;
        this.out = out;
    }

    /** Trains {@code config} as {@code runId}, waits for every checkpoint's evaluation, and measures. */
    public Report run(RunConfig config, String runId, Duration wait) throws Exception {
        ServiceClient evaluator = new ServiceClient("evaluator", stack.env().get(LocalEnv.EVALUATOR_URL));
        double cpuBefore = cpuSeconds("evaluator");
        new TrainerClient(stack.env().get(LocalEnv.TRAINER_URL)).submit(runId, config);
        String state =
                new RunWatcher(stack.env().get(LocalEnv.KAFKA), runId, config.steps(), out, false).follow(() -> false);
        // the evaluator's CPU time while the run trained: its share of the cores during the evaluations
        double cpuWhileTraining = cpuSeconds("evaluator") - cpuBefore;
        if (!state.equals("FINISHED")) {
            throw new UserError("the benchmark run " + runId + " ended " + state);
        }
        Set<Long> checkpoints = new HashSet<>();
        for (long step = config.checkpointEvery(); step <= config.steps(); step += config.checkpointEvery()) {
            checkpoints.add(step);
        }
        checkpoints.add((long) config.steps());
        out.printf("waiting for the evaluator's scores of the %d checkpoints ...%n", checkpoints.size());
        Instant deadline = Instant.now().plus(wait);
        List<Evaluation> evaluations = evaluations(evaluator, runId);
        while (!evaluations.stream()
                .map(Evaluation::step)
                .collect(Collectors.toSet())
                .containsAll(checkpoints)) {
            if (Instant.now().isAfter(deadline)) {
                throw new UserError("the evaluator scored " + evaluations.size() + " of the run's "
                        + checkpoints.size() + " checkpoints within " + wait + ": is its classifier READY? "
                        + "./began status");
            }
            Thread.sleep(2000);
            evaluations = evaluations(evaluator, runId);
        }
        List<JsonNode> metrics = RunEvents.read(stack.env().get(LocalEnv.KAFKA), Topics.METRICS, runId);
        return measure(runId, config, metrics, evaluations)
                .withEvaluatorCpu(cpuWhileTraining, Runtime.getRuntime().availableProcessors());
    }

    private double cpuSeconds(String component) {
        return stack.component(component)
                        .process()
                        .handle()
                        .flatMap(h -> h.info().totalCpuDuration())
                        .orElseThrow(() -> new UserError("the " + component + " of the local stack is not up"))
                        .toNanos()
                / 1e9;
    }

    private static List<Evaluation> evaluations(ServiceClient evaluator, String runId) throws Exception {
        List<Evaluation> list = new ArrayList<>();
        if (evaluator.status("/api/runs/" + runId + "/evaluations") != 200) {
            return list;
        }
        for (JsonNode e : evaluator.get("/api/runs/" + runId + "/evaluations")) {
            Instant end = Instant.parse(e.path("time").asText());
            double seconds = e.path("seconds").asDouble();
            list.add(new Evaluation(
                    e.path("step").asLong(),
                    end.minusNanos((long) (seconds * 1e9)),
                    end,
                    seconds,
                    e.path("n").asInt()));
        }
        return list;
    }

    /** Splits the run's time between metrics events into during and outside the evaluations' windows. */
    static Report measure(String runId, RunConfig config, List<JsonNode> metrics, List<Evaluation> evaluations) {
        double stepsDuring = 0;
        double secondsDuring = 0;
        double stepsOutside = 0;
        double secondsOutside = 0;
        Instant trainingEnd = null;
        for (int i = 1; i < metrics.size(); i++) {
            long fromStep = metrics.get(i - 1).path("step").asLong();
            long toStep = metrics.get(i).path("step").asLong();
            Instant from = Instant.parse(metrics.get(i - 1).path("time").asText());
            Instant to = Instant.parse(metrics.get(i).path("time").asText());
            trainingEnd = to;
            if (toStep <= fromStep || !to.isAfter(from)) {
                continue; // a repeated step of a resumed run
            }
            double seconds = Duration.between(from, to).toNanos() / 1e9;
            double inside = 0;
            for (Evaluation e : evaluations) {
                Instant start = e.start().isAfter(from) ? e.start() : from;
                Instant end = e.end().isBefore(to) ? e.end() : to;
                if (end.isAfter(start)) {
                    inside += Duration.between(start, end).toNanos() / 1e9;
                }
            }
            if (inside > seconds / 2) {
                stepsDuring += toStep - fromStep;
                secondsDuring += seconds;
            } else {
                stepsOutside += toStep - fromStep;
                secondsOutside += seconds;
            }
        }
        Instant lastScore = evaluations.stream()
                .map(Evaluation::end)
                .max(Instant::compareTo)
                .orElse(trainingEnd);
        double after = trainingEnd == null || lastScore == null
                ? 0
                : Math.max(0, Duration.between(trainingEnd, lastScore).toNanos() / 1e9);
        return new Report(
                runId,
                config,
                evaluations.stream()
                        .sorted(Comparator.comparingLong(Evaluation::step))
                        .toList(),
                secondsDuring > 0 ? stepsDuring / secondsDuring : Double.NaN,
                secondsDuring,
                secondsOutside > 0 ? stepsOutside / secondsOutside : Double.NaN,
                secondsOutside,
                after,
                Double.NaN,
                Double.NaN);
    }
}
