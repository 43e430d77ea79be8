package io.began.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.began.cli.options.DeviceOption;
import io.began.cli.options.JsonReport;
import io.began.cli.options.SamplePrecision;
import io.began.cli.options.UserError;
import io.began.cli.stack.LocalStack;
import io.began.cli.stack.SamplerBenchmark;
import io.began.cli.stack.TrainerOverhead;
import io.began.cli.stack.TrainingBesideEvaluation;
import io.began.core.bench.EvaluatorBenchmark;
import io.began.core.bench.StepProfile;
import io.began.core.bench.TrainBenchmark;
import io.began.core.evaluation.DomainClassifier;
import io.began.core.evaluation.FeatureExtractor;
import io.began.core.evaluation.InceptionV3;
import io.began.core.events.Events;
import io.began.core.model.Devices;
import io.began.core.model.Precision;
import io.began.core.run.RunConfig;
import io.began.core.train.Presets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code began bench}: benchmarks. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Benchmarks.",
        subcommands = {
            BenchCommand.Train.class,
            BenchCommand.Trainer.class,
            BenchCommand.Stack.class,
            BenchCommand.Sampler.class,
            BenchCommand.Evaluator.class
        })
final class BenchCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /** {@code began bench train}: ms/step, images/s and GFLOP/s against the machine's peak, at 32×32 and 64×64. */
    @Command(
            name = "train",
            mixinStandardHelpOptions = true,
            description = "Training throughput (64 filters, h 64, batch 16, RGB) against the float32 peak (the "
                    + "better of a matmul and a convolution) measured in the same process.")
    static final class Train implements Callable<Integer> {

        @picocli.CommandLine.Mixin
        JsonReport json = new JsonReport();

        @Option(names = "--sizes", split = ",", description = "image sizes (default: 32,64)", defaultValue = "32,64")
        int[] sizes;

        @Option(names = "--warmup", description = "steps before timing (default: ${DEFAULT-VALUE})", defaultValue = "3")
        int warmup;

        @Option(
                names = "--steps",
                description = "timed steps per size (default: ${DEFAULT-VALUE})",
                defaultValue = "10")
        int steps;

        @picocli.CommandLine.Mixin
        DeviceOption device = new DeviceOption();

        @Option(
                names = "--against-pytorch",
                description = "then the same step in PyTorch (tools/bench_pytorch.py "
                        + "with --python's torch, as many threads), and both side by side")
        boolean againstPyTorch;

        @Option(
                names = "--python",
                description = "the Python with torch, for --against-pytorch " + "(default: ${DEFAULT-VALUE})",
                defaultValue = "/usr/bin/python3")
        String python;

        @Option(
                names = "--profile",
                paramLabel = "DIR",
                description = "then each size's steps again under "
                        + "libtorch's profiler: where a step's time goes, by part of the model and by op; the traces "
                        + "(Chrome's format) in DIR")
        Path profile;

        @Override
        public Integer call() throws Exception {
            Device on = device.device();
            TrainBenchmark.Peak peak = TrainBenchmark.peak(on);
            List<TrainBenchmark.Result> results = TrainBenchmark.run(on, sizes, warmup, steps, peak);
            int threads = JniUtils.getNumThreads();
            System.out.printf(
                    "began: DJL %s, libtorch %s, %s, %d intra-op thread(s), %d inter-op, %s%n",
                    Engine.getDjlVersion(),
                    Engine.getEngine("PyTorch").getVersion(),
                    on,
                    threads,
                    JniUtils.getNumInteropThreads(),
                    allocator());
            System.out.printf(
                    "peak: %.1f GFLOP/s, the better of a float32 matmul (%.1f) and a 3×3 convolution of "
                            + "256 channels (%.1f)%n",
                    peak.gflops(), peak.matmulGflops(), peak.convolutionGflops());
            System.out.printf(
                    "%-10s %10s %10s %10s %12s %9s%n",
                    "imageSize", "ms/step", "images/s", "GFLOP/s", "peak GFLOP/s", "of peak");
            for (TrainBenchmark.Result r : results) {
                System.out.printf(
                        "%-10d %10.1f %10.1f %10.1f %12.1f %8.1f%%%n",
                        r.imageSize(),
                        r.msPerStep(),
                        r.imagesPerSecond(),
                        r.gflops(),
                        r.peakGflops(),
                        100 * r.fractionOfPeak());
            }
            Map<Integer, StepProfile> profiles = new LinkedHashMap<>();
            if (profile != null) {
                Files.createDirectories(profile);
                for (int size : sizes) {
                    Path trace = profile.resolve("step-" + size + ".json");
                    StepProfile p = TrainBenchmark.profile(on, size, warmup, steps, trace);
                    profiles.put(size, p);
                    print(size, p, trace);
                }
            }
            PyTorchBenchmark.Report pytorch = null;
            if (againstPyTorch) {
                pytorch = PyTorchBenchmark.run(
                        Path.of(System.getProperty("began.root", ".")),
                        python,
                        sizes,
                        warmup,
                        steps,
                        threads,
                        on.isGpu() ? "cuda:" + on.getDeviceId() : "cpu");
                System.out.printf(
                        "%nPyTorch %s (%s): %s, %d intra-op thread(s), %d inter-op, oneDNN %s, %s%n",
                        pytorch.torch(),
                        python,
                        pytorch.device(),
                        pytorch.threads(),
                        pytorch.interopThreads(),
                        pytorch.mkldnn() ? "on" : "off",
                        pytorch.blas());
                System.out.printf(
                        "%-10s %14s %18s %14s %20s%n",
                        "imageSize", "began ms/step", "torch layout", "torch ms/step", "began time / torch's");
                for (TrainBenchmark.Result r : results) {
                    for (PyTorchBenchmark.Result t : pytorch.results()) {
                        if (t.imageSize() == r.imageSize()) {
                            System.out.printf(
                                    "%-10d %14.1f %18s %14.1f %20.2f%n",
                                    r.imageSize(),
                                    r.msPerStep(),
                                    t.memoryFormat(),
                                    t.msPerStep(),
                                    r.msPerStep() / t.msPerStep());
                        }
                    }
                }
            }
            {
                Map<String, Object> report = new LinkedHashMap<>();
                report.put("results", results);
                report.put("threads", threads);
                report.put("peak", peak);
                report.put("allocator", allocator());
                if (!profiles.isEmpty()) {
                    Map<String, Object> byPart = new LinkedHashMap<>();
                    profiles.forEach((size, p) -> byPart.put(
                            Integer.toString(size),
                            Map.of(
                                    "msPerStep",
                                    p.msPerStep(),
                                    "steps",
                                    p.steps(),
                                    "msPerStepByPart",
                                    p.msPerStepByPart(),
                                    "ops",
                                    p.ops())));
                    report.put("profiles", byPart);
                }
                if (pytorch != null) {
                    report.put("pytorch", pytorch);
                }
                json.write(report);
            }
            return 0;
        }

        private static void print(int size, StepProfile p, Path trace) {
            System.out.printf(
                    "%nwhere a %d×%d step goes (libtorch's profiler over %d steps, %.1f ms/step with it; "
                            + "trace %s):%n",
                    size, size, p.steps(), p.msPerStep(), trace);
            for (Map.Entry<StepProfile.Part, Double> e : p.msPerStepByPart().entrySet()) {
                System.out.printf(
                        "  %-66s %9.1f ms %6.1f%%%n",
                        e.getKey().description(), e.getValue(), 100 * e.getValue() / p.msPerStep());
            }
            System.out.println("  ops by self time, per step:");
            p.ops().stream()
                    .limit(12)
                    .forEach(op -> System.out.printf(
                            "    %-48s %6.1f calls %9.1f ms%n",
                            op.name(), (double) op.calls() / p.steps(), op.selfMs() / p.steps()));
        }

        /** The malloc libtorch's tensors come from: tcmalloc when ./began preloaded it. */
        private static String allocator() {
            try {
                return Files.readString(Path.of("/proc/self/maps")).contains("libtcmalloc")
                        ? "tcmalloc"
                        : "glibc malloc";
            } catch (IOException | UnsupportedOperationException e) {
                return "malloc unknown";
            }
        }
    }

    /** {@code began bench trainer}: the trainer service's throughput against the same run in this process. */
    @Command(
            name = "trainer",
            mixinStandardHelpOptions = true,
            description = "Overhead of the trainer service (Kafka metrics, S3 checkpoints) against ./began train "
                    + "--local on the same config; needs the local stack up (./began up) and nothing else training.")
    static final class Trainer implements Callable<Integer> {

        @picocli.CommandLine.Mixin
        JsonReport json = new JsonReport();

        @Option(names = "--steps", description = "steps per run (default: ${DEFAULT-VALUE})", defaultValue = "200")
        int steps;

        @Option(names = "--warmup", description = "steps not timed (default: ${DEFAULT-VALUE})", defaultValue = "20")
        int warmup;

        @Option(
                names = "--rounds",
                description = "in-process/service pairs (default: ${DEFAULT-VALUE})",
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
                throw new UserError("the trainer of the local stack is not up: ./began up");
            }
            // the paper's defaults at 64 filters; metrics every 10 steps and a checkpoint every 50, as a real run
            RunConfig config = RunConfig.builder()
                    .dataset(dataset)
                    .imageSize(imageSize)
                    .n(64)
                    .h(64)
                    .batchSize(16)
                    .steps(steps)
                    .checkpointEvery(50)
                    .metricsEvery(10)
                    .seed(1L)
                    .build();
            TrainerOverhead.Report report = new TrainerOverhead(stack, System.out).run(config, warmup, rounds);
            System.out.printf("%-12s %10s %10s%n", "mode", "steps/s", "images/s");
            System.out.printf(
                    "%-12s %10.3f %10.1f%n", "in-process", report.inProcess(), report.inProcess() * config.batchSize());
            System.out.printf(
                    "%-12s %10.3f %10.1f%n", "service", report.service(), report.service() * config.batchSize());
            System.out.printf(
                    "service / in-process: %.4f (%.2f%% %s)%n",
                    report.ratio(), 100 * Math.abs(1 - report.ratio()), report.ratio() < 1 ? "slower" : "faster");
            json.write(report);
            return 0;
        }
    }

    /** {@code began bench stack}: training's speed on the local stack during the evaluator's scoring and outside it. */
    @Command(
            name = "stack",
            mixinStandardHelpOptions = true,
            description = "Training's steps/s on the local stack while the evaluator scores the run's checkpoints "
                    + "and while it does not, and the seconds per checkpoint at the evaluator's N; trains one run "
                    + "(the demo's: Fashion-MNIST 32×32, preset small-grey). Needs the local stack up "
                    + "(./began up) with its classifier READY, and nothing else training.")
    static final class Stack implements Callable<Integer> {

        @picocli.CommandLine.Mixin
        JsonReport json = new JsonReport();

        @Option(names = "--steps", description = "default: ${DEFAULT-VALUE}", defaultValue = "1000")
        int steps;

        @Option(names = "--checkpoint-every", description = "default: ${DEFAULT-VALUE}", defaultValue = "250")
        int checkpointEvery;

        @Option(names = "--preset", description = "default: ${DEFAULT-VALUE}", defaultValue = "small-grey")
        String preset;

        @Option(
                names = "--wait",
                defaultValue = "20m",
                description = "how long to wait for the evaluator's "
                        + "scores once training ends (default: ${DEFAULT-VALUE})")
        Duration wait;

        @Override
        public Integer call() throws Exception {
            LocalStack stack = LocalStack.existing();
            if (!stack.trainerUp()) {
                throw new UserError("the trainer of the local stack is not up: ./began up");
            }
            ObjectNode request = Events.json()
                    .createObjectNode()
                    .put("dataset", "fashion-mnist")
                    .put("imageSize", 32)
                    .put("steps", steps)
                    .put("checkpointEvery", checkpointEvery)
                    .put("metricsEvery", 10)
                    .put("seed", 1)
                    .put(Presets.KEY, preset);
            RunConfig config = Presets.resolve(request);
            String runId = "bench-stack-" + System.currentTimeMillis();
            TrainingBesideEvaluation.Report report =
                    new TrainingBesideEvaluation(stack, System.out).run(config, runId, wait);
            System.out.printf("%-10s %8s %10s %6s%n", "checkpoint", "N", "seconds", "");
            for (TrainingBesideEvaluation.Evaluation e : report.evaluations()) {
                System.out.printf("%-10d %8d %10.1f%n", e.step(), e.n(), e.seconds());
            }
            System.out.printf(
                    "training during an evaluation: %.3f steps/s over %.0f s%n",
                    report.stepsPerSecondDuring(), report.secondsDuring());
            System.out.printf(
                    "training outside evaluations:  %.3f steps/s over %.0f s%n",
                    report.stepsPerSecondOutside(), report.secondsOutside());
            System.out.printf(
                    "during / outside: %.2f; the evaluator's share of the %d cores during evaluations: "
                            + "%.0f%% (%.0f CPU seconds while training); the last score came %.0f s after training "
                            + "ended%n",
                    report.stepsPerSecondDuring() / report.stepsPerSecondOutside(),
                    Runtime.getRuntime().availableProcessors(),
                    100 * report.evaluatorShareDuring(),
                    report.evaluatorCpuSecondsWhileTraining(),
                    report.secondsAfterTraining());
            json.write(report);
            return 0;
        }
    }

    /** {@code began bench sampler}: latency and throughput of the sampler's grids, and its hot-swap time. */
    @Command(
            name = "sampler",
            mixinStandardHelpOptions = true,
            description = "Latency p50/p99 and images/s of 64-image grids from the sampler under 1, 4 and 16 "
                    + "concurrent clients at 32×32 and 64×64, and the time from a checkpoint event to the first "
                    + "answer from that checkpoint; needs the local stack up (./began up).")
    static final class Sampler implements Callable<Integer> {

        @picocli.CommandLine.Mixin
        JsonReport json = new JsonReport();

        @Option(names = "--sizes", split = ",", description = "image sizes (default: 32,64)", defaultValue = "32,64")
        int[] sizes;

        @Option(
                names = "--clients",
                split = ",",
                description = "concurrent clients (default: 1,4,16)",
                defaultValue = "1,4,16")
        int[] clients;

        @Option(
                names = "--requests",
                description = "grids per measurement (default: ${DEFAULT-VALUE})",
                defaultValue = "100")
        int requests;

        @Option(
                names = "--precision",
                description = "float32 or bfloat16: asked of every grid (?precision=); "
                        + "default: the sampler's began.sampler.precision")
        String precision;

        @Override
        public Integer call() throws Exception {
            LocalStack stack = LocalStack.existing();
            Precision asked = precision == null ? null : Precision.parse(precision);
            SamplerBenchmark.Report report =
                    new SamplerBenchmark(stack, System.out).run(sizes, clients, requests, asked);
            System.out.printf("%-10s %8s %9s %9s %9s%n", "imageSize", "clients", "p50 ms", "p99 ms", "images/s");
            for (SamplerBenchmark.Row r : report.rows()) {
                System.out.printf(
                        "%-10d %8d %9.1f %9.1f %9.0f%n",
                        r.imageSize(), r.clients(), r.p50Ms(), r.p99Ms(), r.imagesPerSecond());
            }
            report.swapMs()
                    .forEach((size, ms) -> System.out.printf(
                            "checkpoint event → first answer from it, %d×%d: %.0f ms%n", size, size, ms));
            json.write(report);
            return 0;
        }
    }

    /** {@code began bench evaluator}: what scoring a checkpoint costs, in this process. */
    @Command(
            name = "evaluator",
            mixinStandardHelpOptions = true,
            description = "Images/s through the feature extractor (the domain classifier, or Inception-v3 with "
                    + "--inception), and seconds for a checkpoint's IS + FID at N samples (generation, extraction, "
                    + "the math), on Fashion-MNIST 32×32.")
    static final class Evaluator implements Callable<Integer> {

        @Option(names = "--n", defaultValue = "10000", description = "samples scored, N (default: ${DEFAULT-VALUE})")
        int samples;

        /** The older name of --n, kept for a release. */
        @Option(names = "--samples", hidden = true)
        void olderSamples(int n) {
            samples = n;
        }

        @Option(
                names = "--classifier",
                description = "a trained classifier directory (default: "
                        + "classifiers/fashion-mnist-32x1 when present, else an untrained one: the same cost)")
        Path classifierDir;

        @Option(
                names = "--inception",
                paramLabel = "FILE",
                description = "an Inception-v3 TorchScript file (tools/inception_torchscript.py) to bench instead")
        Path inception;

        @picocli.CommandLine.Mixin
        JsonReport json = new JsonReport();

        @picocli.CommandLine.Mixin
        SamplePrecision precision = new SamplePrecision();

        @Override
        public Integer call() throws Exception {
            Precision generation = precision.precision();
            Device device = Devices.of("auto");
            try (FeatureExtractor extractor = extractor(device)) {
                EvaluatorBenchmark.Result r =
                        EvaluatorBenchmark.run(extractor, samples, generation, device, inception != null ? 32 : 500);
                System.out.printf("extractor: %.1f images/s%n", r.extractorImagesPerSecond());
                System.out.printf(
                        "IS + FID math on %d rows of %d features: %.2f s%n",
                        r.samples(), r.featureSize(), r.isAndFidMathSeconds());
                System.out.printf(
                        "one checkpoint at N = %d (generate in %s, extract, IS, FID): %.1f s%n",
                        samples, generation.configName(), r.checkpointSeconds());
                Map<String, Object> report = new LinkedHashMap<>();
                report.put("samples", samples);
                report.put("extractor", inception != null ? "inception-v3 " + inception : "domain classifier");
                report.put("extractorImagesPerSecond", r.extractorImagesPerSecond());
                report.put("isAndFidMathSeconds", r.isAndFidMathSeconds());
                report.put("checkpointSeconds", r.checkpointSeconds());
                report.put("generator", "64 filters, h 64, 32×32×1");
                report.put("generatorPrecision", generation.configName());
                json.write(report);
            }
            return 0;
        }

        private FeatureExtractor extractor(Device device) {
            if (inception != null) {
                return InceptionV3.load(inception, device);
            }
            Path dir = classifierDir != null ? classifierDir : Path.of("classifiers", "fashion-mnist-32x1");
            Path params = dir.resolve(DomainClassifier.PARAMS_FILE);
            return Files.exists(params)
                    ? DomainClassifier.load(params, 32, 1, 10, device)
                    : DomainClassifier.create(32, 1, 10, device, 1);
        }
    }
}
