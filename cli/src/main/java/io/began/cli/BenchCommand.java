package io.began.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.began.cli.stack.LocalStack;
import io.began.cli.stack.SamplerBenchmark;
import io.began.cli.stack.TrainerOverhead;
import io.began.core.bench.TrainBenchmark;
import io.began.core.train.RunConfig;
import io.began.core.model.Devices;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code began bench}: benchmarks. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks.",
        subcommands = {BenchCommand.Train.class, BenchCommand.Trainer.class, BenchCommand.Sampler.class})
final class BenchCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /** {@code began bench train}: ms/step, images/s and GFLOP/s against the matmul peak, at 32×32 and 64×64. */
    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "Training throughput (64 filters, h 64, batch 16, RGB) against a matmul peak measured "
                    + "in the same process.")
    static final class Train implements Callable<Integer> {

        @Option(names = "--json", paramLabel = "FILE", description = "also write the results as JSON")
        Path json;

        @Option(names = "--sizes", split = ",", description = "image sizes (default: 32,64)", defaultValue = "32,64")
        int[] sizes;

        @Option(names = "--warmup", description = "steps before timing (default: ${DEFAULT-VALUE})",
                defaultValue = "3")
        int warmup;

        @Option(names = "--steps", description = "timed steps per size (default: ${DEFAULT-VALUE})",
                defaultValue = "10")
        int steps;

        @Option(names = "--device", description = "auto | cpu | gpu (default: ${DEFAULT-VALUE})",
                defaultValue = "auto")
        String device;

        @Override
        public Integer call() throws IOException {
            List<TrainBenchmark.Result> results = TrainBenchmark.run(Devices.of(device), sizes, warmup, steps);
            System.out.printf("%-10s %10s %10s %10s %12s %9s%n", "imageSize", "ms/step", "images/s", "GFLOP/s",
                    "peak GFLOP/s", "of peak");
            for (TrainBenchmark.Result r : results) {
                System.out.printf("%-10d %10.1f %10.1f %10.1f %12.1f %8.1f%%%n", r.imageSize(), r.msPerStep(),
                        r.imagesPerSecond(), r.gflops(), r.peakGflops(), 100 * r.fractionOfPeak());
            }
            if (json != null) {
                Files.write(json, new ObjectMapper().writerWithDefaultPrettyPrinter()
                        .writeValueAsBytes(Map.of("results", results)));
                System.out.println("wrote " + json);
            }
            return 0;
        }
    }

    /** {@code began bench trainer}: the trainer service's throughput against the same run in this process. */
    @Command(name = "trainer", mixinStandardHelpOptions = true,
            description = "Overhead of the trainer service (Kafka metrics, S3 checkpoints) against ./began train "
                    + "--local on the same config; needs the local stack up (./began up) and nothing else training.")
    static final class Trainer implements Callable<Integer> {

        @Option(names = "--json", paramLabel = "FILE", description = "also write the report as JSON")
        Path json;

        @Option(names = "--steps", description = "steps per run (default: ${DEFAULT-VALUE})", defaultValue = "200")
        int steps;

        @Option(names = "--warmup", description = "steps not timed (default: ${DEFAULT-VALUE})", defaultValue = "20")
        int warmup;

        @Option(names = "--rounds", description = "in-process/service pairs (default: ${DEFAULT-VALUE})",
                defaultValue = "2")
        int rounds;

        @Option(names = "--image-size", description = "default: ${DEFAULT-VALUE}", defaultValue = "32")
        int imageSize;

        @Option(names = "--dataset", description = "default: ${DEFAULT-VALUE}", defaultValue = "fashion-mnist")
        String dataset;

        @Override
        public Integer call() throws Exception {
            LocalStack stack = LocalStack.existing();
            if (!stack.trainerUp()) {
                throw new IllegalStateException("the trainer of the local stack is not up: ./began up");
            }
            // the paper's defaults at 64 filters; metrics every 10 steps and a checkpoint every 50, as a real run
            RunConfig config = RunConfig.of(dataset, imageSize, null, 64, 64, 16, null, null, null, null, null, null,
                    null, null, steps, 50, 10, 1L, null, null, null);
            TrainerOverhead.Report report = new TrainerOverhead(stack, System.out).run(config, warmup, rounds);
            System.out.printf("%-12s %10s %10s%n", "mode", "steps/s", "images/s");
            System.out.printf("%-12s %10.3f %10.1f%n", "in-process", report.inProcess(),
                    report.inProcess() * config.batchSize());
            System.out.printf("%-12s %10.3f %10.1f%n", "service", report.service(),
                    report.service() * config.batchSize());
            System.out.printf("service / in-process: %.4f (%.2f%% %s)%n", report.ratio(),
                    100 * Math.abs(1 - report.ratio()), report.ratio() < 1 ? "slower" : "faster");
            if (json != null) {
                Files.write(json, io.began.core.events.Events.json().writerWithDefaultPrettyPrinter()
                        .writeValueAsBytes(report));
                System.out.println("wrote " + json);
            }
            return 0;
        }
    }

    /** {@code began bench sampler}: latency and throughput of the sampler's grids, and its hot-swap time. */
    @Command(name = "sampler", mixinStandardHelpOptions = true,
            description = "Latency p50/p99 and images/s of 64-image grids from the sampler under 1, 4 and 16 "
                    + "concurrent clients at 32×32 and 64×64, and the time from a checkpoint event to the first "
                    + "answer from that checkpoint; needs the local stack up (./began up).")
    static final class Sampler implements Callable<Integer> {

        @Option(names = "--json", paramLabel = "FILE", description = "also write the results as JSON")
        Path json;

        @Option(names = "--sizes", split = ",", description = "image sizes (default: 32,64)", defaultValue = "32,64")
        int[] sizes;

        @Option(names = "--clients", split = ",", description = "concurrent clients (default: 1,4,16)",
                defaultValue = "1,4,16")
        int[] clients;

        @Option(names = "--requests", description = "grids per measurement (default: ${DEFAULT-VALUE})",
                defaultValue = "100")
        int requests;

        @Override
        public Integer call() throws Exception {
            LocalStack stack = LocalStack.existing();
            SamplerBenchmark.Report report = new SamplerBenchmark(stack, System.out).run(sizes, clients, requests);
            System.out.printf("%-10s %8s %9s %9s %9s%n", "imageSize", "clients", "p50 ms", "p99 ms", "images/s");
            for (SamplerBenchmark.Row r : report.rows()) {
                System.out.printf("%-10d %8d %9.1f %9.1f %9.0f%n", r.imageSize(), r.clients(), r.p50Ms(), r.p99Ms(),
                        r.imagesPerSecond());
            }
            report.swapMs().forEach((size, ms) -> System.out.printf(
                    "checkpoint event → first answer from it, %d×%d: %.0f ms%n", size, size, ms));
            if (json != null) {
                Files.write(json, io.began.core.events.Events.json().writerWithDefaultPrettyPrinter()
                        .writeValueAsBytes(report));
                System.out.println("wrote " + json);
            }
            return 0;
        }
    }
}
