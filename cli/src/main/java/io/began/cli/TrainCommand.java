package io.began.cli;

import ai.djl.Device;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.began.cli.options.DeviceOption;
import io.began.cli.options.RunIds;
import io.began.cli.stack.LocalEnv;
import io.began.cli.stack.LocalStack;
import io.began.cli.stack.RunWatcher;
import io.began.cli.stack.StackAddress;
import io.began.cli.stack.StackOptions;
import io.began.core.events.Events;
import io.began.core.events.RunId;
import io.began.core.run.RunConfig;
import io.began.core.train.LocalTraining;
import io.began.core.train.Presets;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code began train}: a BEGAN run in this process, files for output. Defaults are the paper's. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = {
            "Train BEGAN. On a stack, when one is named (--trainer-url, $BEGAN_TRAINER_URL) or the local "
                    + "stack is up (./began up), the run is submitted to its trainer and followed; otherwise (or with "
                    + "--local) it trains in this process and writes metrics.jsonl, checkpoints and sample grids under "
                    + "--out."
        })
class TrainCommand implements Callable<Integer> {

    @Option(
            names = "--dataset",
            description = "fashion-mnist | mnist | idx:FILE | cifar10:DIR | folder:DIR | "
                    + "celeba:DIR | PATH (default: ${DEFAULT-VALUE})",
            defaultValue = RunConfig.DEFAULT_DATASET)
    String dataset;

    @Option(names = "--image-size", description = "32, 64 or 128 (default: 32)")
    Integer imageSize;

    @Option(names = "--channels", description = "1 or 3 (default: the dataset's: 1 for the MNISTs, else 3)")
    Integer channels;

    @Option(names = "--filters", description = "n, filters of the first block (default: 64)")
    Integer filters;

    @Option(names = "--latent", description = "h = size of z and of the embedding (default: 64)")
    Integer latent;

    @Option(names = "--batch-size", description = "default: 16")
    Integer batchSize;

    @Option(names = "--gamma", description = "diversity ratio γ (default: 0.5)")
    Double gamma;

    @Option(names = "--lambda-k", description = "λ_k, the gain of k_t (default: 0.001)")
    Double lambdaK;

    @Option(names = "--eta", description = "η of L(v) = mean|v − D(v)|^η, 1 or 2 (default: 1)")
    Integer eta;

    @Option(names = "--lr", description = "initial learning rate (default: 8e-5)")
    Double lr;

    @Option(names = "--lr-floor", description = "lowest learning rate (default: 2e-5)")
    Double lrFloor;

    @Option(names = "--lr-stall-window", description = "steps per M_global window for stall detection (default: 1000)")
    Integer lrStallWindow;

    @Option(names = "--lr-stall-tolerance", description = "relative M_global improvement per window (default: 0.01)")
    Double lrStallTolerance;

    @Option(names = "--lr-halve-every", description = "halve lr every N steps instead of on stalls (default: 0 = off)")
    Integer lrHalveEvery;

    @Option(names = "--steps", description = "total steps (default: 10000)")
    Integer steps;

    @Option(names = "--checkpoint-every", description = "default: 500")
    Integer checkpointEvery;

    @Option(names = "--metrics-every", description = "default: 10")
    Integer metricsEvery;

    @Option(names = "--seed", description = "default: 1")
    Long seed;

    @Option(names = "--skip", description = "skip connections of §3.5.1")
    Boolean skip;

    @Option(names = "--shared-z", description = "one z for the D and G updates (as carpedm20) instead of two")
    Boolean sharedZ;

    // variants where implementations differ from the paper (defaults: the paper's)
    @Option(
            names = "--output-activation",
            description =
                    "none (the paper) or tanh after both decoders' last " + "convolution (znxlwm's PyTorch BEGAN)")
    String outputActivation;

    @Option(
            names = "--init",
            description = "glorot (uniform; default) or truncated-normal (σ 0.01, the authors' " + "layers)")
    String init;

    @Option(
            names = "--lr-g",
            description = "the generator's learning rate, halved with --lr, which is then D's "
                    + "(default: --lr; hwalsuklee's BEGAN uses 5× D's)")
    Double lrG;

    @Option(
            names = "--elu",
            description = "paper (an ELU after every convolution but the decoders' last; default) or "
                    + "authors (none after the encoder's first and down-sampling convolutions either)")
    String elu;

    @Option(
            names = "--ema-decay",
            description = "decay of G_ema, the moving average of G's weights kept beside G "
                    + "and saved in checkpoints (default: 0.999; 0 keeps none)")
    Double emaDecay;

    @Option(names = "--flip", description = "mirror each real image left to right with probability 1/2")
    Boolean flip;

    @Option(
            names = "--pull-away",
            description = "weight of EBGAN's pull-away term on the encoder's codes of G(z) in "
                    + "G's loss (default: 0 = off; EBGAN uses 0.1)")
    Double pullAway;

    @Option(
            names = "--preset",
            description = "start from a named preset (listed below); flags given explicitly "
                    + "override it (default: none, the paper's settings)")
    String preset;

    @Option(names = "--out", description = "run directory (default: runs/began-TIMESTAMP)")
    Path out;

    @Option(
            names = "--resume",
            paramLabel = "DIR",
            description = "continue the run in DIR from its last checkpoint, with its own config")
    Path resume;

    @picocli.CommandLine.Mixin
    DeviceOption device = new DeviceOption();

    @Option(names = "--local", description = "train in this process even when the local stack is up")
    boolean local;

    @Option(names = "--run-id", description = "id of a run submitted to the stack (default: began-TIMESTAMP)")
    String runId;

    @Option(names = "--detach", description = "submit to the stack and return without following the run")
    boolean detach;

    @picocli.CommandLine.Mixin
    StackOptions stack = new StackOptions();

    @Option(
            names = "--keep-checkpoints",
            description = "newest checkpoints kept on disk, 0 = all (default: " + "${DEFAULT-VALUE})",
            defaultValue = "3")
    int keepCheckpoints;

    @Override
    public Integer call() throws Exception {
        if (resume == null && !local) {
            StackAddress address = stack.resolve();
            if (address.origin() == StackAddress.Origin.GIVEN) {
                return submit(address); // a named stack that does not answer is an error, not a local run
            }
            if (address.origin() == StackAddress.Origin.LOCAL
                    && LocalStack.existing().trainerUp()) {
                return submit(address);
            }
        }
        Device d = device.device();
        LocalTraining.Result result;
        if (resume != null) {
            LocalTraining training = new LocalTraining(resume, d, keepCheckpoints);
            result = withStopOnShutdown(training, training::resume);
        } else {
            RunConfig config = config();
            Path dir = out != null ? out : Path.of("runs", RunIds.timestamped("began"));
            LocalTraining training = new LocalTraining(dir, d, keepCheckpoints);
            result = withStopOnShutdown(training, () -> training.start(config));
        }
        System.out.println("run directory: " + result.out().toAbsolutePath());
        System.out.println("steps:         " + result.step());
        if (result.last() != null) {
            System.out.printf(
                    "last metrics:  M_global %.4f  k_t %.5f  L(x) %.4f  L(G(z)) %.4f%n",
                    result.last().convergence(),
                    result.last().k(),
                    result.last().lossReal(),
                    result.last().lossGen());
        }
        if (result.latestSamples() != null) {
            System.out.println("samples:       " + result.latestSamples().toAbsolutePath());
        }
        return 0;
    }

    /** The run's config: the flags given, then the preset's keys, then the paper's defaults. */
    RunConfig config() throws JsonProcessingException {
        RunConfig config = Presets.resolve(explicit());
        if (preset != null) {
            System.out.println(
                    "preset " + preset + ": " + Presets.all().get(preset).settings() + " (flags given override it)");
        }
        return config;
    }

    /** The flags given, as the JSON keys of a run config (and "preset"); absent flags are absent keys. */
    ObjectNode explicit() {
        ObjectNode json = Events.json().createObjectNode();
        if (!RunConfig.DEFAULT_DATASET.equals(dataset)) {
            json.put("dataset", dataset);
        }
        putIf(json, "imageSize", imageSize);
        putIf(json, "channels", channels);
        putIf(json, "n", filters);
        putIf(json, "h", latent);
        putIf(json, "batchSize", batchSize);
        putIf(json, "gamma", gamma);
        putIf(json, "lambdaK", lambdaK);
        putIf(json, "eta", eta);
        putIf(json, "lr", lr);
        putIf(json, "lrFloor", lrFloor);
        putIf(json, "lrStallWindow", lrStallWindow);
        putIf(json, "lrStallTolerance", lrStallTolerance);
        putIf(json, "lrHalveEvery", lrHalveEvery);
        putIf(json, "steps", steps);
        putIf(json, "checkpointEvery", checkpointEvery);
        putIf(json, "metricsEvery", metricsEvery);
        putIf(json, "seed", seed);
        putIf(json, "skip", skip);
        putIf(json, "sharedZ", sharedZ);
        putIf(json, "outputActivation", outputActivation);
        putIf(json, "init", init);
        putIf(json, "lrG", lrG);
        putIf(json, "elu", elu);
        putIf(json, "emaDecay", emaDecay);
        putIf(json, "flip", flip);
        putIf(json, "pullAway", pullAway);
        putIf(json, Presets.KEY, preset);
        return json;
    }

    private static void putIf(ObjectNode json, String key, Object value) {
        if (value != null) {
            json.set(key, Events.json().valueToTree(value));
        }
    }

    /** For the help's footer: each preset, what it is for and the flags it sets, wrapped to the help's width. */
    static String presetHelp() {
        StringBuilder help = new StringBuilder("%nPresets (--preset NAME; flags given explicitly override them):%n");
        for (Presets.Preset p : Presets.all().values()) {
            List<String> flags = new ArrayList<>();
            p.settings()
                    .fields()
                    .forEachRemaining(e -> flags.add(flag(e.getKey()) + " "
                            + (e.getValue().isNumber()
                                    ? BigDecimal.valueOf(e.getValue().asDouble())
                                            .stripTrailingZeros()
                                            .toPlainString()
                                    : e.getValue().asText())));
            wrap(help, String.format("  %-10s", p.name()), p.purpose());
            wrap(
                    help,
                    " ".repeat(13),
                    flags.isEmpty() ? "sets nothing: the defaults" : "sets " + String.join(" ", flags));
        }
        return help.toString().replace("%", "%%").replace("%%n", "%n");
    }

    /** The train flag of a run config key: n → --filters, h → --latent, lambdaK → --lambda-k. */
    static String flag(String key) {
        return switch (key) {
            case "n" -> "--filters";
            case "h" -> "--latent";
            default -> "--" + key.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
        };
    }

    private static void wrap(StringBuilder help, String first, String text) {
        StringBuilder line = new StringBuilder(first);
        for (String word : text.split(" ")) {
            if (line.length() + 1 + word.length() > 78 && line.length() > 14) {
                help.append(line).append("%n");
                line = new StringBuilder(" ".repeat(13));
            }
            line.append(line.toString().isBlank() ? "" : " ").append(word);
        }
        help.append(line).append("%n");
    }

    /**
     * The run goes to the stack's trainer and is followed: on the local stack from the topics, as any subscriber
     * could; on another stack, whose Kafka this machine may not reach, through the trainer's API.
     */
    int submit(StackAddress address) throws Exception {
        RunConfig config = config();
        String id = runId != null ? runId : RunIds.timestamped("began");
        RunId.require(id);
        address.trainerClient().submit(id, config);
        boolean localStack = address.origin() == StackAddress.Origin.LOCAL;
        System.out.println("submitted run " + id + " to the trainer" + (localStack ? " of the local stack" : "") + " ("
                + address.trainer() + ")");
        System.out.println("  run:        ./began runs show " + id);
        System.out.println("  samples:    ./began samples " + id + " --out " + id + ".png   (" + address.sampler()
                + "/api/runs/" + id + "/samples.png)");
        System.out.println("  dashboard:  " + address.evaluator() + "/");
        if (localStack) {
            System.out.println(
                    "  metrics:    kcat -b " + LocalStack.existing().env().get(LocalEnv.KAFKA)
                            + " -C -t began.metrics -f '%k %s\\n' | grep '^" + id + " '");
        }
        System.out.println("  stop:       ./began stop " + id);
        if (detach) {
            System.out.println("  follow:     ./began watch " + id);
            return 0;
        }
        System.out.println("following it (Ctrl-C stops watching, not the run; ./began watch " + id + " again):");
        RunWatcher watcher = new RunWatcher(
                localStack ? LocalStack.existing().env().get(LocalEnv.KAFKA) : null,
                id,
                config.steps(),
                System.out,
                System.console() != null);
        String state = watcher.follow(address.trainerClient());
        return state.equals("FAILED") ? 1 : 0;
    }

    /**
     * Ctrl-C (SIGINT/SIGTERM) checkpoints the current step before exiting; kill -9 resumes from the last one.
     * The hook is removed once the run returns, so it never holds up an exit after training.
     */
    private static LocalTraining.Result withStopOnShutdown(LocalTraining training, Supplier<LocalTraining.Result> run) {
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    training.requestStop();
                    try {
                        done.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "began-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return run.get();
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already exiting through the hook
            }
        }
    }
}
