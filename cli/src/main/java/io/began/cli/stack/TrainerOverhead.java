package io.began.cli.stack;

import com.fasterxml.jackson.databind.JsonNode;
import io.began.cli.options.UserError;
import io.began.core.events.Topics;
import io.began.core.io.ScratchDir;
import io.began.core.model.Devices;
import io.began.core.run.RunConfig;
import io.began.core.run.StepMetrics;
import io.began.core.train.LocalTraining;
import io.began.core.train.TrainingListener;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the service costs: the same run (metrics and checkpoints on) trained in this process, as {@code ./began train
 * --local} does, and by the stack's trainer, which also publishes every metrics event to Kafka and uploads every
 * checkpoint to S3. Throughput of each is steps/s between the metrics step {@code warmup} and the last step, from
 * the time of each metrics record (the listener's clock in process, the event's {@code time} on the service), so
 * start-up costs of either side are not counted. Rounds alternate the two so drift hits both.
 */
public final class TrainerOverhead {

    public record Round(int round, String mode, double stepsPerSecond, double imagesPerSecond) {}

    public record Report(
            RunConfig config, long warmup, List<Round> rounds, double inProcess, double service, double ratio) {}

    private final LocalStack stack;
    private final PrintStream out;

    public TrainerOverhead(LocalStack stack, PrintStream out) {
        this.stack = stack;
        this.out = out;
    }

    public Report run(RunConfig config, long warmup, int rounds) throws Exception {
        if (config.steps() <= warmup + config.metricsEvery()) {
            throw new IllegalArgumentException("steps must exceed the warm-up (" + warmup + ") by a metrics interval");
        }
        List<Round> results = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            double local = inProcess(config, warmup);
            results.add(new Round(round, "in-process", local, local * config.batchSize()));
            out.printf("round %d  in-process  %.3f steps/s%n", round, local);
            double remote = onService(config, warmup, "bench-overhead-" + System.currentTimeMillis());
            results.add(new Round(round, "service", remote, remote * config.batchSize()));
            out.printf("round %d  service     %.3f steps/s%n", round, remote);
        }
        double local = results.stream()
                .filter(r -> r.mode().equals("in-process"))
                .mapToDouble(Round::stepsPerSecond)
                .average()
                .orElseThrow();
        double remote = results.stream()
                .filter(r -> r.mode().equals("service"))
                .mapToDouble(Round::stepsPerSecond)
                .average()
                .orElseThrow();
        return new Report(config, warmup, results, local, remote, remote / local);
    }

    private static double inProcess(RunConfig config, long warmup) throws IOException {
        Path dir = Files.createTempDirectory("began-overhead");
        List<long[]> marks = new ArrayList<>();
        TrainingListener timing = new TrainingListener() {
            @Override
            public void onMetrics(StepMetrics metrics) {
                marks.add(new long[] {metrics.step(), System.nanoTime()});
            }
        };
        try {
            new LocalTraining(dir, Devices.of("auto"), 0, timing).start(config);
        } finally {
            ScratchDir.deleteTree(dir);
        }
        return rate(marks, warmup);
    }

    private double onService(RunConfig config, long warmup, String runId) throws Exception {
        TrainerClient trainer = new TrainerClient(stack.env().get(LocalEnv.TRAINER_URL));
        trainer.submit(runId, config);
        String state =
                new RunWatcher(stack.env().get(LocalEnv.KAFKA), runId, config.steps(), out, false).follow(() -> false);
        if (!state.equals("FINISHED")) {
            throw new UserError("the benchmark run " + runId + " ended " + state);
        }
        List<long[]> marks = new ArrayList<>();
        for (JsonNode event : RunEvents.read(stack.env().get(LocalEnv.KAFKA), Topics.METRICS, runId)) {
            Instant time = Instant.parse(event.get("time").asText());
            marks.add(new long[] {event.get("step").asLong(), time.getEpochSecond() * 1_000_000_000L + time.getNano()});
        }
        return rate(marks, warmup);
    }

    /** Steps/s from the first mark at or after {@code warmup} to the last. */
    static double rate(List<long[]> marks, long warmup) {
        long[] first = marks.stream()
                .filter(m -> m[0] >= warmup)
                .findFirst()
                .orElseThrow(() -> new UserError("no metrics after step " + warmup));
        long[] last = marks.get(marks.size() - 1);
        return (last[0] - first[0]) / ((last[1] - first[1]) / 1e9);
    }
}
