package io.began.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.began.core.bench.TrainBenchmark;
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
        subcommands = {BenchCommand.Train.class})
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
}
